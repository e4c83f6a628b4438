import type { WebSocket } from "ws";
import { encodeMessage, PROTOCOL_ERROR_CODE } from "../signaling/protocol";
import type { Lobby } from "./lobby";

/**
 * One connected socket on the server: its place in a lobby, its message budget and its liveness.
 * @internal
 */
export class PeerSession {
  /** The lobby it joined, or null before JOIN. */
  lobby: Lobby | null = null;
  /** Its id inside `lobby` (1 for the host); 0 before JOIN. */
  id = 0;
  /** Whether it answered the last ping. */
  alive = true;
  /** The join deadline, cleared on JOIN and on close. */
  joinTimer: ReturnType<typeof setTimeout> | undefined;
  #tokens: number;
  #refilledAt = performance.now();
  #closing = false;

  constructor(
    /** The socket itself. */
    readonly socket: WebSocket,
    private readonly messagesPerSecond: number,
  ) {
    this.#tokens = messagesPerSecond;
  }

  /** Whether the socket can still take messages (not closing or closed). */
  get open(): boolean {
    return !this.#closing && this.socket.readyState === this.socket.OPEN;
  }

  /** Spends one message of the budget; false when the socket has sent more than its rate allows. */
  takeToken(): boolean {
    const now = performance.now();
    this.#tokens = Math.min(this.messagesPerSecond, this.#tokens + ((now - this.#refilledAt) / 1000) * this.messagesPerSecond);
    this.#refilledAt = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  /** Sends one protocol message, if the socket is still open. */
  send(type: number, id: number, data = ""): void {
    if (this.open) this.socket.send(encodeMessage(type, id, data));
  }

  /** Closes the socket with `code` and `reason` (once; later calls do nothing). */
  close(code: number, reason: string): void {
    if (this.#closing) return;
    this.#closing = true;
    clearTimeout(this.joinTimer);
    this.socket.close(code, reason);
  }

  /** Closes with the protocol's error code 4000 and `reason`. */
  fail(reason: string): void {
    this.close(PROTOCOL_ERROR_CODE, reason);
  }
}
