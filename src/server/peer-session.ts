import type { WebSocket } from "ws";
import { CloseCode, CloseReason, encodeMessage, MessageType } from "../signaling/protocol";

/** Where a session sits once it joined: its lobby, its id there (1 for the host) and the lobby's kind. */
export interface Membership {
  /** The lobby's name. */
  readonly lobby: string;
  /** Its id in the lobby. */
  readonly id: number;
  /** Whether the lobby is a mesh (every member talks to every other) or client/server. */
  readonly mesh: boolean;
}

/** The per-socket limits a session enforces. */
export interface SessionLimits {
  /** Messages per second, as a token bucket of that size; also the most messages waiting to be handled. */
  readonly messagesPerSecond: number;
  /** Bytes the socket may have queued for sending; a send past it closes the socket. */
  readonly maxQueuedBytes: number;
  /** Time to join after connecting. */
  readonly joinTimeout: number;
  /** Time a closed socket has to finish the closing handshake before it is cut. */
  readonly closeGrace: number;
}

/** What a session tells its server. */
export interface SessionHooks {
  /** The server closes the socket with `code` and `reason` (counted as a refusal). */
  closing(code: number, reason: string): void;
  /** The session is over, closed from either side: called once, at once (not after the closing handshake). */
  gone(session: PeerSession): void;
  /** A task run through `enqueue()` threw. */
  failed(session: PeerSession, error: unknown): void;
}

/**
 * How long a relay to a member that left is dropped (and counted) rather than refused: the sender cannot know of
 * the departure before its PEER_DISCONNECT arrives.
 */
export const DEPARTED_GRACE_MS = 10_000;

/**
 * Bytes of received frames one socket may have waiting for the store (Redis round trips) before the server stops
 * reading it; without it a fast sender could park `maxMessagesPerSecond` × `maxPayload` (16 MiB) per socket.
 */
export const MAX_WAITING_BYTES = 256 * 1024;

/** Whether two members of a lobby are introduced and may exchange offers, answers and candidates. */
export function canTalk(mesh: boolean, a: number, b: number): boolean {
  return a !== b && (mesh || a === 1 || b === 1);
}

/**
 * One connected socket on the server: its membership, its message budget, its send queue bound, its timers and
 * its liveness. It knows nothing of lobbies beyond its own membership; the router and the store do.
 * @internal
 */
export class PeerSession {
  readonly #socket: WebSocket;
  readonly #limits: SessionLimits;
  readonly #hooks: SessionHooks;
  #membership: Membership | null = null;
  #alive = true;
  #tokens: number;
  #refilledAt = performance.now();
  #closing = false;
  #closedFor = "";
  #peerCloseCode = 0;
  #gone = false;
  #waiting = 0;
  #waitingBytes = 0;
  /** Peers it was told of: id → 0 while present, or when it was told they left. */
  readonly #introduced = new Map<number, number>();
  #chain: Promise<void> = Promise.resolve();
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();

  constructor(socket: WebSocket, limits: SessionLimits, hooks: SessionHooks) {
    this.#socket = socket;
    this.#limits = limits;
    this.#hooks = hooks;
    this.#tokens = limits.messagesPerSecond;
    this.#after(limits.joinTimeout, () => {
      if (!this.#membership) this.fail(CloseReason.NO_LOBBY);
    });
    socket.on("pong", () => {
      this.#alive = true;
    });
    socket.on("close", (code) => {
      this.#peerCloseCode = code;
      this.#end();
    });
  }

  /** Its lobby, id and lobby kind, or null before it joined. */
  get membership(): Membership | null {
    return this.#membership;
  }

  /** Whether the socket can still take messages (not closing or closed). */
  get open(): boolean {
    return !this.#closing && this.#socket.readyState === this.#socket.OPEN;
  }

  /** Bytes queued for sending on the socket. */
  get queuedBytes(): number {
    return this.#socket.bufferedAmount;
  }

  /** The reason the server closed it with, or "" (open, or closed by the peer). */
  get closedFor(): string {
    return this.#closedFor;
  }

  /** Whether the socket ended without a close frame from either side (1006: a lost connection, not a leave). */
  get lost(): boolean {
    return this.#closedFor === "" && this.#peerCloseCode === CloseCode.ABNORMAL;
  }

  /** Records that it joined (which stops the join timer). */
  joined(membership: Membership): void {
    this.#membership = membership;
  }

  /** Spends one message of the budget; false when the socket has sent more than its rate allows. */
  takeToken(): boolean {
    const now = performance.now();
    const rate = this.#limits.messagesPerSecond;
    this.#tokens = Math.min(rate, this.#tokens + ((now - this.#refilledAt) / 1000) * rate);
    this.#refilledAt = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  /**
   * Runs `task` once every earlier task of this session has finished, so one sender's messages are handled in
   * the order sent even when the store answers asynchronously. False (and the socket closed) when more than a
   * second's budget of messages is already waiting (unless `bounded` is false: the leave after the last message).
   * `bytes` is the size of the frame the task handles: past `MAX_WAITING_BYTES` waiting, the socket is no longer
   * read (TCP pushes back on the sender) until half of that is handled.
   */
  enqueue(task: () => Promise<void> | void, bounded = true, bytes = 0): boolean {
    if (bounded && this.#waiting >= this.#limits.messagesPerSecond) {
      this.fail(CloseReason.TOO_MANY_MESSAGES);
      return false;
    }
    this.#waiting++;
    this.#waitingBytes += bytes;
    if (this.#waitingBytes > MAX_WAITING_BYTES && !this.#socket.isPaused) this.#socket.pause();
    this.#chain = this.#chain
      .then(task)
      .catch((error: unknown) => this.#hooks.failed(this, error))
      .finally(() => {
        this.#waiting--;
        this.#waitingBytes -= bytes;
        if (this.#waitingBytes <= MAX_WAITING_BYTES / 2 && this.#socket.isPaused) this.#socket.resume();
      });
    return true;
  }

  /**
   * Sends one protocol message if the socket is open. When the socket already holds `maxQueuedBytes` unsent
   * (its reader stopped reading), it is closed with 4000 "Too much data queued, peer not reading" instead.
   */
  send(type: number, id: number, data = "", resume?: string): void {
    if (!this.open) return;
    const frame = encodeMessage(type, id, data, resume);
    if (this.#socket.bufferedAmount + frame.length > this.#limits.maxQueuedBytes) return this.fail(CloseReason.NOT_READING);
    this.#socket.send(frame);
    if (type === MessageType.PEER_CONNECT) this.#introduced.set(id, 0);
    else if (type === MessageType.PEER_DISCONNECT) this.#departed(id);
  }

  /** Whether it was told of peer `id` (PEER_CONNECT), now or within `DEPARTED_GRACE_MS` of its PEER_DISCONNECT. */
  knows(id: number): boolean {
    return this.#introduced.has(id);
  }

  /** It was told of a seal: after `timeout` ms it is closed with 1000 "Seal complete". */
  sealIn(timeout: number): void {
    this.#after(timeout, () => this.close(CloseCode.NORMAL, CloseReason.SEAL_COMPLETE));
  }

  /** One ping round: false when it did not answer the previous ping (it is then cut), else pings again. */
  heartbeat(): boolean {
    if (!this.#alive) {
      this.#socket.terminate();
      return false;
    }
    this.#alive = false;
    this.#socket.ping();
    return true;
  }

  /**
   * Closes the socket with `code` and `reason` (once; later calls do nothing) and ends the session at once; a
   * socket that has not finished the closing handshake after `closeGrace` is cut.
   */
  close(code: number, reason: string): void {
    if (this.#closing) return;
    this.#closing = true;
    this.#closedFor = reason;
    this.#hooks.closing(code, reason);
    this.#socket.close(code, reason);
    setTimeout(() => this.#socket.terminate(), this.#limits.closeGrace).unref();
    this.#end();
  }

  /** Closes with the protocol's error code 4000 and `reason`. */
  fail(reason: string): void {
    this.close(CloseCode.PROTOCOL_ERROR, reason);
  }

  #departed(id: number): void {
    const now = performance.now();
    for (const [peer, at] of this.#introduced) if (at !== 0 && now - at > DEPARTED_GRACE_MS) this.#introduced.delete(peer);
    if (this.#introduced.has(id)) this.#introduced.set(id, now);
  }

  #after(ms: number, action: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      action();
    }, ms);
    this.#timers.add(timer);
  }

  #end(): void {
    if (this.#gone) return;
    this.#gone = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#hooks.gone(this);
  }
}
