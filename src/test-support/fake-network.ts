// A tiny "browser + network" over the fakes of fake-rtc.ts: it settles the fakes' pending calls the way a browser
// would (checking signaling states, refusing malformed SDP and candidate lines), gathers one host candidate
// after a local description, connects two fakes whose offer and answer name each other, pairs their channels and
// carries messages between them in order. Tests decide when each of these happens (`settleCalls`, `connectReady`,
// `deliver`, `propagateCloses`), so a model-based test can interleave them with API calls at random.
import { FakeRTCDataChannel, FakeRTCPeerConnection } from "./fake-rtc";

/** A message on its way to `to`. */
interface InFlight {
  readonly to: FakeRTCDataChannel;
  readonly data: string | ArrayBuffer;
}

/** The host candidate every fake gathers; `add_ice_candidate` with it is accepted. */
export const FAKE_CANDIDATE = "candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host";
const CANDIDATE_LINE = /^candidate:\S+ \d+ (udp|tcp) \d+ \S+ \d+ typ (host|srflx|prflx|relay)\b/;
const FAKE_SDP = /^v=0 fake-(offer|answer) from=(\d+)$/;
const MAX_MESSAGE_SIZE = 256 * 1024;

function domError(name: string, message: string): DOMException {
  return new DOMException(message, name);
}

/** Connects fakes made since the last `FakeRTCPeerConnection.reset()`; make one per test. */
export class FakeNetwork {
  /** Messages sent and not delivered yet, oldest first. */
  readonly inFlight: InFlight[] = [];
  readonly #gathered = new WeakSet<FakeRTCPeerConnection>();
  readonly #candidates = new WeakMap<FakeRTCPeerConnection, number>();
  readonly #linked = new WeakMap<FakeRTCPeerConnection, FakeRTCPeerConnection>();
  readonly #partner = new WeakMap<FakeRTCDataChannel, FakeRTCDataChannel>();

  /** The SDP a fake's createOffer / createAnswer produce: it names its maker, so the network knows who talks to whom. */
  static sdp(type: "offer" | "answer", pc: FakeRTCPeerConnection): string {
    return `v=0 fake-${type} from=${FakeRTCPeerConnection.instances.indexOf(pc)}`;
  }

  /** The fake that made `sdp`, or null when it is not one of ours. */
  static maker(sdp: unknown): FakeRTCPeerConnection | null {
    const match = typeof sdp === "string" ? FAKE_SDP.exec(sdp) : null;
    return match ? FakeRTCPeerConnection.instances[Number(match[2])] ?? null : null;
  }

  /** The other end of a connected channel, if any. */
  partnerOf(channel: FakeRTCDataChannel): FakeRTCDataChannel | null {
    return this.#partner.get(channel) ?? null;
  }

  /** The fake `pc` is connected to, if any. */
  linkOf(pc: FakeRTCPeerConnection): FakeRTCPeerConnection | null {
    return this.#linked.get(pc) ?? null;
  }

  /** Settles every pending call of every fake, as the browser would; returns how many it settled. */
  settleCalls(): number {
    let settled = 0;
    for (const pc of FakeRTCPeerConnection.instances) {
      while (pc.pending.length > 0) {
        this.#settle(pc, pc.pending[0]!.method);
        settled++;
      }
    }
    return settled;
  }

  /** Connects every two fakes whose descriptions and candidates name each other; returns how many pairs it linked. */
  connectReady(): number {
    let linked = 0;
    for (const a of FakeRTCPeerConnection.instances) {
      const b = FakeNetwork.maker(a.remoteDescription?.sdp);
      if (b === null || b === a || this.#linked.has(a) || this.#linked.has(b) || !this.#ready(a, b) || !this.#ready(b, a)) continue;
      this.#link(a, b);
      linked++;
    }
    return linked;
  }

  /** Delivers up to `count` messages in order; those whose channel is no longer open are lost. */
  deliver(count = Infinity): number {
    let delivered = 0;
    while (delivered < count && this.inFlight.length > 0) {
      const { to, data } = this.inFlight.shift()!;
      delivered++;
      if (to.readyState === "open") to.receive(data);
    }
    return delivered;
  }

  /**
   * What the far side notices of closes: a channel closed locally finishes closing on both ends (after the
   * messages already sent to it), and a closed connection closes its partner's channels and leaves the partner
   * `disconnected`.
   */
  propagateCloses(): void {
    for (const pc of FakeRTCPeerConnection.instances) {
      for (const channel of pc.channels) {
        if (channel.readyState === "closing") this.closeChannel(channel);
      }
      const other = this.#linked.get(pc);
      if (pc.closed && other !== undefined && !other.closed && other.connectionState !== "disconnected") {
        this.deliver();
        for (const channel of other.channels) if (channel.readyState !== "closed") channel.remoteClose();
        other.setStates({ connectionState: "disconnected", iceConnectionState: "disconnected" });
      }
    }
  }

  /** Closes `channel` and its partner, each firing `close` (what either side closing looks like). */
  closeChannel(channel: FakeRTCDataChannel): void {
    this.deliver();
    const partner = this.#partner.get(channel);
    for (const end of [channel, partner]) if (end !== undefined && end.readyState !== "closed") end.remoteClose();
  }

  #ready(pc: FakeRTCPeerConnection, other: FakeRTCPeerConnection): boolean {
    return !pc.closed && pc.signalingState === "stable" && pc.localDescription !== null &&
      FakeNetwork.maker(pc.remoteDescription?.sdp) === other && (this.#candidates.get(pc) ?? 0) > 0;
  }

  #link(a: FakeRTCPeerConnection, b: FakeRTCPeerConnection): void {
    this.#linked.set(a, b);
    this.#linked.set(b, a);
    for (const pc of [a, b]) pc.setStates({ connectionState: "connecting", iceConnectionState: "checking" });
    const pairs: [FakeRTCDataChannel, FakeRTCDataChannel][] = [];
    for (const [from, to] of [[a, b], [b, a]] as const) {
      for (const channel of [...from.channels]) {
        if (this.#partner.has(channel)) continue;
        if (channel.negotiated) {
          const twin = to.channels.find((c) => c.negotiated && c.id === channel.id && !this.#partner.has(c));
          if (twin !== undefined) pairs.push(this.#pair(channel, twin));
        } else {
          const init: RTCDataChannelInit = { ordered: channel.ordered, protocol: channel.protocol };
          if (channel.maxRetransmits !== null) init.maxRetransmits = channel.maxRetransmits;
          if (channel.maxPacketLifeTime !== null) init.maxPacketLifeTime = channel.maxPacketLifeTime;
          const remote = to.fireDataChannel(channel.label, init);
          pairs.push(this.#pair(channel, remote));
        }
      }
    }
    for (const pc of [a, b]) {
      pc.sctp = { maxMessageSize: MAX_MESSAGE_SIZE };
      pc.setStates({ connectionState: "connected", iceConnectionState: "connected" });
    }
    for (const [x, y] of pairs) for (const end of [x, y]) if (end.readyState === "connecting") end.open();
  }

  #pair(x: FakeRTCDataChannel, y: FakeRTCDataChannel): [FakeRTCDataChannel, FakeRTCDataChannel] {
    this.#partner.set(x, y);
    this.#partner.set(y, x);
    for (const [from, to] of [[x, y], [y, x]] as const) {
      // The browser copies what it sends; the receiver gets an ArrayBuffer (binaryType "arraybuffer") or a string.
      from.onSend = (data) => this.inFlight.push({ to, data: typeof data === "string" ? data : copy(data) });
    }
    return [x, y];
  }

  #settle(pc: FakeRTCPeerConnection, method: string): void {
    const args = pc.pending[0]!.args;
    if (pc.closed) return pc.reject(method, domError("InvalidStateError", "The RTCPeerConnection is closed"));
    const description = args[0] as RTCSessionDescriptionInit | undefined;
    const state = pc.signalingState;
    switch (method) {
      case "createOffer":
        return pc.resolve(method, { type: "offer", sdp: FakeNetwork.sdp("offer", pc) });
      case "createAnswer":
        if (state !== "have-remote-offer") return pc.reject(method, domError("InvalidStateError", `createAnswer in ${String(state)}`));
        return pc.resolve(method, { type: "answer", sdp: FakeNetwork.sdp("answer", pc) });
      case "setLocalDescription":
      case "setRemoteDescription": {
        const local = method === "setLocalDescription";
        const next = nextSignalingState(local, description?.type, String(state));
        const maker = FakeNetwork.maker(description?.sdp);
        if (description?.type !== "rollback" && (maker === null || (maker === pc) !== local)) {
          return pc.reject(method, domError("OperationError", `${method}: SDP not usable here: ${String(description?.sdp).slice(0, 40)}`));
        }
        const kind = FAKE_SDP.exec(String(description?.sdp))?.[1];
        if ((description?.type === "offer" || description?.type === "answer") && kind !== description.type) {
          return pc.reject(method, domError("OperationError", `${method}: an ${String(kind)} SDP given as type ${description.type}`));
        }
        if (next === null) return pc.reject(method, domError("InvalidStateError", `${method}(${String(description?.type)}) in ${String(state)}`));
        if (description?.type === "rollback") {
          pc.pending.shift()!.resolve();
          if (local) pc.localDescription = null;
          else pc.remoteDescription = null;
        } else pc.resolve(method);
        pc.setStates({ signalingState: next });
        if (local) this.#gather(pc);
        return;
      }
      case "addIceCandidate": {
        const candidate = (args[0] as RTCIceCandidateInit | undefined)?.candidate ?? "";
        if (pc.remoteDescription === null) return pc.reject(method, domError("InvalidStateError", "addIceCandidate before the remote description"));
        if (candidate !== "" && !CANDIDATE_LINE.test(candidate)) return pc.reject(method, domError("OperationError", `bad candidate: ${candidate.slice(0, 40)}`));
        this.#candidates.set(pc, (this.#candidates.get(pc) ?? 0) + (candidate === "" ? 0 : 1));
        return pc.resolve(method);
      }
      default:
        return pc.reject(method, domError("NotSupportedError", method));
    }
  }

  /** One host candidate, then the end-of-candidates marker, after the first local description. */
  #gather(pc: FakeRTCPeerConnection): void {
    if (this.#gathered.has(pc)) return;
    this.#gathered.add(pc);
    pc.setStates({ iceGatheringState: "gathering" });
    pc.fireIceCandidate({ candidate: FAKE_CANDIDATE, sdpMid: "0", sdpMLineIndex: 0 });
    pc.setStates({ iceGatheringState: "complete" });
    pc.fireIceCandidate(null);
  }
}

/** The signaling state after applying a description of `type`, or null when the browser would refuse it (W3C JSEP table). */
function nextSignalingState(local: boolean, type: unknown, state: string): RTCSignalingState | null {
  const table: Record<string, Record<string, RTCSignalingState>> = local
    ? {
        offer: { stable: "have-local-offer", "have-local-offer": "have-local-offer" },
        answer: { "have-remote-offer": "stable", "have-local-pranswer": "stable" },
        pranswer: { "have-remote-offer": "have-local-pranswer", "have-local-pranswer": "have-local-pranswer" },
        rollback: { "have-local-offer": "stable" },
      }
    : {
        offer: { stable: "have-remote-offer", "have-remote-offer": "have-remote-offer" },
        answer: { "have-local-offer": "stable", "have-remote-pranswer": "stable" },
        pranswer: { "have-local-offer": "have-remote-pranswer", "have-remote-pranswer": "have-remote-pranswer" },
        rollback: { "have-remote-offer": "stable" },
      };
  return table[String(type)]?.[state] ?? null;
}

function copy(data: unknown): ArrayBuffer {
  if (data instanceof ArrayBuffer) return data.slice(0);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice().buffer;
  throw new TypeError(`the fake network cannot carry ${Object.prototype.toString.call(data)}`);
}
