// The Variant types beyond the basic ones (issue 10 §2): each JS form encodes to the bytes Godot 4.6's
// var_to_bytes gives for the same value (captured from v4.6.stable.official.89cea1439; e2e/godot/ checks them
// against the running engine) and decodes back to an equal value of the same class.
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import * as V from "../variant";
import { HOSTILE } from "../test-support/bad-input-values";
import { bytes_to_var, decodeVariant, encodeVariant, var_to_bytes } from "./variant-codec";

const hex = (text: string): Uint8Array => Uint8Array.from(text.replace(/\s+/g, "").match(/../g) ?? [], (b) => parseInt(b, 16));
const v2 = (x: number, y: number): V.Vector2 => new V.Vector2(x, y);
const v3 = (x: number, y: number, z: number): V.Vector3 => new V.Vector3(x, y, z);
const v4 = (x: number, y: number, z: number, w: number): V.Vector4 => new V.Vector4(x, y, z, w);
const basis = new V.Basis(v3(1, 2, 3), v3(4, 5, 6), v3(7, 8, 9));

let errors: MockInstance<typeof console.error>;
beforeEach(() => {
  errors = vi.spyOn(console, "error").mockImplementation(() => {});
});
afterEach(() => errors.mockRestore());

/** [GDScript, the JS form, Godot 4.6's var_to_bytes(...).hex_encode()] */
const GODOT_BYTES: [string, V.Variant, string][] = [
  ["Vector2i(1, -2)", new V.Vector2i(1, -2), "0600000001000000feffffff"],
  ["Rect2(1, 2, 3, 4)", new V.Rect2(v2(1, 2), v2(3, 4)), "070000000000803f000000400000404000008040"],
  ["Rect2i(1, 2, 3, 4)", new V.Rect2i(new V.Vector2i(1, 2), new V.Vector2i(3, 4)), "0800000001000000020000000300000004000000"],
  ["Vector3i(1, 2, 3)", new V.Vector3i(1, 2, 3), "0a000000010000000200000003000000"],
  ["Transform2D(Vector2(1, 2), Vector2(3, 4), Vector2(5, 6))", new V.Transform2D(v2(1, 2), v2(3, 4), v2(5, 6)), "0b0000000000803f0000004000004040000080400000a0400000c040"],
  ["Vector4(1, 2, 3, 4)", v4(1, 2, 3, 4), "0c0000000000803f000000400000404000008040"],
  ["Vector4i(1, 2, 3, 4)", new V.Vector4i(1, 2, 3, 4), "0d00000001000000020000000300000004000000"],
  ["Plane(Vector3(0, 1, 0), 2.5)", new V.Plane(v3(0, 1, 0), 2.5), "0e000000000000000000803f0000000000002040"],
  ["Quaternion(0.5, 0.25, 0.125, 1)", new V.Quaternion(0.5, 0.25, 0.125, 1), "0f0000000000003f0000803e0000003e0000803f"],
  ["AABB(Vector3(1, 2, 3), Vector3(4, 5, 6))", new V.AABB(v3(1, 2, 3), v3(4, 5, 6)), "100000000000803f0000004000004040000080400000a0400000c040"],
  ["Basis(columns 1 2 3 / 4 5 6 / 7 8 9): sent row by row", basis, "110000000000803f000080400000e040000000400000a04000000041000040400000c04000001041"],
  ["Transform3D(that Basis, Vector3(10, 11, 12))", new V.Transform3D(basis, v3(10, 11, 12)),
    "120000000000803f000080400000e040000000400000a04000000041000040400000c04000001041000020410000304100004041"],
  ["Projection(columns 1…16)", new V.Projection(v4(1, 2, 3, 4), v4(5, 6, 7, 8), v4(9, 10, 11, 12), v4(13, 14, 15, 16)),
    "130000000000803f0000004000004040000080400000a0400000c0400000e040000000410000104100002041000030410000404100005041000060410000704100008041"],
  ['&"abc"', new V.StringName("abc"), "150000000300000061626300"],
  ['^"/root/Main"', new V.NodePath("/root/Main"), "1600000002000080000000000100000004000000726f6f74040000004d61696e"],
  ['^""', new V.NodePath(""), "16000000000000800000000000000000"],
  ["rid_from_int64(5)", new V.RID(5), "170000000500000000000000"],
  ['PackedStringArray(["a", "bcd", ""])', new V.PackedStringArray(["a", "bcd", ""]), "2200000003000000020000006100000004000000626364000100000000000000"],
  ["PackedVector2Array([Vector2(1, 2)])", new V.PackedVector2Array([v2(1, 2)]), "23000000010000000000803f00000040"],
  ["PackedVector3Array([Vector3(1, 2, 3)])", new V.PackedVector3Array([v3(1, 2, 3)]), "24000000010000000000803f0000004000004040"],
  ["PackedColorArray([Color(0.5, 0.25, 1, 1)])", new V.PackedColorArray([new V.Color(0.5, 0.25, 1, 1)]), "25000000010000000000003f0000803e0000803f0000803f"],
  ["PackedVector4Array([Vector4(1, 2, 3, 4)])", new V.PackedVector4Array([v4(1, 2, 3, 4)]), "26000000010000000000803f000000400000404000008040"],
  ["-0.0 is a float, not int 0", -0, "0300000000000080"],
];

describe("every Variant type but Object: Godot 4.6's bytes both ways", () => {
  it.each(GODOT_BYTES)("%s", (_gd, value, bytes) => {
    expect(Buffer.from(var_to_bytes(value)).toString("hex")).toBe(bytes);
    expect(bytes_to_var(hex(bytes))).toStrictEqual(value);
  });

  it("reads a NodePath whatever Godot left in its padding bytes (4.6 leaves them unset)", () => {
    // ^"A/B:c:d" as Godot 4.6 sent it: "A" padded with "000", "B" with "630", "c" with "ing", "d" with zeros.
    const godot = hex("16000000020000800200000000000000010000004130303001000000423633300100000063696e670100000064000000");
    const path = bytes_to_var(godot) as V.NodePath;
    expect(path).toStrictEqual(new V.NodePath("A/B:c:d"));
    expect(path.names).toEqual(["A", "B"]);
    expect(path.subnames).toEqual(["c", "d"]);
    expect(`${path}`).toBe("A/B:c:d");
  });

  it("parses a NodePath as Godot does: empty names dropped, `.`/`..` kept, a leading `:` is all subnames", () => {
    expect(new V.NodePath("a//b").toString()).toBe("a/b");
    expect(new V.NodePath("../a").names).toEqual(["..", "a"]);
    expect(new V.NodePath(":x").subnames).toEqual(["x"]);
    expect(new V.NodePath("/root").absolute).toBe(true);
  });

  it("reads the double-precision form (a precision=double build) of the real types and packed vectors", () => {
    const doubles = new Float64Array([0.1, 0.2]);
    const vector = new Uint8Array([0x05, 0, 0x01, 0, ...new Uint8Array(doubles.buffer)]);
    expect(bytes_to_var(vector)).toStrictEqual(v2(0.1, 0.2));
    const packed = new Uint8Array([0x23, 0, 0x01, 0, 1, 0, 0, 0, ...new Uint8Array(doubles.buffer)]);
    expect(bytes_to_var(packed)).toStrictEqual(new V.PackedVector2Array([v2(0.1, 0.2)]));
  });

  it("gives an RID past 2^53 as a bigint, and sends it back unchanged", () => {
    const big = new V.RID(2n ** 60n + 1n);
    expect(bytes_to_var(var_to_bytes(big))).toStrictEqual(big);
  });
});

describe("refused, never thrown", () => {
  const bad: [string, unknown, RegExp][] = [
    ["a Vector2i component that is not an int32", new V.Vector2i(1.5, 2), /Vector2i component must be an integer/],
    ["a Vector3i component past int32", new V.Vector3i(2 ** 31, 0, 0), /Vector3i component must be an integer/],
    ["a Rect2 without a size", new V.Rect2(v2(1, 2), null as never), /Rect2 component must be a number/],
    ["a Basis built by hand without columns", Object.create(V.Basis.prototype), /Basis component must be a number/],
    ["a negative RID", new V.RID(-1), /RID id must be an integer/],
    ["a PackedVector2Array holding a Vector3", new V.PackedVector2Array([v3(1, 2, 3) as never]), /values\[0\] must be a Vector2/],
    ["a PackedStringArray holding a number", new V.PackedStringArray([1 as never]), /array of strings/],
    ["a StringName of a number", new V.StringName(5 as never), /StringName text must be a string/],
    ["a function (Callable)", () => {}, /function cannot be encoded/],
  ];
  it.each(bad)("%s", (_what, value, message) => {
    const result = encodeVariant(value, 1 << 20);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });

  const hostile: [string, string, RegExp][] = [
    ["Godot's Callable (header only)", "19000000", /a Callable cannot be decoded/],
    ["Godot's Signal(self, \"ready\")", "1a0000000500000072656164790000001605007a05000000", /a Signal cannot be decoded/],
    ["a truncated Transform3D", "120000000000803f", /truncated Transform3D/],
    ["a NodePath in the pre-3.1 format", "16000000020000000000000000000000", /pre-3.1 format/],
    ["a NodePath claiming 2^31-1 names", "16000000ffffffff0000000000000000", /NodePath name count/],
    ["a PackedVector3Array count past the bytes", "24000000ffffff0f", /PackedVector3Array count/],
    ["a truncated RID", "1700000005000000", /truncated RID/],
  ];
  it.each(hostile)("%s", (_what, bytes, message) => {
    const result = decodeVariant(hex(bytes));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });
});

describe("any value of the new types", () => {
  const real = fc.float({ noNaN: true }).map(Math.fround);
  const int = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
  const vec2 = fc.tuple(real, real).map(([x, y]) => v2(x, y));
  const vec3 = fc.tuple(real, real, real).map(([x, y, z]) => v3(x, y, z));
  const vec4 = fc.tuple(real, real, real, real).map(([x, y, z, w]) => v4(x, y, z, w));
  const value: fc.Arbitrary<V.Variant> = fc.oneof(
    fc.tuple(int, int).map(([x, y]) => new V.Vector2i(x, y)),
    fc.tuple(int, int, int, int).map(([x, y, w, h]) => new V.Rect2i(new V.Vector2i(x, y), new V.Vector2i(w, h))),
    fc.tuple(int, int, int).map(([x, y, z]) => new V.Vector3i(x, y, z)),
    fc.tuple(int, int, int, int).map(([x, y, z, w]) => new V.Vector4i(x, y, z, w)),
    fc.tuple(vec2, vec2).map(([p, q]) => new V.Rect2(p, q)),
    fc.tuple(vec2, vec2, vec2).map(([x, y, o]) => new V.Transform2D(x, y, o)),
    fc.tuple(vec3, real).map(([n, d]) => new V.Plane(n, d)),
    vec4.map((q) => new V.Quaternion(q.x, q.y, q.z, q.w)),
    fc.tuple(vec3, vec3).map(([p, q]) => new V.AABB(p, q)),
    fc.tuple(vec3, vec3, vec3, vec3).map(([x, y, z, o]) => new V.Transform3D(new V.Basis(x, y, z), o)),
    fc.tuple(vec4, vec4, vec4, vec4).map(([x, y, z, w]) => new V.Projection(x, y, z, w)),
    fc.string().map((text) => new V.StringName(text)),
    fc.array(fc.stringMatching(/^[A-Za-z0-9_.]+$/), { maxLength: 3 }).map((names) => new V.NodePath(names.join("/"))),
    fc.oneof(fc.maxSafeNat(), fc.bigInt({ min: 2n ** 53n, max: 2n ** 64n - 1n })).map((id) => new V.RID(id)),
    fc.array(fc.string(), { maxLength: 4 }).map((values) => new V.PackedStringArray(values)),
    fc.array(vec2, { maxLength: 4 }).map((values) => new V.PackedVector2Array(values)),
    fc.array(vec3, { maxLength: 4 }).map((values) => new V.PackedVector3Array(values)),
    fc.array(vec4, { maxLength: 4 }).map((values) => new V.PackedVector4Array(values)),
  );

  it("survives encode → decode as the same class", () => {
    fc.assert(fc.property(fc.array(value, { maxLength: 4 }), (values) => {
      expect(bytes_to_var(var_to_bytes(values))).toStrictEqual(values);
    }));
  });

  it("never throws with a byte flipped", () => {
    const base = var_to_bytes(GODOT_BYTES.map(([, js]) => js));
    fc.assert(fc.property(fc.nat(base.byteLength - 1), fc.integer({ min: 0, max: 255 }), (at, byte) => {
      const copy = base.slice();
      copy[at] = byte;
      decodeVariant(copy);
    }), { numRuns: 2000 });
  });
});

describe("hostile input to the value classes: never an exception", () => {
  const classes = (Object.entries(V) as [string, unknown][]).filter((entry): entry is [string, new (...args: unknown[]) => object] =>
    typeof entry[1] === "function" && /^[A-Z]/.test(entry[0]));
  it.each(HOSTILE)("%s in every constructor argument, then toString and var_to_bytes", (_what, hostile) => {
    for (const [name, Cls] of classes) {
      const value = new Cls(hostile, hostile, hostile, hostile);
      expect(() => String(value), `${name}.toString`).not.toThrow();
      expect(var_to_bytes(value), `var_to_bytes(new ${name}(…))`).toBeInstanceOf(Uint8Array);
    }
  });
});
