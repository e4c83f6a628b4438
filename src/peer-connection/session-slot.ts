import { GodotError } from "../godot/godot-error";
import { describe, fail } from "../internal/log";
import type { SignalHub } from "../internal/signal-hub";
import { ConnectionSession } from "./connection-session";
import type { HeldCandidateLimits } from "./held-candidates";
import type { PeerConnectionSignals } from "./peer-connection-signals";
import type { TransportStatsPoller } from "./transport-stats-poller";

/** A constructor compatible with the browser's `RTCPeerConnection`. */
export type RTCPeerConnectionConstructor = new (configuration?: RTCConfiguration) => RTCPeerConnection;

let defaultImplementation: RTCPeerConnectionConstructor | null = null;

/** What `WebRTCPeerConnection.set_default_extension` sets: the constructor later sessions use, null for the browser's. */
export function setDefaultImplementation(implementation: RTCPeerConnectionConstructor | null): void {
  defaultImplementation = implementation;
}

/**
 * Where a `WebRTCPeerConnection` keeps its current `ConnectionSession`, and which phase it is in: idle (no
 * browser connection yet), active (one in use), closed (`close()`d) or broken (the last `initialize()` failed).
 * Opening and ending a session also attaches and detaches the stats poller, drops undelivered signals and tells
 * the owner's watchers that the state may read differently.
 */
export class SessionSlot {
  /** The current session; null before the first one and after a failed `initialize()`. */
  session: ConnectionSession | null = null;
  #phase: "idle" | "active" | "closed" | "broken" = "idle";
  readonly #signals: SignalHub<PeerConnectionSignals>;
  readonly #heldLimits: Readonly<HeldCandidateLimits>;
  readonly #stats: TransportStatsPoller;
  readonly #changed: () => void;

  constructor(signals: SignalHub<PeerConnectionSignals>, heldLimits: Readonly<HeldCandidateLimits>, stats: TransportStatsPoller, changed: () => void) {
    this.#signals = signals;
    this.#heldLimits = heldLimits;
    this.#stats = stats;
    this.#changed = changed;
  }

  /** Whether `close()` was called (and no `initialize()` since). */
  get closed(): boolean {
    return this.#phase === "closed";
  }

  /** The session, opened on first need with an empty configuration; null (logged as `where`) if unusable. */
  require(where: string): ConnectionSession | null {
    if (this.#phase === "idle") this.open({});
    if (this.#phase === "active") return this.session;
    return fail(null, where, this.#phase === "closed" ? "the connection is closed; call initialize() to reuse it" : "initialize() failed; call it again with a valid configuration");
  }

  /** `action` on the session (see `require`): its result, `OK` if it has none; no usable session → `FAILED`. */
  run(where: string, action: (session: ConnectionSession) => GodotError | void): GodotError {
    const session = this.require(where);
    if (session === null) return GodotError.FAILED;
    return action(session) ?? GodotError.OK;
  }

  /** Ends the current session and opens one with `configuration`; whether the browser accepted it. */
  restart(configuration: RTCConfiguration): boolean {
    this.end();
    this.session = null;
    return this.open(configuration);
  }

  /** Ends the current session for good: phase closed. */
  close(): void {
    this.#phase = "closed";
    this.end();
  }

  /** Builds a session on a new browser connection from `configuration`; whether it worked (else logged, phase broken). */
  open(configuration: RTCConfiguration): boolean {
    const Implementation = defaultImplementation ?? (globalThis.RTCPeerConnection as RTCPeerConnectionConstructor | undefined);
    this.#phase = "broken";
    if (typeof Implementation !== "function") return fail(false, "initialize", "no RTCPeerConnection here; call WebRTCPeerConnection.set_default_extension()");
    try {
      this.session = new ConnectionSession(new Implementation(configuration), this.#signals, this.#heldLimits, this.#changed);
    } catch (error) {
      return fail(false, "initialize", describe(error));
    }
    this.#phase = "active";
    this.#stats.attach(this.session.pc);
    this.#changed();
    return true;
  }

  /** Ends the current session, if any, and drops the signals it queued. */
  end(): void {
    this.#stats.detach();
    this.session?.close();
    this.#signals.dropQueued();
    this.#changed();
  }
}
