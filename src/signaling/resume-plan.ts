import { CloseCode } from "./protocol";

/** The first reconnection waits this long; each further one twice as long, up to `RECONNECT_MAX_DELAY_MS`. */
export const RECONNECT_BASE_DELAY_MS = 500;
/** The longest wait between two reconnection attempts. */
export const RECONNECT_MAX_DELAY_MS = 8000;

/**
 * When and how often a lobby connection that lost its socket tries to resume its session: only with a token
 * the server gave at join (our server's extension), never after a protocol error (4000: the server meant it) or a
 * completed seal, at most `attempts` times with exponential backoff and ±20 % jitter so a restarted server is not
 * hit by every client at once.
 */
export class ResumePlan {
  readonly #attempts: number;
  #token: string | null = null;
  #made = 0;
  #nextAt = Infinity;

  constructor(attempts: number) {
    this.#attempts = attempts;
  }

  /** The token to resume with, or null (none given: an upstream server, or `reconnect` off). */
  get token(): string | null {
    return this.#token;
  }

  /** Attempts made since the loss. */
  get made(): number {
    return this.#made;
  }

  /** Keeps the token the server's JOIN confirmation carried. */
  remember(token: string | undefined): void {
    if (token !== undefined && token !== "") this.#token = token;
  }

  /** Whether losing the socket with `code` should be followed by reconnecting. */
  worthResuming(code: number, sealed: boolean): boolean {
    return this.#token !== null && this.#attempts > 0 && !sealed && code !== CloseCode.PROTOCOL_ERROR;
  }

  /** Plans the next attempt after `now`; false once every attempt has been made. */
  schedule(now: number): boolean {
    if (this.#made >= this.#attempts) return false;
    const delay = Math.min(RECONNECT_MAX_DELAY_MS, RECONNECT_BASE_DELAY_MS * 2 ** this.#made);
    this.#nextAt = now + delay * (0.8 + Math.random() * 0.4);
    return true;
  }

  /** Whether the planned attempt is due; counts it when it is. */
  take(now: number): boolean {
    if (now < this.#nextAt) return false;
    this.#nextAt = Infinity;
    this.#made++;
    return true;
  }

  /** After a resumed session (keeps the token) or a stop (forgets it). */
  reset(forget: boolean): void {
    this.#made = 0;
    this.#nextAt = Infinity;
    if (forget) this.#token = null;
  }
}
