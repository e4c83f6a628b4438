import type { GodotError } from "../godot/godot-error";
import type { SignalHandler, SignalMap } from "./signal";
import { SignalHub } from "./signal-hub";

let hubOf: (object: GodotObject<SignalMap>) => SignalHub<SignalMap>;

/**
 * What Godot's `Object` gives every class here: `connect(name, fn)` / `disconnect` / `is_connected`. Nothing
 * else is on its prototype: the emitter and the event queue live in a `#private` `SignalHub` that only the
 * library reaches, through `signalsOf(this)` (a subclass calls it once, in a `#private` field initializer).
 */
export abstract class GodotObject<Events extends SignalMap> {
  readonly #hub = new SignalHub<Events>();

  static {
    hubOf = (object) => object.#hub;
  }

  /** Connects `handler` to the signal `name` (Godot's `Object.connect`); unknown name → `ERR_INVALID_PARAMETER`. */
  connect<Name extends keyof Events & string>(name: Name, handler: SignalHandler<Events[Name]>): GodotError {
    return this.#hub.connect(name, handler);
  }

  /** Disconnects `handler` from the signal `name` (Godot's `Object.disconnect`); unknown name → `ERR_INVALID_PARAMETER`. */
  disconnect<Name extends keyof Events & string>(name: Name, handler: SignalHandler<Events[Name]>): GodotError {
    return this.#hub.disconnect(name, handler);
  }

  /** Whether `handler` is connected to the signal `name` (Godot's `Object.is_connected`). */
  is_connected<Name extends keyof Events & string>(name: Name, handler: SignalHandler<Events[Name]>): boolean {
    return this.#hub.is_connected(name, handler);
  }
}

/**
 * The signal hub of `object`, for the class that owns it: `readonly #signals = signalsOf<MySignals>(this);`.
 * Module scope, not a member, so it is on no prototype a game can reach.
 */
export function signalsOf<Events extends SignalMap>(object: GodotObject<Events>): SignalHub<Events> {
  return hubOf(object as unknown as GodotObject<SignalMap>) as unknown as SignalHub<Events>;
}
