import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { GodotError } from "../godot/godot-error";
import { GodotObject, signalsOf } from "./godot-object";

type Events = { ping: [n: number]; pong: [text: string] };

/** A GodotObject with a browser-like `arrive()` that queues, a `poll()` and a `close()`. */
class Thing extends GodotObject<Events> {
  readonly #signals = signalsOf<Events>(this);
  readonly ping = this.#signals.signal("ping");
  readonly pong = this.#signals.signal("pong");
  arrive<Name extends keyof Events>(name: Name, ...args: Events[Name]): void {
    this.#signals.enqueue(name, ...args);
  }
  poll(): GodotError {
    this.#signals.emitQueued();
    return GodotError.OK;
  }
  close(): void {
    this.#signals.dropQueued();
  }
}

describe("GodotObject", () => {
  let error: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    error = vi.spyOn(console, "error").mockImplementation(() => {});
  });
  afterEach(() => vi.restoreAllMocks());

  it("connect(name, fn) / disconnect / is_connected reach the same signal as the property", () => {
    const thing = new Thing();
    const handler = vi.fn();
    expect(thing.connect("ping", handler)).toBe(GodotError.OK);
    expect(thing.ping.is_connected(handler)).toBe(true);
    expect(thing.is_connected("ping", handler)).toBe(true);
    expect(thing.ping.connect(handler)).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(thing.disconnect("ping", handler)).toBe(GodotError.OK);
    expect(thing.ping.is_connected(handler)).toBe(false);
  });

  it("offers only the listening methods on its prototype: nothing to emit, queue or drop from JavaScript", () => {
    expect(Object.getOwnPropertyNames(GodotObject.prototype).sort()).toEqual(["connect", "constructor", "disconnect", "is_connected"]);
    const thing = new Thing();
    expect(Object.keys(thing).sort()).toEqual(["ping", "pong"]);
    expect(Object.getOwnPropertyNames(thing.ping)).toEqual([]);
  });

  it("refuses a Symbol or a Proxy as a signal name without throwing", () => {
    const thing = new Thing();
    const name = Symbol("ping");
    const proxy = new Proxy({}, { get: () => { throw new Error("trap"); } });
    for (const bad of [name, proxy]) {
      expect(thing.connect(bad as never, () => {})).toBe(GodotError.ERR_INVALID_PARAMETER);
      expect(thing.is_connected(bad as never, () => {})).toBe(false);
      expect(thing.disconnect(bad as never, () => {})).toBe(GodotError.ERR_INVALID_PARAMETER);
    }
    expect(error).toHaveBeenCalledWith(expect.stringContaining("(a symbol, not a string)"));
  });

  it("refuses an unknown signal name, logging why", () => {
    const thing = new Thing();
    expect(thing.connect("nope" as never, () => {})).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(thing.disconnect("nope" as never, () => {})).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(thing.is_connected("nope" as never, () => {})).toBe(false);
    expect(error).toHaveBeenCalledTimes(2);
  });

  it("emits nothing until poll(), then everything in arrival order across signals", () => {
    const thing = new Thing();
    const seen: string[] = [];
    thing.ping.connect((n) => seen.push(`ping ${n}`));
    thing.pong.connect((text) => seen.push(`pong ${text}`));
    thing.arrive("ping", 1);
    thing.arrive("pong", "a");
    thing.arrive("ping", 2);
    expect(seen).toEqual([]);
    thing.poll();
    expect(seen).toEqual(["ping 1", "pong a", "ping 2"]);
    thing.poll();
    expect(seen).toHaveLength(3);
  });

  it("delivers an event queued by a handler at the next poll(), not the current one", () => {
    const thing = new Thing();
    const seen: number[] = [];
    thing.ping.connect((n) => {
      seen.push(n);
      if (n === 1) thing.arrive("ping", 2);
    });
    thing.arrive("ping", 1);
    thing.poll();
    expect(seen).toEqual([1]);
    thing.poll();
    expect(seen).toEqual([1, 2]);
  });

  it("keeps going after a throwing handler: the remaining events still go out", () => {
    const thing = new Thing();
    const seen: number[] = [];
    thing.ping.connect((n) => {
      if (n === 1) throw new Error("handler broke");
      seen.push(n);
    });
    thing.arrive("ping", 1);
    thing.arrive("ping", 2);
    thing.poll();
    expect(seen).toEqual([2]);
    expect(error).toHaveBeenCalledWith(expect.stringContaining("handler broke"));
  });

  it("stops the rest of a poll() when a handler closes the object, and drops them for good", () => {
    const thing = new Thing();
    const seen: number[] = [];
    thing.ping.connect((n) => {
      seen.push(n);
      if (n === 1) thing.close();
    });
    thing.arrive("ping", 1);
    thing.arrive("ping", 2);
    thing.poll();
    expect(seen).toEqual([1]);
    thing.poll();
    expect(seen).toEqual([1]);
  });

  it("drops undelivered events on close() but delivers those that arrive afterwards", () => {
    const thing = new Thing();
    const seen: number[] = [];
    thing.ping.connect((n) => seen.push(n));
    thing.arrive("ping", 1);
    thing.close();
    thing.arrive("ping", 2);
    thing.poll();
    expect(seen).toEqual([2]);
  });
});
