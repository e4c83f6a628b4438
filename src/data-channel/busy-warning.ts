import { logWarning } from "../internal/log";

/** The least time between two "send buffer full" warnings of one channel: a sender at capacity gets ERR_BUSY all the time. */
const BUSY_WARNING_INTERVAL_MS = 5000;

/**
 * The warning a channel logs when `put_packet` answers `ERR_BUSY`: once per spell of busy answers, and at most
 * every 5 s, so a game that sends at capacity is told without flooding its console.
 */
export class BusyWarning {
  /** In a spell of `ERR_BUSY` answers. */
  #busy = false;
  #warnedAt = -Infinity;

  /** A `put_packet` refused with `buffered` bytes waiting: warns if this starts a spell and the last warning is old. */
  refused(buffered: number): void {
    const now = Date.now();
    if (!this.#busy && now - this.#warnedAt >= BUSY_WARNING_INTERVAL_MS) {
      this.#warnedAt = now;
      logWarning("put_packet", `send buffer full (${buffered} bytes queued): ERR_BUSY until it drains`);
    }
    this.#busy = true;
  }

  /** A `put_packet` went through: the spell is over. */
  accepted(): void {
    this.#busy = false;
  }
}
