import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { Color } from "./color";
import { GodotError } from "../godot/godot-error";
import { GodotFloat } from "./godot-float";
import { PackedStringArray } from "./packed-string-array";
import { StringName } from "./string-name";
import { bytes_to_var, decodeVariant, encodeVariant, MAX_DEPTH, var_to_bytes, type Variant } from "./variant-codec";
import { Vector2 } from "./vector2";
import { Vector3 } from "./vector3";

/** "02 00 00 00" → bytes, so expectations read like Godot's documentation. */
const hex = (text: string): Uint8Array => Uint8Array.from(text.split(/\s+/).filter(Boolean).map((b) => parseInt(b, 16)));
const show = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(" ");
const roundTrip = (value: unknown): Variant => bytes_to_var(var_to_bytes(value));

let errors: MockInstance<typeof console.error>;
beforeEach(() => {
  errors = vi.spyOn(console, "error").mockImplementation(() => {});
});
afterEach(() => {
  errors.mockRestore();
});

describe("encoding matches Godot 4 byte for byte", () => {
  const cases: [string, unknown, string][] = [
    ["null", null, "00 00 00 00"],
    ["true", true, "01 00 00 00 01 00 00 00"],
    ["false", false, "01 00 00 00 00 00 00 00"],
    ["put_var(1) from Godot's docs", 1, "02 00 00 00 01 00 00 00"],
    ["-1 as a 32-bit int", -1, "02 00 00 00 ff ff ff ff"],
    ["int32 max stays 32-bit", 2147483647, "02 00 00 00 ff ff ff 7f"],
    ["int32 min stays 32-bit", -2147483648, "02 00 00 00 00 00 00 80"],
    ["2^31 takes the 64-bit form with flag 1<<16", 2 ** 31, "02 00 01 00 00 00 00 80 00 00 00 00"],
    ["2^32 as 64-bit", 2 ** 32, "02 00 01 00 00 00 00 00 01 00 00 00"],
    ["int64 max as a bigint", 2n ** 63n - 1n, "02 00 01 00 ff ff ff ff ff ff ff 7f"],
    ["int64 min as a bigint", -(2n ** 63n), "02 00 01 00 00 00 00 00 00 00 00 80"],
    ["a small bigint takes the 32-bit form, as in Godot", 5n, "02 00 00 00 05 00 00 00"],
    ["1.5 fits single precision: 32-bit float", 1.5, "03 00 00 00 00 00 c0 3f"],
    ["0.1 does not: 64-bit float with the flag", 0.1, "03 00 01 00 9a 99 99 99 99 99 b9 3f"],
    ["GodotFloat(2) forces a float", new GodotFloat(2), "03 00 00 00 00 00 00 40"],
    ["\"ab\" from Godot's docs, padded to 4", "ab", "04 00 00 00 02 00 00 00 61 62 00 00"],
    ["\"\"", "", "04 00 00 00 00 00 00 00"],
    ["\"abcd\" needs no padding", "abcd", "04 00 00 00 04 00 00 00 61 62 63 64"],
    ["UTF-8 length in bytes", "é", "04 00 00 00 02 00 00 00 c3 a9 00 00"],
    ["Vector2(1, 2)", new Vector2(1, 2), "05 00 00 00 00 00 80 3f 00 00 00 40"],
    ["Vector3(1, 2, 3)", new Vector3(1, 2, 3), "09 00 00 00 00 00 80 3f 00 00 00 40 00 00 40 40"],
    ["Color(1, 0, 0)", new Color(1, 0, 0), "14 00 00 00 00 00 80 3f 00 00 00 00 00 00 00 00 00 00 80 3f"],
    ["[]", [], "1c 00 00 00 00 00 00 00"],
    ["[1, \"a\"]", [1, "a"], "1c 00 00 00 02 00 00 00 02 00 00 00 01 00 00 00 04 00 00 00 01 00 00 00 61 00 00 00"],
    ["{}", {}, "1b 00 00 00 00 00 00 00"],
    ["{\"a\": 1}", { a: 1 }, "1b 00 00 00 01 00 00 00 04 00 00 00 01 00 00 00 61 00 00 00 02 00 00 00 01 00 00 00"],
    ["{1: [true]} as a Map", new Map([[1, [true]]]), "1b 00 00 00 01 00 00 00 02 00 00 00 01 00 00 00 1c 00 00 00 01 00 00 00 01 00 00 00 01 00 00 00"],
    ["PackedByteArray [1, 2, 3]", Uint8Array.of(1, 2, 3), "1d 00 00 00 03 00 00 00 01 02 03 00"],
    ["an ArrayBuffer is a PackedByteArray", Uint8Array.of(9).buffer, "1d 00 00 00 01 00 00 00 09 00 00 00"],
    ["PackedInt32Array", Int32Array.of(-1), "1e 00 00 00 01 00 00 00 ff ff ff ff"],
    ["PackedInt64Array", BigInt64Array.of(1n), "1f 00 00 00 01 00 00 00 01 00 00 00 00 00 00 00"],
    ["PackedFloat32Array", Float32Array.of(1), "20 00 00 00 01 00 00 00 00 00 80 3f"],
    ["PackedFloat64Array", Float64Array.of(1), "21 00 00 00 01 00 00 00 00 00 00 00 00 00 f0 3f"],
  ];
  it.each(cases)("%s", (_name, value, expected) => {
    expect(show(var_to_bytes(value))).toBe(show(hex(expected)));
    expect(errors).not.toHaveBeenCalled();
  });

  it("every encoded value is a multiple of 4 bytes long", () => {
    for (const [, value] of cases) expect(var_to_bytes(value).byteLength % 4).toBe(0);
  });
});

describe("decoding", () => {
  it("reads Godot's documented examples", () => {
    expect(bytes_to_var(hex("02 00 00 00 01 00 00 00"))).toBe(1);
    expect(bytes_to_var(hex("04 00 00 00 02 00 00 00 61 62 00 00"))).toBe("ab");
  });

  it("gives a number for 64-bit ints that are safe integers and a bigint for the rest", () => {
    expect(bytes_to_var(hex("02 00 01 00 00 00 00 00 01 00 00 00"))).toBe(2 ** 32);
    expect(bytes_to_var(hex("02 00 01 00 ff ff ff ff ff ff ff 7f"))).toBe(2n ** 63n - 1n);
    expect(bytes_to_var(hex("02 00 01 00 ff ff ff ff ff ff ff ff"))).toBe(-1);
  });

  it("reads both float widths and both Vector widths (a precision=double build sends 64-bit)", () => {
    expect(bytes_to_var(hex("03 00 00 00 00 00 c0 3f"))).toBe(1.5);
    expect(bytes_to_var(hex("03 00 01 00 9a 99 99 99 99 99 b9 3f"))).toBe(0.1);
    expect(bytes_to_var(hex("05 00 01 00 00 00 00 00 00 00 f8 3f 00 00 00 00 00 00 00 c0"))).toEqual(new Vector2(1.5, -2));
  });

  it("reads a StringName as a StringName and a PackedStringArray as a PackedStringArray (Godot counts the NUL)", () => {
    expect(bytes_to_var(hex("15 00 00 00 02 00 00 00 68 69 00 00"))).toStrictEqual(new StringName("hi"));
    expect(bytes_to_var(hex("22 00 00 00 02 00 00 00 02 00 00 00 61 00 00 00 01 00 00 00 00 00 00 00"))).toStrictEqual(new PackedStringArray(["a", ""]));
  });

  it("reads a typed Array[int] and a typed Dictionary[String, int] (Godot 4.4+) as plain containers", () => {
    expect(bytes_to_var(hex("1c 00 01 00 02 00 00 00 01 00 00 00 02 00 00 00 07 00 00 00"))).toEqual([7]);
    const typedDict = hex("1b 00 05 00 04 00 00 00 02 00 00 00 01 00 00 00 04 00 00 00 01 00 00 00 6b 00 00 00 02 00 00 00 03 00 00 00");
    expect(bytes_to_var(typedDict)).toEqual({ k: 3 });
  });

  it("gives a plain object when every key is a string, a Map otherwise", () => {
    expect(roundTrip(new Map<Variant, Variant>([["a", 1]]))).toEqual({ a: 1 });
    const mixed = roundTrip(new Map<Variant, Variant>([["a", 1], [2, "b"]]));
    expect(mixed).toBeInstanceOf(Map);
    expect([...(mixed as Map<Variant, Variant>)]).toEqual([["a", 1], [2, "b"]]);
  });

  it("keeps a \"__proto__\" key from the wire as data, never as the prototype", () => {
    const decoded = bytes_to_var(var_to_bytes(new Map([["__proto__", { polluted: true }]]))) as Record<string, Variant>;
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(Object.keys(decoded)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("ignores bytes after the value, as Godot does, and reports the length used", () => {
    const result = decodeVariant(hex("02 00 00 00 01 00 00 00 ff ff"));
    expect(result).toEqual({ ok: true, value: 1, length: 8 });
  });

  it("accepts a final PackedByteArray without its padding, as Godot does", () => {
    expect(bytes_to_var(hex("1d 00 00 00 01 00 00 00 2a"))).toEqual(Uint8Array.of(42));
  });
});

describe("round trips", () => {
  it.each<[string, unknown]>([
    ["nested Array and Dictionary", { name: "p1", pos: [1, -2, 3.25], tags: ["a", "é", ""], inv: { sword: 1, shield: null }, ok: true }],
    ["big and negative ints", [0, -1, 2 ** 31, -(2 ** 31) - 1, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 2n ** 62n]],
    ["non-integer floats, NaN and infinities", [0.1, -1e-300, 1.5, Number.NaN, Infinity, -Infinity]],
    ["vectors and colours with single-precision components", [new Vector2(0.5, -3), new Vector3(1, 2, 3), new Color(0.25, 0.5, 0.75, 1)]],
    ["packed arrays", [Uint8Array.of(1, 2, 3, 4, 5), Int32Array.of(1, -2), BigInt64Array.of(-(2n ** 63n)), Float32Array.of(0.5), Float64Array.of(0.1)]],
  ])("%s", (_name, value) => {
    expect(roundTrip(value)).toEqual(value);
  });

  it("an integer number beyond ±(2^53 − 1) is sent as an int and comes back as a bigint (it has no safe number form)", () => {
    expect(roundTrip(2 ** 53)).toBe(2n ** 53n);
    expect(roundTrip(-(2 ** 60))).toBe(-(2n ** 60n));
  });

  it("a float that is an integer comes back as a number (send GodotFloat to keep it a float on the way out)", () => {
    expect(roundTrip(new GodotFloat(3))).toBe(3);
    expect(var_to_bytes(roundTrip(new GodotFloat(3)))[0]).toBe(2);
  });

  it("vector components are rounded to single precision, as Godot stores them", () => {
    expect(roundTrip(new Vector2(0.1, 0))).toEqual(new Vector2(Math.fround(0.1), 0));
  });

  it("any JSON-like value survives encode → decode", () => {
    const leaf = fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.maxSafeInteger(), fc.double({ noNaN: true }).filter((d) => !Object.is(d, -0) && (!Number.isInteger(d) || Number.isSafeInteger(d))), fc.string());
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: "small" }, leaf, fc.array(tie("node"), { maxLength: 4 }), fc.dictionary(fc.string(), tie("node"), { maxKeys: 4 })),
    })).node;
    fc.assert(fc.property(value, (v) => {
      expect(roundTrip(v)).toEqual(v);
    }));
  });

  it("nests up to MAX_DEPTH levels in both directions", () => {
    let deep: unknown = 1;
    for (let i = 0; i < MAX_DEPTH; i++) deep = [deep];
    expect(roundTrip(deep)).toEqual(deep);
    expect(errors).not.toHaveBeenCalled();
  });
});

describe("values it cannot encode → ERR_INVALID_PARAMETER, never an exception", () => {
  class Player {}
  const cyclic: unknown[] = [];
  cyclic.push(cyclic);
  it.each<[string, unknown]>([
    ["undefined", undefined],
    ["undefined inside a Dictionary", { a: undefined }],
    ["a function", () => 1],
    ["a symbol", Symbol("s")],
    ["a Date", new Date(0)],
    ["a class instance", new Player()],
    ["a Uint16Array", new Uint16Array(1)],
    ["a bigint beyond int64", 2n ** 63n],
    ["a cycle", cyclic],
    ["a GodotFloat without a number", new GodotFloat("1" as unknown as number)],
    ["a Vector2 with a string component", new Vector2("1" as unknown as number, 0)],
  ])("%s", (_name, value) => {
    const result = encodeVariant(value, 1 << 20);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(var_to_bytes(value)).toEqual(new Uint8Array(0));
    expect(errors).toHaveBeenCalled();
  });

  it("says where in the value it failed", () => {
    const result = encodeVariant({ players: [{ name: "a" }, { name: () => 1 }] }, 1 << 20);
    expect(result.ok || result.message).toMatch(/at \.players\[1\]\.name$/);
  });

  it("more bytes than the limit → ERR_OUT_OF_MEMORY without building the whole value", () => {
    const result = encodeVariant(new Uint8Array(5000), 4096);
    expect(result.ok ? 0 : result.error).toBe(GodotError.ERR_OUT_OF_MEMORY);
    expect(encodeVariant(new Uint8Array(4088), 4096).ok).toBe(true);
  });
});

describe("hostile bytes → null with an error logged, never an exception or a huge allocation", () => {
  const nested = (levels: number): Uint8Array => {
    const bytes = new Uint8Array(levels * 8 + 4);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < levels; i++) {
      view.setUint32(i * 8, 28, true);
      view.setUint32(i * 8 + 4, 1, true);
    }
    return bytes; // the innermost value is NIL (zeros)
  };
  it.each<[string, Uint8Array, RegExp]>([
    ["empty input", hex(""), /truncated header/],
    ["a partial header", hex("02 00 00"), /truncated header/],
    ["a truncated int", hex("02 00 00 00 01 00"), /truncated int/],
    ["a truncated 64-bit int", hex("02 00 01 00 01 00 00 00"), /truncated 64-bit int/],
    ["an unknown type", hex("63 00 00 00"), /unknown type 99/],
    ["an Object (as an id)", hex("18 00 01 00 01 00 00 00 00 00 00 00"), /an Object cannot be decoded/],
    ["a string length of 2^31-1 with 4 bytes present", hex("04 00 00 00 ff ff ff 7f 61 62 63 64"), /truncated String/],
    ["a negative string length", hex("04 00 00 00 ff ff ff ff 61 62 63 64"), /negative String length/],
    ["a string missing its padding", hex("04 00 00 00 01 00 00 00 61"), /truncated String/],
    ["invalid UTF-8", hex("04 00 00 00 02 00 00 00 c3 28 00 00"), /not valid UTF-8/],
    ["an Array count of 2^31-1", hex("1c 00 00 00 ff ff ff 7f 00 00 00 00"), /Array count 2147483647/],
    ["a Dictionary count beyond the bytes", hex("1b 00 00 00 02 00 00 00 00 00 00 00 00 00 00 00"), /Dictionary count 2/],
    ["a negative PackedByteArray count", hex("1d 00 00 00 ff ff ff ff"), /negative PackedByteArray count/],
    ["a PackedByteArray count of 2^31-1", hex("1d 00 00 00 ff ff ff 7f 00 00 00 00"), /PackedByteArray count/],
    ["a PackedInt64Array count that overflows when multiplied", hex("1f 00 00 00 00 00 00 40"), /PackedInt64Array count/],
    ["an unknown typed-Array element type", hex("1c 00 01 00 63 00 00 00 00 00 00 00"), /container element type 99/],
    ["an Array element that is garbage", hex("1c 00 00 00 01 00 00 00 63 00 00 00"), /unknown type 99/],
    ["nesting one level beyond MAX_DEPTH", nested(MAX_DEPTH + 1), /nested deeper than 1024/],
  ])("%s", (_name, bytes, reason) => {
    const result = decodeVariant(bytes);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(reason);
    expect(bytes_to_var(bytes)).toBeNull();
    expect(errors).toHaveBeenCalledWith(expect.stringMatching(reason));
  });

  it("decodes nesting of exactly MAX_DEPTH levels", () => {
    expect(decodeVariant(nested(MAX_DEPTH)).ok).toBe(true);
  });

  it("input that is not bytes → null", () => {
    expect(bytes_to_var("02000000")).toBeNull();
    expect(errors).toHaveBeenCalled();
  });

  it("random bytes never throw", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
      decodeVariant(bytes);
    }), { numRuns: 2000 });
  });

  it("valid encodings with flipped bytes never throw", () => {
    const base = var_to_bytes({ a: [1, 2.5, "x", Uint8Array.of(1)], b: new Map([[1, new Vector3()]]) });
    fc.assert(fc.property(fc.nat(base.byteLength - 1), fc.integer({ min: 0, max: 255 }), (at, byte) => {
      const copy = base.slice();
      copy[at] = byte;
      decodeVariant(copy);
    }), { numRuns: 2000 });
  });
});
