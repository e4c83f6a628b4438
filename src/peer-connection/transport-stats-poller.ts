import { GodotError } from "../godot/godot-error";
import { isIntegerIn } from "../internal/checks";
import { describe, fail, logWarning } from "../internal/log";
import { emptyTransportStats, readTransportStats, type TransportStats } from "./transport-stats";

/** `get_stats()` refreshes this often unless the game sets another interval. */
export const DEFAULT_STATS_INTERVAL_MS = 1000;
/** The longest interval `set_stats_interval` accepts: one hour. */
export const MAX_STATS_INTERVAL_MS = 3_600_000;
/** A `getStats()` unanswered for this many intervals (at least 5 s) is given up, so one lost call cannot stop sampling. */
const STALE_INTERVALS = 5;

type Timer = ReturnType<typeof setInterval>;

/**
 * Keeps the latest `TransportStats` of one browser connection at a time, read with `getStats()` on a timer, so
 * a game loop can read it every frame for free. One call in flight at most; a result for a connection that was
 * detached meanwhile is dropped. Never throws: a browser without `getStats`, or a failing one, leaves the
 * snapshot as it was and is warned about once per connection.
 */
export class TransportStatsPoller {
  #intervalMs = DEFAULT_STATS_INTERVAL_MS;
  #pc: RTCPeerConnection | null = null;
  #timer: Timer | null = null;
  /** Bumped on every attach/detach; a `getStats()` answer from an older generation is ignored. */
  #generation = 0;
  /** When the `getStats()` in flight started (`performance.now()`), or null. */
  #inFlightSince: number | null = null;
  /** When the timer last started a sample; -Infinity: never. */
  #lastTickAt = -Infinity;
  #stats = emptyTransportStats();
  #pairKey = "";
  #warned = false;
  readonly #onPairChanged: (stats: TransportStats) => void;

  /** `onPairChanged` hears of the first selected candidate pair and of every later switch (never of losing one). */
  constructor(onPairChanged: (stats: TransportStats) => void) {
    this.#onPairChanged = onPairChanged;
  }

  /** The refresh interval in ms; 0 means off. */
  get intervalMs(): number {
    return this.#intervalMs;
  }

  /** Sets the refresh interval (0 = off; takes effect at once). Not an integer in 0…1 h → `ERR_INVALID_PARAMETER`. */
  setIntervalMs(ms: number): GodotError {
    if (!isIntegerIn(ms, 0, MAX_STATS_INTERVAL_MS)) {
      return fail(GodotError.ERR_INVALID_PARAMETER, "set_stats_interval", `expected an integer in 0…${MAX_STATS_INTERVAL_MS} (milliseconds; 0 turns it off)`);
    }
    this.#intervalMs = ms;
    this.#restartTimer();
    return GodotError.OK;
  }

  /** Starts sampling `pc` (the snapshot starts empty). */
  attach(pc: RTCPeerConnection): void {
    this.detach();
    this.#pc = pc;
    this.#restartTimer();
  }

  /** Stops sampling, clears the timer and empties the snapshot. Idempotent. */
  detach(): void {
    this.#stopTimer();
    this.#pc = null;
    this.#generation++;
    this.#inFlightSince = null;
    this.#lastTickAt = -Infinity;
    this.#stats = emptyTransportStats();
    this.#pairKey = "";
    this.#warned = false;
  }

  /** A copy of the latest snapshot (the caller may keep or change it). */
  snapshot(): TransportStats {
    return { ...this.#stats };
  }

  /** Takes a sample now, as the timer does. Resolves once it is in (or was skipped). */
  sample(): Promise<void> {
    const pc = this.#pc;
    if (pc === null) return Promise.resolve();
    const now = performance.now();
    const since = this.#inFlightSince;
    if (since !== null && now - since < Math.max(5000, STALE_INTERVALS * this.#intervalMs)) return Promise.resolve();
    const generation = ++this.#generation;
    this.#inFlightSince = now;
    let request: Promise<unknown>;
    try {
      if (typeof pc.getStats !== "function") throw new TypeError("this RTCPeerConnection has no getStats()");
      request = Promise.resolve(pc.getStats());
    } catch (error) {
      request = Promise.reject(error);
    }
    return request.then(
      (report) => {
        if (generation !== this.#generation) return;
        this.#inFlightSince = null;
        this.#take(report);
      },
      (reason: unknown) => {
        if (generation !== this.#generation) return;
        this.#inFlightSince = null;
        if (this.#warned) return;
        this.#warned = true;
        logWarning("get_stats", `getStats() failed, the snapshot stays as it was: ${describe(reason)}`);
      },
    );
  }

  #take(report: unknown): void {
    const { stats, pairKey } = readTransportStats(report, performance.now());
    this.#stats = stats;
    if (pairKey === "" || pairKey === this.#pairKey) return;
    this.#pairKey = pairKey;
    this.#onPairChanged({ ...stats });
  }

  #restartTimer(): void {
    this.#stopTimer();
    if (this.#pc === null || this.#intervalMs === 0) return;
    const timer = setInterval(() => this.#tick(), this.#intervalMs);
    // In Node a sampling timer alone must not keep the process alive.
    (timer as { unref?: () => void }).unref?.();
    this.#timer = timer;
  }

  /**
   * A timer tick. Chromium 156 runs a stalled interval twice in a row when a paused or frozen page resumes (once
   * overdue, once on the old cadence), so a tick within half an interval of the last one is skipped.
   */
  #tick(): void {
    const now = performance.now();
    if (now - this.#lastTickAt < this.#intervalMs / 2) return;
    this.#lastTickAt = now;
    void this.sample();
  }

  #stopTimer(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
  }
}
