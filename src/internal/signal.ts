import mitt, { type Emitter } from "mitt";
import { GodotError } from "../godot/godot-error";
import { fromLibrary, type LibraryKey } from "./library-key";
import { describe, fail, logError } from "./log";

/** Arguments of every signal of one class, by signal name: the single source of names and payloads. */
export type SignalMap = Record<string, unknown[]>;

/** A handler of a signal with arguments `Args`, called with Godot's arguments positionally. */
export type SignalHandler<Args extends unknown[]> = (...args: Args) => void;

/**
 * A Godot 4 signal (`peer.ice_candidate_created.connect(fn)`), carried by its owner's mitt emitter.
 * Handlers run only from the owner's `poll()`; a handler that throws is logged and the others still run.
 */
export class Signal<Args extends unknown[]> {
  readonly #handlers = new Map<SignalHandler<Args>, (args: Args) => void>();
  readonly #name: string;
  readonly #emitter: Emitter<Record<string, unknown[]>>;

  /**
   * @internal Built by the owning object's signal hub; games reach signals as properties of that object. A
   * `new Signal()` from JavaScript logs and gives a signal nothing ever emits.
   */
  constructor(key: LibraryKey, name: string, emitter: Emitter<Record<string, unknown[]>>) {
    const trusted = fromLibrary(key, "Signal");
    this.#name = trusted ? name : "inert signal";
    this.#emitter = trusted ? emitter : mitt();
  }

  /** The signal's name, as in Godot. */
  get name(): string {
    return this.#name;
  }

  /** Connects `handler`. `ERR_INVALID_PARAMETER` if it is not a function or is already connected (as in Godot). */
  connect(handler: SignalHandler<Args>): GodotError {
    if (typeof handler !== "function") {
      return fail(GodotError.ERR_INVALID_PARAMETER, `${this.#name}.connect`, "the handler is not a function");
    }
    if (this.#handlers.has(handler)) {
      return fail(GodotError.ERR_INVALID_PARAMETER, `${this.#name}.connect`, "this handler is already connected");
    }
    const call = (args: Args): void => {
      try {
        handler(...args);
      } catch (error) {
        logError(`${this.#name} handler`, describe(error));
      }
    };
    this.#handlers.set(handler, call);
    this.#emitter.on(this.#name, call as (args: unknown[]) => void);
    return GodotError.OK;
  }

  /** Disconnects `handler`. `ERR_INVALID_PARAMETER` (logged) if it was not connected. */
  disconnect(handler: SignalHandler<Args>): GodotError {
    const call = this.#handlers.get(handler);
    if (!call) {
      return fail(GodotError.ERR_INVALID_PARAMETER, `${this.#name}.disconnect`, "this handler is not connected");
    }
    this.#handlers.delete(handler);
    this.#emitter.off(this.#name, call as (args: unknown[]) => void);
    return GodotError.OK;
  }

  /** Whether `handler` is connected. */
  is_connected(handler: SignalHandler<Args>): boolean {
    return this.#handlers.has(handler);
  }
}
