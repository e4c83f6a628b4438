import { ConnectionStatus } from "../godot/enums";
import { GodotError } from "../godot/godot-error";
import { GodotObject, signalsOf } from "../internal/godot-object";
import { describe, fail, logError } from "../internal/log";
import { WebRTCMultiplayerPeer } from "../multiplayer/webrtc-multiplayer-peer";
import { LobbyConnection } from "./lobby-connection";
import { LobbyPeers } from "./lobby-peers";
import { CloseCode, CloseReason, MessageType } from "./protocol";
import { resolveClientOptions, type ResolvedClientOptions, type SignalingClientOptions } from "./signaling-client-options";

export type { SignalingClientOptions } from "./signaling-client-options";

/** The signals of `SignalingClient` and their arguments (those of Godot's demo client). */
export type SignalingClientSignals = {
  /** The server confirmed the lobby: its name, to share with the other players (a new lobby's name is made up by the server). */
  lobby_joined: [lobby: string];
  /** The server gave us our peer id; `multiplayer_peer` is now set up as a mesh (`use_mesh`), server (id 1) or client. */
  connected: [id: number, use_mesh: boolean];
  /**
   * The connection to the signaling server ended (not emitted after `stop()`): the server's close code and
   * reason (4000 and Godot's reason on a protocol error, 1000 "Seal complete" after a seal), or 1006 with a
   * reason saying whether the server could not be reached, the connection was lost or JOIN went unanswered.
   */
  disconnected: [code: number, reason: string];
  /** The host sealed the lobby: nobody else can join, and the server will close our socket soon; the peers stay. */
  lobby_sealed: [];
  /** Extension: after `disconnected`, a reconnection resumed our session: the same id in the same lobby. */
  reconnected: [id: number];
};

/**
 * The lobby client of Godot's `webrtc_signaling` demo (`ws_webrtc_client.gd` + `multiplayer_client.gd`), for web
 * games: connects to a signaling server, creates or joins a lobby, and sets up `multiplayer_peer` (a
 * `WebRTCMultiplayerPeer`) from what the server says: `create_mesh` / `create_server` / `create_client` on ID,
 * one `WebRTCPeerConnection` per announced peer (the higher id makes the offer), offers, answers and candidates
 * relayed through the server, `remove_peer` when a peer leaves. Call `poll()` every frame: it emits this
 * client's signals, sets up newly announced peers (a few per frame) and polls `multiplayer_peer` (which emits
 * `peer_connected` / `peer_disconnected`).
 *
 * When the signaling socket drops, the established peers keep playing (`keep_peers`) and `disconnected(code,
 * reason)` is emitted. On our server (which hands out a resume token at join) the client then reconnects with
 * backoff and resumes the same id in the same lobby, emitting `reconnected(id)`; new players can join again and
 * recovery signaling flows. If that fails (or the server is Godot's, which has no resume) a second
 * `disconnected` says why and the peers stay until they leave; `start()` joins again as a new peer.
 */
export class SignalingClient extends GodotObject<SignalingClientSignals> {
  readonly #signals = signalsOf<SignalingClientSignals>(this);

  /** `(lobby)`: the server confirmed the lobby and its name. */
  readonly lobby_joined = this.#signals.signal("lobby_joined");
  /** `(id, use_mesh)`: we have an id and `multiplayer_peer` is set up. */
  readonly connected = this.#signals.signal("connected");
  /** `(code, reason)`: the server connection ended (not after `stop()`). */
  readonly disconnected = this.#signals.signal("disconnected");
  /** `()`: the host sealed the lobby. */
  readonly lobby_sealed = this.#signals.signal("lobby_sealed");
  /** `(id)`: extension; the session was resumed after `disconnected`. */
  readonly reconnected = this.#signals.signal("reconnected");

  /** The multiplayer peer this client sets up; hand it to your game. The same object for the client's lifetime. */
  readonly multiplayer_peer = new WebRTCMultiplayerPeer();

  readonly #lobby: LobbyConnection;
  readonly #peers: LobbyPeers;

  constructor(options: SignalingClientOptions = {}) {
    super();
    let resolved: ResolvedClientOptions;
    try {
      resolved = resolveClientOptions(options ?? {});
    } catch (error) {
      logError("SignalingClient", `options could not be read (${describe(error)}); using the defaults`);
      resolved = resolveClientOptions({});
    }
    this.#peers = new LobbyPeers(this.multiplayer_peer, resolved, (type, id, data) => this.#lobby.send(type, id, data), () => this.#lobby.canSend);
    const peers = this.#peers;
    this.#lobby = new LobbyConnection(resolved, {
      identified: (id, mesh) => {
        if (!peers.begin(id, mesh)) return false;
        this.#signals.enqueue("connected", id, mesh);
        return true;
      },
      lobbyJoined: (lobby) => this.#signals.enqueue("lobby_joined", lobby),
      sealed: () => this.#signals.enqueue("lobby_sealed"),
      peerConnected: (id) => peers.announce(id),
      peerDisconnected: (id) => peers.leave(id),
      description: (id, type, sdp) => peers.description(id, type, sdp),
      candidate: (id, media, index, name) => peers.candidate(id, media, index, name),
      lost: (code, reason, resuming) => {
        const hostLeft = code === CloseCode.PROTOCOL_ERROR && reason === CloseReason.HOST_DISCONNECTED;
        peers.end(this.#lobby.sealed || resuming || (resolved.keepPeers && (!hostLeft || resolved.keepMeshWhenHostLeaves)));
        // The server said the host left: it is gone for good, whatever its connection still reads.
        if (hostLeft) peers.leave(1);
        this.#signals.enqueue("disconnected", code, reason);
      },
      resumed: (id) => this.#signals.enqueue("reconnected", id),
      gaveUp: (code, reason) => {
        if (!resolved.keepPeers) peers.end(false);
        this.#signals.enqueue("disconnected", code, reason);
      },
    });
  }

  /**
   * Connects to `url` (ws:// or wss://) and, once connected, joins `lobby` (or creates one when it is "") as a
   * mesh (`mesh`) or client/server lobby; `mesh` only matters when creating. Stops any previous session first.
   * Bad arguments → `ERR_INVALID_PARAMETER`; no WebSocket class or the browser refusing the URL →
   * `ERR_CANT_CONNECT`. Connection failures after that arrive as `disconnected`.
   */
  start(url: string, lobby = "", mesh = true): GodotError {
    if (typeof url !== "string" || !/^wss?:\/\//i.test(url)) return fail(GodotError.ERR_INVALID_PARAMETER, "start", "url must start with ws:// or wss://");
    if (typeof lobby !== "string") return fail(GodotError.ERR_INVALID_PARAMETER, "start", "lobby must be a string");
    if (typeof mesh !== "boolean") return fail(GodotError.ERR_INVALID_PARAMETER, "start", "mesh must be a boolean");
    this.stop();
    return this.#lobby.open(url, lobby, mesh);
  }

  /**
   * Leaves: closes the server connection and `multiplayer_peer` (every peer connection), and drops signals not
   * yet emitted. Emits nothing. Safe to call at any time.
   */
  stop(): void {
    this.#lobby.close();
    this.#peers.end(false);
    this.#signals.dropQueued();
  }

  /**
   * Asks the server to seal the lobby (host only): nobody else can join and every socket is closed after the
   * server's seal timeout, while the peer connections stay. Not in a lobby → `ERR_UNCONFIGURED`; not the host →
   * `ERR_UNAUTHORIZED` (the server would disconnect us).
   */
  seal_lobby(): GodotError {
    const id = this.#lobby.id;
    if (id === 0) return fail(GodotError.ERR_UNCONFIGURED, "seal_lobby", "not in a lobby yet");
    if (id !== 1) return fail(GodotError.ERR_UNAUTHORIZED, "seal_lobby", "only the host (id 1) can seal the lobby");
    return this.#lobby.send(MessageType.SEAL, 0, "");
  }

  /**
   * Emits this client's queued signals, gives up on a server that has not answered JOIN within `join_timeout`,
   * sets up a few newly announced peers, gives up on peers past `peer_connect_timeout`, then polls
   * `multiplayer_peer`. `OK`.
   */
  poll(): GodotError {
    this.#signals.emitQueued();
    const now = performance.now();
    this.#lobby.tick(now);
    this.#peers.poll(now);
    this.multiplayer_peer.poll();
    return GodotError.OK;
  }

  /** The lobby name: the one asked for, then the one the server confirmed. */
  get_lobby(): string {
    return this.#lobby.lobby;
  }

  /** Our peer id in the lobby (1 for the host), or 0 before the server gave one. */
  get_unique_id(): number {
    return this.#lobby.id;
  }

  /** Whether the lobby is a mesh (known once the server gave our id; before that, what `start()` asked for). */
  is_mesh(): boolean {
    return this.#lobby.mesh;
  }

  /** Whether the host sealed the lobby. */
  is_sealed(): boolean {
    return this.#lobby.sealed;
  }

  /** The server connection: disconnected, connecting (socket opening, waiting for our id, or reconnecting), or connected (in a lobby). */
  get_connection_status(): ConnectionStatus {
    if (!this.#lobby.active) return ConnectionStatus.CONNECTION_DISCONNECTED;
    return this.#lobby.inLobby ? ConnectionStatus.CONNECTION_CONNECTED : ConnectionStatus.CONNECTION_CONNECTING;
  }
}
