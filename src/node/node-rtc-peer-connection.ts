import { PeerConnection } from "node-datachannel";
import { RTCPeerConnection } from "node-datachannel/polyfill";

let count = 0;

/**
 * node-datachannel's `RTCPeerConnection` polyfill, made to negotiate only when asked, as a browser does.
 *
 * Why: the polyfill leaves libdatachannel's auto-negotiation on, so `createDataChannel()` at once makes a local
 * offer and moves the connection to "connecting". That breaks the Godot flow this library implements (channels
 * are created in STATE_NEW, then `create_offer()`), and on the answering side a negotiated channel would start
 * an offer of its own that collides with the remote one. Here libdatachannel runs with `disableAutoNegotiation`
 * and the offer or answer is made when `createOffer()` / `createAnswer()` is called. libdatachannel applies a
 * description the moment it makes it, so `setLocalDescription()` has nothing left to do (as in Godot's native
 * plugin, where `set_local_description` is a no-op too).
 */
export class NodeRTCPeerConnection extends RTCPeerConnection {
  readonly #native: PeerConnection;

  /** @param configuration a browser `RTCConfiguration` (`iceServers`, `iceTransportPolicy`, …). */
  constructor(configuration: RTCConfiguration = {}) {
    const native = new PeerConnection(`godot-webrtc-shim-${++count}`, {
      ...(configuration as object),
      iceServers: toLibDataChannelServers(configuration.iceServers ?? []),
      disableAutoNegotiation: true,
    });
    super({ ...configuration, peerConnection: native });
    this.#native = native;
  }

  /** Makes the local offer (libdatachannel applies it at once) and resolves with it. */
  override createOffer(): Promise<RTCSessionDescriptionInit> {
    this.#native.setLocalDescription("offer");
    return super.createOffer() as Promise<RTCSessionDescriptionInit>;
  }

  /** Makes the local answer to the remote offer (libdatachannel applies it at once) and resolves with it. */
  override createAnswer(): Promise<RTCSessionDescriptionInit> {
    this.#native.setLocalDescription("answer");
    return super.createAnswer() as Promise<RTCSessionDescriptionInit>;
  }

  /** Nothing to do: `createOffer()` / `createAnswer()` already applied the description. */
  override async setLocalDescription(): Promise<void> {}

  /**
   * The polyfill's report, with the candidate pair's round-trip times in seconds as the W3C stats say: node-datachannel
   * 0.33 passes libdatachannel's milliseconds through, so `get_stats()` read a 3 ms loopback RTT as 3000 ms.
   */
  override async getStats(): Promise<RTCStatsReport> {
    const report = (await super.getStats()) as unknown as Map<string, Record<string, unknown>>;
    for (const entry of report.values()) {
      if (entry.type !== "candidate-pair") continue;
      for (const key of ["currentRoundTripTime", "totalRoundTripTime"]) if (typeof entry[key] === "number") entry[key] = (entry[key] as number) / 1000;
    }
    return report as unknown as RTCStatsReport;
  }

  /**
   * `null` until a remote description is set, as in browsers. The polyfill returns an empty description instead,
   * which made `add_ice_candidate` hand candidates to libdatachannel before the remote description rather than
   * hold them, and libdatachannel refuses those ("Got a remote candidate without …"): candidates were lost.
   */
  override get remoteDescription(): RTCSessionDescription {
    return (this.#native.remoteDescription() === null ? null : super.remoteDescription) as RTCSessionDescription;
  }
}

/** Browser ICE servers → libdatachannel's URL strings, with TURN credentials inside the URL (as the polyfill does). */
function toLibDataChannelServers(servers: readonly RTCIceServer[]): string[] {
  return servers.flatMap((server) => {
    const urls = Array.isArray(server.urls) ? server.urls : [server.urls];
    if (!server.username || typeof server.credential !== "string") return urls;
    return urls.map((url) => {
      const [scheme, rest] = url.split(/:(.*)/);
      return `${scheme}:${server.username}:${server.credential}@${rest}`;
    });
  });
}
