import { ConnectionState, ConnectionStatus } from "../godot/enums";
import { GodotError } from "../godot/godot-error";
import { MAX_PEER_ID, MAX_UNSIGNED_SHORT } from "../godot/limits";
import { isIntegerIn } from "../internal/checks";
import { fail } from "../internal/log";
import type { WebRTCPeerConnection } from "../peer-connection/webrtc-peer-connection";
import { ChannelLayout } from "./channel-layout";
import { isPeerConnection } from "./peer-entry";

/** What `create_*` made of a `WebRTCMultiplayerPeer`; "none" before it and after `close()`. */
export type NetworkMode = "none" | "server" | "client" | "mesh";

/**
 * Whether `add_peer(peer, peerId, unreliableLifetime)` may go ahead in `mode`: `OK`, or the code it returns
 * (logged) — see `WebRTCMultiplayerPeer.add_peer`.
 */
export function checkAddPeer(mode: NetworkMode, refusing: boolean, peer: WebRTCPeerConnection, peerId: number, unreliableLifetime: number): GodotError {
  const where = "add_peer";
  if (mode === "none") return fail(GodotError.ERR_UNCONFIGURED, where, "call create_server, create_client or create_mesh first");
  if (mode === "client" && peerId !== 1) return fail(GodotError.ERR_INVALID_PARAMETER, where, "a client can only add the server (peer 1)");
  if (mode === "server" && peerId === 1) return fail(GodotError.ERR_INVALID_PARAMETER, where, "a server cannot add peer 1 (that is itself)");
  if (!isIntegerIn(peerId, 1, MAX_PEER_ID)) return fail(GodotError.ERR_INVALID_PARAMETER, where, `peer_id must be an integer in 1…${MAX_PEER_ID}`);
  if (!isIntegerIn(unreliableLifetime, 0, MAX_UNSIGNED_SHORT)) {
    return fail(GodotError.ERR_INVALID_PARAMETER, where, `unreliable_lifetime must be an integer in 0…${MAX_UNSIGNED_SHORT} (milliseconds)`);
  }
  if (refusing) return fail(GodotError.ERR_UNAUTHORIZED, where, "refusing new connections");
  if (!isPeerConnection(peer)) return fail(GodotError.ERR_INVALID_PARAMETER, where, "peer must be a WebRTCPeerConnection");
  if (peer.get_connection_state() !== ConnectionState.STATE_NEW) {
    return fail(GodotError.ERR_INVALID_PARAMETER, where, "the connection must be in STATE_NEW (add it before create_offer or set_remote_description)");
  }
  return GodotError.OK;
}

/**
 * What `create_server` / `create_client` / `create_mesh` set up and `close()` undoes: the mode, this peer's id,
 * the connection status and the channel layout every added peer gets.
 */
export class NetworkSetup {
  /** "none" before `create_*` and after `close()`. */
  mode: NetworkMode = "none";
  /** This peer's id; 0 while "none". */
  uniqueId = 0;
  /** What `get_connection_status()` reads. */
  status: ConnectionStatus = ConnectionStatus.CONNECTION_DISCONNECTED;
  /** The channels each added peer gets. */
  layout = ChannelLayout.empty();

  /** `create_*` as `where`: checks `id` and `channelsConfig`, then takes them; a refusal (logged) changes nothing. */
  start(where: string, mode: Exclude<NetworkMode, "none">, id: number, channelsConfig: unknown): GodotError {
    if (!isIntegerIn(id, 1, MAX_PEER_ID)) return fail(GodotError.ERR_INVALID_PARAMETER, where, `the id must be an integer in ${mode === "client" ? 2 : 1}…${MAX_PEER_ID}`);
    const layout = ChannelLayout.parse(channelsConfig);
    if ("error" in layout) return fail(GodotError.ERR_INVALID_PARAMETER, where, layout.error);
    this.layout = layout;
    this.uniqueId = id;
    this.mode = mode;
    this.status = mode === "client" ? ConnectionStatus.CONNECTION_CONNECTING : ConnectionStatus.CONNECTION_CONNECTED;
    return GodotError.OK;
  }

  /** Back to the state before `create_*`. */
  reset(): void {
    this.layout = ChannelLayout.empty();
    this.uniqueId = 0;
    this.mode = "none";
    this.status = ConnectionStatus.CONNECTION_DISCONNECTED;
  }

  /** Whether the peer is active (`create_*` called, and a client has not lost its server). */
  get active(): boolean {
    return this.status !== ConnectionStatus.CONNECTION_DISCONNECTED;
  }
}
