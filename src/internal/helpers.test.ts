import { afterEach, describe, expect, it, vi } from "vitest";
import { toBytes } from "./bytes";
import { isIntegerIn, isPlainObject, utf8Length } from "./checks";
import { ListenerBag } from "./listener-bag";
import { describe as describeReason } from "./log";
import { lookup } from "./lookup";

afterEach(() => vi.restoreAllMocks());

describe("lookup", () => {
  const table = Object.freeze({ a: 1, b: 2 });
  it("maps known strings and gives the fallback for unknown, non-string and inherited keys", () => {
    expect(lookup(table, "b", 0)).toBe(2);
    expect(lookup(table, "zzz", 0)).toBe(0);
    expect(lookup(table, undefined, 9)).toBe(9);
    expect(lookup(table, 1, 9)).toBe(9);
    expect(lookup(table, "toString", 9)).toBe(9);
    expect(lookup(table, "__proto__", 9)).toBe(9);
  });
});

describe("toBytes", () => {
  it("accepts Uint8Array without copying, other views, ArrayBuffer and number[] of bytes", () => {
    const u8 = new Uint8Array([1, 2]);
    expect(toBytes(u8)).toBe(u8);
    expect(Array.from(toBytes(new Uint16Array([0x0201]))!)).toEqual([1, 2]);
    expect(Array.from(toBytes(new Uint8Array([9, 1, 2, 9]).subarray(1, 3))!)).toEqual([1, 2]);
    expect(Array.from(toBytes(new Uint8Array([3, 4]).buffer)!)).toEqual([3, 4]);
    expect(Array.from(toBytes([0, 255])!)).toEqual([0, 255]);
  });
  it.each([[[256]], [[-1]], [[1.5]], [["1"]], ["text"], [null], [undefined], [{}], [42]])("refuses %j", (input) => {
    expect(toBytes(input)).toBeNull();
  });
});

describe("checks", () => {
  it("isPlainObject: plain and null-prototype objects only", () => {
    expect(isPlainObject({})).toBe(true);
    expect(isPlainObject(Object.create(null))).toBe(true);
    for (const value of [null, [], new Map(), new Date(), "x", 1, undefined]) expect(isPlainObject(value)).toBe(false);
  });
  it("isIntegerIn: integers within the bounds only", () => {
    expect(isIntegerIn(0, 0, 5)).toBe(true);
    expect(isIntegerIn(5, 0, 5)).toBe(true);
    for (const value of [-1, 6, 1.5, NaN, Infinity, "1", null]) expect(isIntegerIn(value, 0, 5)).toBe(false);
  });
  it("utf8Length counts bytes, not UTF-16 units", () => {
    expect(utf8Length("é€😀")).toBe(2 + 3 + 4);
  });
});

describe("describe (log)", () => {
  it("names Error instances and stringifies anything else without throwing", () => {
    expect(describeReason(new TypeError("bad"))).toBe("TypeError: bad");
    expect(describeReason("plain")).toBe("plain");
    expect(describeReason({ toString: () => { throw new Error("no"); } })).toBe("unknown error");
    expect(describeReason(Symbol("s"))).toBe("Symbol(s)");
    const hostile = new Proxy({}, { getPrototypeOf: () => { throw new Error("trap"); }, get: () => { throw new Error("trap"); } });
    expect(describeReason(hostile)).toBe("unknown error");
    const error = new Error("x");
    Object.defineProperty(error, "message", { get: () => { throw new Error("getter"); } });
    expect(describeReason(error)).toBe("unknown error");
  });
});

describe("ListenerBag", () => {
  it("detaches every listener in one call and can be used again", () => {
    const target = new EventTarget();
    const bag = new ListenerBag();
    const handler = vi.fn();
    bag.on(target, "x", handler);
    bag.on(target, "y", handler);
    bag.detachAll();
    target.dispatchEvent(new Event("x"));
    target.dispatchEvent(new Event("y"));
    expect(handler).not.toHaveBeenCalled();
    bag.on(target, "x", handler);
    target.dispatchEvent(new Event("x"));
    expect(handler).toHaveBeenCalledOnce();
  });
});
