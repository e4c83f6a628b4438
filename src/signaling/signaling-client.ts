import { ConnectionStatus } from "../godot/enums";
import { GodotError } from "../godot/godot-error";
import { GodotObject } from "../internal/godot-object";
import { ListenerBag, type ListenerTarget } from "../internal/listener-bag";
import { describe, fail, logError, logWarning } from "../internal/log";
import { WebRTCMultiplayerPeer } from "../multiplayer/webrtc-multiplayer-peer";
import type { PeerConfiguration } from "../peer-connection/configuration";
import { WebRTCPeerConnection } from "../peer-connection/webrtc-peer-connection";
import { CloseCode, decodeCandidate, decodeMessage, encodeCandidate, encodeMessage, MessageType, type SignalingMessage } from "./protocol";
import { SOCKET_OPEN, type SignalingSocket, type SignalingSocketConstructor } from "./signaling-socket";

/** The signals of `SignalingClient` and their arguments (those of Godot's demo client). */
export type SignalingClientSignals = {
  /** The server confirmed the lobby: its name, to share with the other players (a new lobby's name is made up by the server). */
  lobby_joined: [lobby: string];
  /** The server gave us our peer id; `multiplayer_peer` is now set up as a mesh (`use_mesh`), server (id 1) or client. */
  connected: [id: number, use_mesh: boolean];
  /**
   * The connection to the signaling server ended (not emitted after `stop()`): the server's close code and
   * reason (4000 and Godot's reason on a protocol error, 1000 "Seal complete" after a seal), or 1006 with a
   * reason saying whether the server could not be reached or the connection was lost.
   */
  disconnected: [code: number, reason: string];
  /** The host sealed the lobby: nobody else can join, and the server will close our socket soon; the peers stay. */
  lobby_sealed: [];
};

/** How a `SignalingClient` builds its connections. */
export interface SignalingClientOptions {
  /** What each `WebRTCPeerConnection` is `initialize()`d with. Default `{ iceServers: [] }`: no STUN, LAN/loopback only. */
  peer_configuration?: PeerConfiguration;
  /** Extra channels for `create_mesh` / `create_server` / `create_client` (Godot's `channels_config`). */
  channels_config?: number[];
  /** The WebSocket class to connect with (default the browser's `WebSocket`); `ws`'s `WebSocket` in Node. */
  websocket_class?: SignalingSocketConstructor;
  /**
   * Milliseconds an announced peer has to connect before `remove_peer` gives up on it (default 20000; 0 = wait
   * forever). A client whose host never connects thus ends `CONNECTION_DISCONNECTED` instead of connecting forever.
   */
  peer_connect_timeout?: number;
}

const DEFAULT_PEER_CONNECT_TIMEOUT = 20_000;

/**
 * The lobby client of Godot's `webrtc_signaling` demo (`multiplayer_client.gd`), for web games: connects to a
 * signaling server, creates or joins a lobby, and sets up `multiplayer_peer` (a `WebRTCMultiplayerPeer`) from
 * what the server says: `create_mesh` / `create_server` / `create_client` on ID, one `WebRTCPeerConnection` per
 * announced peer (the higher id makes the offer), offers, answers and candidates relayed through the server,
 * `remove_peer` when a peer leaves. Call `poll()` every frame: it emits this client's signals and polls
 * `multiplayer_peer` (which emits `peer_connected` / `peer_disconnected`).
 *
 * When the server goes away it does not reconnect (a new connection would be a new peer with a new id, and the
 * lobby may be gone): it emits `disconnected(code, reason)` and, unless the lobby was sealed, closes
 * `multiplayer_peer`, as Godot's demo does. Call `start()` again to rejoin.
 */
export class SignalingClient extends GodotObject<SignalingClientSignals> {
  /** `(lobby)`: the server confirmed the lobby and its name. */
  readonly lobby_joined = this.signal("lobby_joined");
  /** `(id, use_mesh)`: we have an id and `multiplayer_peer` is set up. */
  readonly connected = this.signal("connected");
  /** `(code, reason)`: the server connection ended (not after `stop()`). */
  readonly disconnected = this.signal("disconnected");
  /** `()`: the host sealed the lobby. */
  readonly lobby_sealed = this.signal("lobby_sealed");

  /** The multiplayer peer this client sets up; hand it to your game. The same object for the client's lifetime. */
  readonly multiplayer_peer = new WebRTCMultiplayerPeer();

  readonly #configuration: PeerConfiguration;
  readonly #channelsConfig: number[];
  readonly #WebSocket: SignalingSocketConstructor | undefined;
  readonly #connectTimeout: number;
  /** When each announced peer not yet connected must have connected by (performance.now() time). */
  readonly #deadlines = new Map<number, number>();
  readonly #listeners = new ListenerBag();
  #socket: SignalingSocket | null = null;
  #opened = false;
  #lobby = "";
  #mesh = true;
  #id = 0;
  #sealed = false;

  constructor(options: SignalingClientOptions = {}) {
    super();
    this.#configuration = options.peer_configuration ?? { iceServers: [] };
    this.#channelsConfig = options.channels_config ?? [];
    this.#WebSocket = options.websocket_class ?? (globalThis.WebSocket as SignalingSocketConstructor | undefined);
    const timeout = options.peer_connect_timeout;
    this.#connectTimeout = typeof timeout === "number" && timeout >= 0 ? timeout : DEFAULT_PEER_CONNECT_TIMEOUT;
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
    if (typeof this.#WebSocket !== "function") return fail(GodotError.ERR_CANT_CONNECT, "start", "no WebSocket here; pass websocket_class");
    let socket: SignalingSocket;
    try {
      socket = new this.#WebSocket(url);
    } catch (error) {
      return fail(GodotError.ERR_CANT_CONNECT, "start", describe(error));
    }
    this.#socket = socket;
    this.#lobby = lobby;
    this.#mesh = mesh;
    this.#listen(socket);
    return GodotError.OK;
  }

  /**
   * Leaves: closes the server connection and `multiplayer_peer` (every peer connection), and drops signals not
   * yet emitted. Emits nothing. Safe to call at any time.
   */
  stop(): void {
    this.#listeners.detachAll();
    const socket = this.#socket;
    this.#socket = null;
    if (socket !== null) {
      try {
        socket.close(CloseCode.NORMAL, "Leaving");
      } catch (error) {
        logError("stop", describe(error));
      }
    }
    this.multiplayer_peer.close();
    this.#deadlines.clear();
    this.dropQueued();
    this.#opened = false;
    this.#id = 0;
    this.#sealed = false;
  }

  /**
   * Asks the server to seal the lobby (host only): nobody else can join and every socket is closed after the
   * server's seal timeout, while the peer connections stay. Not in a lobby → `ERR_UNCONFIGURED`; not the host →
   * `ERR_UNAUTHORIZED` (the server would disconnect us).
   */
  seal_lobby(): GodotError {
    if (this.#id === 0) return fail(GodotError.ERR_UNCONFIGURED, "seal_lobby", "not in a lobby yet");
    if (this.#id !== 1) return fail(GodotError.ERR_UNAUTHORIZED, "seal_lobby", "only the host (id 1) can seal the lobby");
    return this.#send(MessageType.SEAL, 0, "");
  }

  /**
   * Emits this client's queued signals, gives up on announced peers past `peer_connect_timeout`, then polls
   * `multiplayer_peer`. `OK`.
   */
  poll(): GodotError {
    this.emitQueued();
    this.#expireStuckPeers();
    this.multiplayer_peer.poll();
    return GodotError.OK;
  }

  /** The lobby name: the one asked for, then the one the server confirmed. */
  get_lobby(): string {
    return this.#lobby;
  }

  /** Our peer id in the lobby (1 for the host), or 0 before the server gave one. */
  get_unique_id(): number {
    return this.#id;
  }

  /** Whether the lobby is a mesh (known once the server gave our id; before that, what `start()` asked for). */
  is_mesh(): boolean {
    return this.#mesh;
  }

  /** Whether the host sealed the lobby. */
  is_sealed(): boolean {
    return this.#sealed;
  }

  /** The server connection: disconnected, connecting (socket opening or waiting for our id), or connected (in a lobby). */
  get_connection_status(): ConnectionStatus {
    if (this.#socket === null) return ConnectionStatus.CONNECTION_DISCONNECTED;
    return this.#id === 0 ? ConnectionStatus.CONNECTION_CONNECTING : ConnectionStatus.CONNECTION_CONNECTED;
  }

  // Socket events change state and negotiate at once (the server's join timeout does not wait for the game's
  // next frame) but never call game code: the signals wait for poll().
  #listen(socket: SignalingSocket): void {
    const current = (): boolean => this.#socket === socket;
    // The `ws` package ignores the AbortSignal the bag detaches with; `current()` drops a stale socket's events.
    const target = socket as unknown as ListenerTarget;
    // The close event that follows says what went wrong; this listener only keeps Node's `ws` from throwing an
    // unhandled 'error'. Outside the bag on purpose: it must outlive stop() (closing a connecting socket errors).
    socket.addEventListener("error", () => {});
    this.#listeners.on(target, "open", () => {
      if (!current()) return;
      this.#opened = true;
      this.#send(MessageType.JOIN, this.#mesh ? 0 : 1, this.#lobby);
    });
    this.#listeners.on<MessageEvent>(target, "message", ({ data }) => {
      if (!current()) return;
      const message = typeof data === "string" ? decodeMessage(data) : null;
      if (message === null) return void logWarning("signaling", "ignored a frame from the server that is not a protocol message");
      this.#receive(message);
    });
    this.#listeners.on<CloseEvent>(target, "close", ({ code, reason }) => {
      if (current()) this.#lost(code, reason);
    });
  }

  #receive({ type, id, data }: SignalingMessage): void {
    if (type === MessageType.ID) return this.#identified(id, data === "true");
    if (type === MessageType.JOIN) {
      this.#lobby = data;
      return this.enqueue("lobby_joined", data);
    }
    if (type === MessageType.SEAL) {
      this.#sealed = true;
      return this.enqueue("lobby_sealed");
    }
    if (type === MessageType.PEER_CONNECT) return this.#addPeer(id);
    const connection = this.#connection(id);
    if (connection === null) return;
    if (type === MessageType.PEER_DISCONNECT) return this.multiplayer_peer.remove_peer(id);
    if (type === MessageType.OFFER) return void connection.set_remote_description("offer", data);
    if (type === MessageType.ANSWER) return void connection.set_remote_description("answer", data);
    if (type === MessageType.CANDIDATE) {
      const candidate = decodeCandidate(data);
      if (candidate === null) return logWarning("signaling", `ignored a malformed candidate from peer ${id}`);
      return void connection.add_ice_candidate(candidate.media, candidate.index, candidate.name);
    }
    logWarning("signaling", `ignored a message of unknown type ${type} from the server`);
  }

  #identified(id: number, mesh: boolean): void {
    if (this.#id !== 0) return logWarning("signaling", "ignored a second ID from the server");
    const peer = this.multiplayer_peer;
    const result = mesh ? peer.create_mesh(id, this.#channelsConfig) : id === 1 ? peer.create_server(this.#channelsConfig) : peer.create_client(id, this.#channelsConfig);
    if (result !== GodotError.OK) {
      logError("signaling", `could not set up the multiplayer peer with id ${id} (error ${result}); leaving`);
      this.#socket?.close(CloseCode.NORMAL, "Bad id");
      return;
    }
    this.#id = id;
    this.#mesh = mesh;
    this.enqueue("connected", id, mesh);
  }

  #addPeer(id: number): void {
    // Godot's Node server announces every member of a client/server lobby to every other; a client only
    // connects to the host, so the others are skipped here instead of failing in add_peer.
    if (!this.#mesh && this.#id !== 1 && id !== 1) return;
    const connection = new WebRTCPeerConnection();
    if (connection.initialize(this.#configuration) !== GodotError.OK) return logError("signaling", `could not create a connection for peer ${id}`);
    connection.session_description_created.connect((type, sdp) => {
      if (this.#connection(id) !== connection) return;
      connection.set_local_description(type, sdp);
      this.#send(type === "offer" ? MessageType.OFFER : MessageType.ANSWER, id, sdp);
    });
    connection.ice_candidate_created.connect((media, index, name) => {
      if (this.#connection(id) === connection) this.#send(MessageType.CANDIDATE, id, encodeCandidate(media, index, name));
    });
    const added = this.multiplayer_peer.add_peer(connection, id);
    if (added !== GodotError.OK) {
      connection.close();
      return logError("signaling", `add_peer(${id}) failed with error ${added}`);
    }
    if (this.#connectTimeout > 0) this.#deadlines.set(id, performance.now() + this.#connectTimeout);
    // The higher id offers, so the host (1) never does and two peers never offer to each other.
    if (id < this.#id) connection.create_offer();
  }

  #expireStuckPeers(): void {
    const now = performance.now();
    const peer = this.multiplayer_peer;
    for (const [id, deadline] of this.#deadlines) {
      if (!peer.has_peer(id) || (peer.get_peer(id) as { connected: boolean }).connected) this.#deadlines.delete(id);
      else if (now >= deadline) {
        this.#deadlines.delete(id);
        logWarning("signaling", `peer ${id} did not connect within ${this.#connectTimeout} ms; removing it`);
        peer.remove_peer(id);
      }
    }
  }

  /** The connection of peer `id` in `multiplayer_peer`, or null (quietly) if it has none. */
  #connection(id: number): WebRTCPeerConnection | null {
    const peer = this.multiplayer_peer;
    return peer.has_peer(id) ? (peer.get_peer(id) as { connection: WebRTCPeerConnection }).connection : null;
  }

  #send(type: number, id: number, data: string): GodotError {
    const socket = this.#socket;
    if (socket === null || socket.readyState !== SOCKET_OPEN) return fail(GodotError.ERR_CONNECTION_ERROR, "signaling", "not connected to the signaling server");
    try {
      socket.send(encodeMessage(type, id, data));
    } catch (error) {
      return fail(GodotError.ERR_CONNECTION_ERROR, "signaling", describe(error));
    }
    return GodotError.OK;
  }

  #lost(code: number, reason: string): void {
    this.#listeners.detachAll();
    this.#socket = null;
    const why = reason || (code === CloseCode.ABNORMAL ? (this.#opened ? "connection to the signaling server lost" : "could not connect to the signaling server") : "");
    if (!this.#sealed) this.multiplayer_peer.close();
    this.enqueue("disconnected", code, why);
  }
}
