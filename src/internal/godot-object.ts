import mitt, { type Emitter } from "mitt";
import { GodotError } from "../godot/godot-error";
import { fail } from "./log";
import { Signal, type SignalHandler, type SignalMap } from "./signal";

/** The `Signal` objects of a class, one per name of its signal map. */
export type Signals<Events extends SignalMap> = { readonly [Name in keyof Events]: Signal<Events[Name]> };

/**
 * What Godot's `Object` gives the classes with signals: `connect(name, fn)` / `disconnect` / `is_connected`
 * over one mitt emitter, and a queue that browser callbacks fill and `poll()` drains in arrival order.
 */
export abstract class GodotObject<Events extends SignalMap> {
  readonly #emitter: Emitter<Record<string, unknown[]>> = mitt();
  readonly #signals = new Map<string, Signal<unknown[]>>();
  #queue: [keyof Events & string, unknown[]][] = [];
  #generation = 0;

  /** Builds the `Signal` object for `name`; subclasses expose each as a property. */
  protected signal<Name extends keyof Events & string>(name: Name): Signal<Events[Name]> {
    const signal = new Signal<Events[Name]>(name, this.#emitter);
    this.#signals.set(name, signal as unknown as Signal<unknown[]>);
    return signal;
  }

  /** Connects `handler` to the signal `name` (Godot's `Object.connect`). */
  connect<Name extends keyof Events & string>(name: Name, handler: SignalHandler<Events[Name]>): GodotError {
    const signal = this.#signals.get(name);
    if (!signal) return fail(GodotError.ERR_INVALID_PARAMETER, "connect", `no signal named ${quoteName(name)}`);
    return signal.connect(handler as SignalHandler<unknown[]>);
  }

  /** Disconnects `handler` from the signal `name` (Godot's `Object.disconnect`). */
  disconnect<Name extends keyof Events & string>(name: Name, handler: SignalHandler<Events[Name]>): GodotError {
    const signal = this.#signals.get(name);
    if (!signal) return fail(GodotError.ERR_INVALID_PARAMETER, "disconnect", `no signal named ${quoteName(name)}`);
    return signal.disconnect(handler as SignalHandler<unknown[]>);
  }

  /** Whether `handler` is connected to the signal `name` (Godot's `Object.is_connected`). */
  is_connected<Name extends keyof Events & string>(name: Name, handler: SignalHandler<Events[Name]>): boolean {
    return this.#signals.get(name)?.is_connected(handler as SignalHandler<unknown[]>) ?? false;
  }

  /** Queues a signal for the next `poll()`; browser callbacks call this, never user code. */
  protected enqueue<Name extends keyof Events & string>(name: Name, ...args: Events[Name]): void {
    this.#queue.push([name, args]);
  }

  /** Emits every queued signal in arrival order. Stops early if a handler drops the queue (`close()`). */
  protected emitQueued(): void {
    if (this.#queue.length === 0) return;
    const batch = this.#queue;
    const generation = this.#generation;
    this.#queue = [];
    for (const [name, args] of batch) {
      if (generation !== this.#generation) return;
      this.#emitter.emit(name, args);
    }
  }

  /** Forgets every undelivered signal, including those of a `poll()` in progress. */
  protected dropQueued(): void {
    this.#queue = [];
    this.#generation++;
  }
}

/** A signal name for a log line; never throws, whatever a game passed (a Symbol, a hostile Proxy). */
function quoteName(name: unknown): string {
  return typeof name === "string" ? `"${name}"` : `(a ${typeof name}, not a string)`;
}
