import mitt from "mitt";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { GodotError } from "../godot/godot-error";
import { LIBRARY_KEY } from "./library-key";
import { Signal } from "./signal";

describe("Signal", () => {
  let error: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    error = vi.spyOn(console, "error").mockImplementation(() => {});
  });
  afterEach(() => vi.restoreAllMocks());

  function make(): { signal: Signal<[number, string]>; emit: (...args: [number, string]) => void } {
    const emitter = mitt<Record<string, unknown[]>>();
    return { signal: new Signal<[number, string]>(LIBRARY_KEY, "thing_happened", emitter), emit: (...args) => emitter.emit("thing_happened", args) };
  }

  it("calls connected handlers with Godot's arguments positionally", () => {
    const { signal, emit } = make();
    const handler = vi.fn();
    expect(signal.connect(handler)).toBe(GodotError.OK);
    expect(signal.is_connected(handler)).toBe(true);
    emit(7, "seven");
    expect(handler).toHaveBeenCalledExactlyOnceWith(7, "seven");
  });

  it("stops calling a handler once disconnected", () => {
    const { signal, emit } = make();
    const handler = vi.fn();
    signal.connect(handler);
    expect(signal.disconnect(handler)).toBe(GodotError.OK);
    expect(signal.is_connected(handler)).toBe(false);
    emit(1, "a");
    expect(handler).not.toHaveBeenCalled();
  });

  it("refuses a second connection of the same handler, as Godot does", () => {
    const { signal, emit } = make();
    const handler = vi.fn();
    signal.connect(handler);
    expect(signal.connect(handler)).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(error).toHaveBeenCalled();
    emit(1, "a");
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it("refuses a non-function handler and disconnecting an unknown handler, logging why", () => {
    const { signal } = make();
    expect(signal.connect("nope" as never)).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(signal.disconnect(() => {})).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(error).toHaveBeenCalledTimes(2);
  });

  it("logs a throwing handler and still runs the others", () => {
    const { signal, emit } = make();
    const after = vi.fn();
    signal.connect(() => {
      throw new Error("boom");
    });
    signal.connect(after);
    emit(1, "a");
    expect(after).toHaveBeenCalledOnce();
    expect(error).toHaveBeenCalledWith(expect.stringContaining("boom"));
  });

  it("keeps two signals of one emitter apart", () => {
    const emitter = mitt<Record<string, unknown[]>>();
    const a = new Signal<[]>(LIBRARY_KEY, "a", emitter);
    const b = new Signal<[]>(LIBRARY_KEY, "b", emitter);
    const onA = vi.fn();
    const onB = vi.fn();
    a.connect(onA);
    b.connect(onB);
    emitter.emit("a", []);
    expect(onA).toHaveBeenCalledOnce();
    expect(onB).not.toHaveBeenCalled();
  });

  it("new Signal() from JavaScript logs and gives a signal nothing emits, without touching the emitter it was given", () => {
    const emitter = mitt<Record<string, unknown[]>>();
    const Construct = Signal as unknown as new (...args: unknown[]) => Signal<[]>;
    const forged = new Construct("a", emitter);
    expect(error).toHaveBeenCalledWith(expect.stringContaining("made by the library"));
    const handler = vi.fn();
    expect(forged.connect(handler)).toBe(GodotError.OK);
    emitter.emit("a", []);
    expect(handler).not.toHaveBeenCalled();
    expect(emitter.all.size).toBe(0);
    expect(Object.getOwnPropertyNames(forged)).toEqual([]);
    expect(() => new Construct()).not.toThrow();
  });
});
