import mitt, { type Emitter } from "mitt";
import { GodotError } from "../godot/godot-error";
import { LIBRARY_KEY } from "./library-key";
import { fail, shown } from "./log";
import { Signal, type SignalHandler, type SignalMap } from "./signal";

/**
 * The signals of one object: one mitt emitter, a `Signal` per name, and the queue browser callbacks fill and
 * `poll()` drains in arrival order. An object keeps its hub in a `#private` field (see `GodotObject`), so JS
 * code outside the library can listen through the object's signals but never emit, queue or drop.
 */
export class SignalHub<Events extends SignalMap> {
  readonly #emitter: Emitter<Record<string, unknown[]>> = mitt();
  readonly #signals = new Map<string, Signal<unknown[]>>();
  #queue: [string, unknown[]][] = [];
  #generation = 0;

  /** Builds the `Signal` object for `name`; the owner exposes each as a property. */
  signal<Name extends keyof Events & string>(name: Name): Signal<Events[Name]> {
    const signal = new Signal<Events[Name]>(LIBRARY_KEY, name, this.#emitter);
    this.#signals.set(name, signal as unknown as Signal<unknown[]>);
    return signal;
  }

  /** Connects `handler` to the signal `name`; no such signal → `ERR_INVALID_PARAMETER` (logged). */
  connect(name: unknown, handler: unknown): GodotError {
    const signal = this.#find(name);
    if (signal === undefined) return fail(GodotError.ERR_INVALID_PARAMETER, "connect", `no signal named ${shown(name, "string")}`);
    return signal.connect(handler as SignalHandler<unknown[]>);
  }

  /** Disconnects `handler` from the signal `name`; no such signal → `ERR_INVALID_PARAMETER` (logged). */
  disconnect(name: unknown, handler: unknown): GodotError {
    const signal = this.#find(name);
    if (signal === undefined) return fail(GodotError.ERR_INVALID_PARAMETER, "disconnect", `no signal named ${shown(name, "string")}`);
    return signal.disconnect(handler as SignalHandler<unknown[]>);
  }

  /** Whether `handler` is connected to the signal `name`. */
  is_connected(name: unknown, handler: unknown): boolean {
    return this.#find(name)?.is_connected(handler as SignalHandler<unknown[]>) ?? false;
  }

  /** Queues a signal for the next `emitQueued()`; browser callbacks call this, never user code. */
  enqueue<Name extends keyof Events & string>(name: Name, ...args: Events[Name]): void {
    this.#queue.push([name, args]);
  }

  /** Emits every queued signal in arrival order. Stops early if a handler drops the queue (`close()`). */
  emitQueued(): void {
    if (this.#queue.length === 0) return;
    const batch = this.#queue;
    const generation = this.#generation;
    this.#queue = [];
    for (const [name, args] of batch) {
      if (generation !== this.#generation) return;
      this.#emitter.emit(name, args);
    }
  }

  /** Forgets every undelivered signal, including those of an `emitQueued()` in progress. */
  dropQueued(): void {
    this.#queue = [];
    this.#generation++;
  }

  /** The signal called `name`; only strings name signals (a Symbol or a Proxy finds none and never throws). */
  #find(name: unknown): Signal<unknown[]> | undefined {
    return typeof name === "string" ? this.#signals.get(name) : undefined;
  }
}
