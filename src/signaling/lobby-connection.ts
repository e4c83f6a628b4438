import { GodotError } from "../godot/godot-error";
import { ListenerBag, type ListenerTarget } from "../internal/listener-bag";
import { describe, fail, logError, logWarning } from "../internal/log";
import { CloseCode, decodeCandidate, decodeMessage, encodeMessage, MessageType, type SignalingMessage } from "./protocol";
import type { LobbyHandler } from "./lobby-handler";
import { ResumePlan } from "./resume-plan";
import type { ResolvedClientOptions } from "./signaling-client-options";
import { SOCKET_OPEN, type SignalingSocket } from "./signaling-socket";

/**
 * The socket half of the lobby client, as Godot's demo has it in `ws_webrtc_client.gd`: one WebSocket to the
 * signaling server, JOIN on open, every frame bounded and decoded before the owner hears of it, sends, and (our
 * server's extension) reconnecting with backoff to resume the same id after the socket drops. Knows nothing of WebRTC.
 */
export class LobbyConnection {
  readonly #options: ResolvedClientOptions;
  readonly #handler: LobbyHandler;
  readonly #listeners = new ListenerBag();
  readonly #plan: ResumePlan;
  #socket: SignalingSocket | null = null;
  #url = "";
  #opened = false;
  #lobby = "";
  #mesh = true;
  #id = 0;
  #sealed = false;
  #joined = false;
  /** Between losing the socket and resuming (or giving up). */
  #resuming = false;
  /** performance.now() by which the server must have answered JOIN, or Infinity. */
  #joinDeadline = Infinity;
  #refusedFrames = 0;

  constructor(options: ResolvedClientOptions, handler: LobbyHandler) {
    this.#options = options;
    this.#handler = handler;
    this.#plan = new ResumePlan(options.reconnect ? options.reconnectAttempts : 0);
  }

  /** Opens the socket; JOIN follows on open. `ERR_CANT_CONNECT` when there is no WebSocket or it refuses the URL. */
  open(url: string, lobby: string, mesh: boolean): GodotError {
    this.#url = url;
    this.#lobby = lobby;
    this.#mesh = mesh;
    return this.#connect();
  }

  /** Closes the socket with `code` and `reason` and forgets the session; reports nothing. */
  close(code: number = CloseCode.NORMAL, reason = "Leaving"): void {
    this.#drop(code, reason);
    this.#opened = false;
    this.#joined = false;
    this.#id = 0;
    this.#sealed = false;
    this.#resuming = false;
    this.#plan.reset(true);
  }

  /** From the owner's `poll()`: gives up on a JOIN left unanswered, and makes a reconnection attempt when due. */
  tick(now: number): void {
    if (this.#socket !== null && now >= this.#joinDeadline) {
      const reason = `the signaling server did not answer JOIN within ${this.#options.joinTimeout} ms`;
      logWarning("signaling", `${reason}; leaving`);
      this.#drop(CloseCode.NORMAL, "Join timeout");
      this.#ended(CloseCode.ABNORMAL, reason);
    }
    if (this.#resuming && this.#socket === null && this.#plan.take(now)) {
      if (this.#connect() !== GodotError.OK) this.#ended(CloseCode.ABNORMAL, "could not open a socket to resume");
    }
  }

  /** Sends one message; `ERR_CONNECTION_ERROR` (logged) when the socket is not open or throws. */
  send(type: number, id: number, data: string, resume?: string): GodotError {
    const socket = this.#socket;
    if (socket === null || socket.readyState !== SOCKET_OPEN) return fail(GodotError.ERR_CONNECTION_ERROR, "signaling", "not connected to the signaling server");
    try {
      socket.send(encodeMessage(type, id, data, resume));
    } catch (error) {
      return fail(GodotError.ERR_CONNECTION_ERROR, "signaling", describe(error));
    }
    return GodotError.OK;
  }

  /** Whether there is a session: a socket, or reconnection attempts still to come. */
  get active(): boolean {
    return this.#socket !== null || this.#resuming;
  }
  /** Whether we have an id and a live socket (not reconnecting). */
  get inLobby(): boolean {
    return this.#socket !== null && this.#id !== 0 && !this.#resuming;
  }
  /** Whether a message sent now would go out: in the lobby, and the socket open (not closing). */
  get canSend(): boolean {
    return this.inLobby && this.#socket?.readyState === SOCKET_OPEN;
  }
  get id(): number {
    return this.#id;
  }
  get lobby(): string {
    return this.#lobby;
  }
  get mesh(): boolean {
    return this.#mesh;
  }
  get sealed(): boolean {
    return this.#sealed;
  }

  #connect(): GodotError {
    const WebSocketClass = this.#options.WebSocket;
    if (typeof WebSocketClass !== "function") return fail(GodotError.ERR_CANT_CONNECT, "start", "no WebSocket here; pass websocket_class");
    let socket: SignalingSocket;
    try {
      socket = new WebSocketClass(this.#url);
    } catch (error) {
      return fail(GodotError.ERR_CANT_CONNECT, "start", describe(error));
    }
    this.#socket = socket;
    this.#opened = false;
    const timeout = this.#options.joinTimeout;
    this.#joinDeadline = timeout > 0 ? performance.now() + timeout : Infinity;
    this.#listen(socket);
    return GodotError.OK;
  }

  // Socket events change state and negotiate at once (the server's join timeout does not wait for the game's
  // next frame) but never call game code: the owner only queues signals for its poll().
  #listen(socket: SignalingSocket): void {
    const current = (): boolean => this.#socket === socket;
    // The `ws` package ignores the AbortSignal the bag detaches with; `current()` drops a stale socket's events.
    const target = socket as unknown as ListenerTarget;
    // The close event that follows says what went wrong; this listener only keeps Node's `ws` from throwing an
    // unhandled 'error'. Outside the bag on purpose: it must outlive close() (closing a connecting socket errors).
    socket.addEventListener("error", () => {});
    this.#listeners.on(target, "open", () => {
      if (!current()) return;
      this.#opened = true;
      // Asking for a token ("") or resuming with one; without `reconnect` the JOIN is exactly Godot's.
      const resume = this.#resuming ? (this.#plan.token ?? "") : this.#options.reconnect ? "" : undefined;
      this.send(MessageType.JOIN, this.#mesh ? 0 : 1, this.#lobby, resume);
    });
    this.#listeners.on<MessageEvent>(target, "message", ({ data }) => {
      if (current()) this.#frame(data);
    });
    this.#listeners.on<CloseEvent>(target, "close", ({ code, reason }) => {
      if (!current()) return;
      const lost = this.#opened ? "connection to the signaling server lost" : "could not connect to the signaling server";
      this.#drop(); // already closed: only forget it
      this.#ended(code, reason || (code === CloseCode.ABNORMAL ? lost : ""));
    });
  }

  #frame(data: unknown): void {
    if (typeof data !== "string") return void logWarning("signaling", "ignored a binary frame from the server");
    // Bounded before JSON.parse, so no frame costs more than max_message_size of parsing (a hostile server's
    // megabyte SDP or million-level nesting never reaches the parser).
    if (data.length > this.#options.maxMessageSize) {
      this.#refusedFrames++;
      return logWarning("signaling", `ignored a ${data.length}-character frame from the server (max_message_size ${this.#options.maxMessageSize}; ${this.#refusedFrames} so far)`);
    }
    const message = decodeMessage(data);
    if (message === null) return logWarning("signaling", "ignored a frame from the server that is not a protocol message");
    this.#receive(message);
  }

  #receive({ type, id, data, resume }: SignalingMessage): void {
    const handler = this.#handler;
    if (type === MessageType.ID) return this.#identified(id, data === "true");
    if (type === MessageType.JOIN) return this.#confirmed(data, resume);
    if (type === MessageType.SEAL) {
      this.#sealed = true;
      return handler.sealed();
    }
    if (this.#id === 0) return logWarning("signaling", `ignored message type ${type} before the server gave our id`);
    if (type === MessageType.PEER_CONNECT) return handler.peerConnected(id);
    if (type === MessageType.PEER_DISCONNECT) return handler.peerDisconnected(id);
    if (type === MessageType.OFFER) return handler.description(id, "offer", data);
    if (type === MessageType.ANSWER) return handler.description(id, "answer", data);
    if (type === MessageType.CANDIDATE) {
      const candidate = decodeCandidate(data);
      if (candidate === null) return logWarning("signaling", `ignored a malformed candidate from peer ${id}`);
      return handler.candidate(id, candidate.media, candidate.index, candidate.name);
    }
    logWarning("signaling", `ignored a message of unknown type ${type} from the server`);
  }

  #identified(id: number, mesh: boolean): void {
    if (this.#resuming) {
      if (id === this.#id && mesh === this.#mesh) return;
      // A server without the extension (or one that lost our seat) made us a new peer: we cannot be two peers.
      logWarning("signaling", `the server gave id ${id} instead of resuming ${this.#id}; not resuming`);
      this.#drop(CloseCode.NORMAL, "Leaving");
      return this.#ended(CloseCode.NORMAL, `the server did not resume peer ${this.#id}`, true);
    }
    if (this.#id !== 0) return logWarning("signaling", "ignored a second ID from the server");
    if (id < 1) return logWarning("signaling", "ignored an ID message with id 0");
    if (!this.#handler.identified(id, mesh)) return this.close(CloseCode.NORMAL, "Bad id");
    this.#id = id;
    this.#mesh = mesh;
    if (this.#joined) this.#joinDeadline = Infinity;
  }

  #confirmed(lobby: string, token: string | undefined): void {
    this.#plan.remember(token);
    if (this.#resuming) {
      if (this.#id === 0 || lobby !== this.#lobby) return;
      this.#resuming = false;
      this.#joinDeadline = Infinity;
      this.#plan.reset(false);
      return this.#handler.resumed(this.#id);
    }
    this.#lobby = lobby;
    this.#joined = true;
    if (this.#id !== 0) this.#joinDeadline = Infinity;
    this.#handler.lobbyJoined(lobby);
  }

  /** Detaches the socket, if any, and closes it with `code` and `reason` when given. */
  #drop(code?: number, reason?: string): void {
    this.#listeners.detachAll();
    this.#joinDeadline = Infinity;
    const socket = this.#socket;
    this.#socket = null;
    if (socket === null || code === undefined) return;
    try {
      socket.close(code, reason);
    } catch (error) {
      logError("signaling", describe(error));
    }
  }

  /** The socket is gone: a first loss (reported; maybe followed by attempts), or a failed attempt. */
  #ended(code: number, reason: string, final = false): void {
    const now = performance.now();
    if (this.#resuming) {
      if (!final && code !== CloseCode.PROTOCOL_ERROR && this.#plan.schedule(now)) return;
      this.#resuming = false;
      return this.#handler.gaveUp(code, final || code === CloseCode.PROTOCOL_ERROR ? reason : `gave up resuming after ${this.#plan.made} attempts (last: ${code} ${reason})`);
    }
    this.#resuming = this.#id !== 0 && this.#plan.worthResuming(code, this.#sealed) && this.#plan.schedule(now);
    this.#handler.lost(code, reason, this.#resuming);
  }
}
