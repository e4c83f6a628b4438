// One value of every Variant type but Object, written twice: as GDScript (run by the real engine) and as its
// documented JS form (src/variant). The Godot specs check each pair both ways: Godot's var_to_bytes decodes to
// the JS form, and Godot's bytes_to_var of our bytes is `==` to the GDScript value with the same `typeof`.
import * as V from "../../src/variant";

/** A corpus entry. */
export interface CorpusEntry {
  /** A GDScript expression. */
  gd: string;
  /** Its JS form. */
  js: V.Variant;
  /**
   * Whether our bytes equal Godot's byte for byte. Not where Godot leaves padding bytes unset (NodePath names
   * shorter than a multiple of 4), nor for typed containers, which arrive as plain ones and go back untyped.
   */
  exactBytes?: boolean;
}

const f = Math.fround;
const v2 = (x: number, y: number): V.Vector2 => new V.Vector2(x, y);
const v3 = (x: number, y: number, z: number): V.Vector3 => new V.Vector3(x, y, z);
const v4 = (x: number, y: number, z: number, w: number): V.Vector4 => new V.Vector4(x, y, z, w);
const BASIS_GD = "Basis(Vector3(1, 0.5, 0), Vector3(-0.5, 1, 0), Vector3(0, 0, 2))";
const basis = new V.Basis(v3(1, 0.5, 0), v3(-0.5, 1, 0), v3(0, 0, 2));

export const VARIANT_CORPUS: readonly CorpusEntry[] = [
  { gd: "null", js: null },
  { gd: "true", js: true },
  { gd: "false", js: false },
  { gd: "0", js: 0 },
  { gd: "-1", js: -1 },
  { gd: "2147483647", js: 2147483647 },
  { gd: "-2147483648", js: -2147483648 },
  { gd: "2147483648", js: 2147483648 },
  { gd: "9007199254740993", js: 9007199254740993n },
  { gd: "9223372036854775807", js: 2n ** 63n - 1n },
  { gd: "-9223372036854775807 - 1", js: -(2n ** 63n) },
  { gd: "1.5", js: 1.5 },
  { gd: "0.1", js: 0.1 },
  { gd: "-0.0", js: -0 },
  { gd: "1e300", js: 1e300 },
  { gd: "INF", js: Infinity },
  { gd: "-INF", js: -Infinity },
  { gd: "NAN", js: NaN },
  { gd: '""', js: "" },
  { gd: '"héllo ✓ 🎮"', js: "héllo ✓ 🎮" },
  { gd: "Vector2(1.5, -2.25)", js: v2(1.5, -2.25) },
  { gd: "Vector2i(1, -2)", js: new V.Vector2i(1, -2) },
  { gd: "Rect2(0.1, 2, 3, 4)", js: new V.Rect2(v2(f(0.1), 2), v2(3, 4)) },
  { gd: "Rect2i(-1, 2, 3, 4)", js: new V.Rect2i(new V.Vector2i(-1, 2), new V.Vector2i(3, 4)) },
  { gd: "Vector3(0.1, 0.2, 0.3)", js: v3(f(0.1), f(0.2), f(0.3)) },
  { gd: "Vector3i(1, 2, -2147483648)", js: new V.Vector3i(1, 2, -2147483648) },
  { gd: "Transform2D(Vector2(1, 2), Vector2(3, 4), Vector2(5, 6))", js: new V.Transform2D(v2(1, 2), v2(3, 4), v2(5, 6)) },
  { gd: "Vector4(1, 2.5, -3, 4)", js: v4(1, 2.5, -3, 4) },
  { gd: "Vector4i(1, 2, 3, 4)", js: new V.Vector4i(1, 2, 3, 4) },
  { gd: "Plane(Vector3(0, 1, 0), 2.5)", js: new V.Plane(v3(0, 1, 0), 2.5) },
  { gd: "Quaternion(0.5, 0.25, 0.125, 1)", js: new V.Quaternion(0.5, 0.25, 0.125, 1) },
  { gd: "AABB(Vector3(1, 2, 3), Vector3(4, 5, 6))", js: new V.AABB(v3(1, 2, 3), v3(4, 5, 6)) },
  { gd: BASIS_GD, js: basis },
  { gd: `Transform3D(${BASIS_GD}, Vector3(10, 11, 12))`, js: new V.Transform3D(basis, v3(10, 11, 12)) },
  { gd: "Projection(Vector4(1, 2, 3, 4), Vector4(5, 6, 7, 8), Vector4(9, 10, 11, 12), Vector4(13, 14, 15, 16))",
    js: new V.Projection(v4(1, 2, 3, 4), v4(5, 6, 7, 8), v4(9, 10, 11, 12), v4(13, 14, 15, 16)) },
  { gd: "Color(0.1, 0.2, 0.3, 0.4)", js: new V.Color(f(0.1), f(0.2), f(0.3), f(0.4)) },
  { gd: '&"player_name"', js: new V.StringName("player_name") },
  { gd: '^"A/B:c:d"', js: new V.NodePath("A/B:c:d"), exactBytes: false },
  { gd: '^"/root/Main"', js: new V.NodePath("/root/Main") },
  { gd: '^"../Sibling"', js: new V.NodePath("../Sibling"), exactBytes: false },
  { gd: '^""', js: new V.NodePath("") },
  { gd: "rid_from_int64(5)", js: new V.RID(5) },
  { gd: "RID()", js: new V.RID(0) },
  { gd: "[]", js: [] },
  { gd: '[1, "two", [3.5, null]]', js: [1, "two", [3.5, null]] },
  { gd: "Array([1, 2], TYPE_INT, &\"\", null)", js: [1, 2], exactBytes: false },
  { gd: "{}", js: {} },
  { gd: '{"a": 1, "b": [2, "c"]}', js: { a: 1, b: [2, "c"] } },
  { gd: '{1: "one", Vector2(1, 2): true}', js: new Map<V.Variant, V.Variant>([[1, "one"], [v2(1, 2), true]]) },
  { gd: 'Dictionary({"k": 3}, TYPE_STRING, &"", null, TYPE_INT, &"", null)', js: { k: 3 }, exactBytes: false },
  { gd: '{"pos": Vector3(1, 2, 3), "tags": PackedStringArray(["x"]), "id": &"n"}',
    js: { pos: v3(1, 2, 3), tags: new V.PackedStringArray(["x"]), id: new V.StringName("n") } },
  { gd: "PackedByteArray([0, 255, 7])", js: new Uint8Array([0, 255, 7]) },
  { gd: "PackedInt32Array([1, -2])", js: new Int32Array([1, -2]) },
  { gd: "PackedInt64Array([1, 1099511627776])", js: new BigInt64Array([1n, 2n ** 40n]) },
  { gd: "PackedFloat32Array([1.5, 0.1])", js: new Float32Array([1.5, 0.1]) },
  { gd: "PackedFloat64Array([0.1, -0.0])", js: new Float64Array([0.1, -0]) },
  { gd: 'PackedStringArray(["a", "bcd", ""])', js: new V.PackedStringArray(["a", "bcd", ""]) },
  { gd: "PackedStringArray()", js: new V.PackedStringArray() },
  { gd: "PackedVector2Array([Vector2(1, 2), Vector2(-3, 0.5)])", js: new V.PackedVector2Array([v2(1, 2), v2(-3, 0.5)]) },
  { gd: "PackedVector3Array([Vector3(1, 2, 3)])", js: new V.PackedVector3Array([v3(1, 2, 3)]) },
  { gd: "PackedColorArray([Color(0.5, 0.25, 1, 1)])", js: new V.PackedColorArray([new V.Color(0.5, 0.25, 1, 1)]) },
  { gd: "PackedVector4Array([Vector4(1, 2, 3, 4)])", js: new V.PackedVector4Array([v4(1, 2, 3, 4)]) },
];

/** The corpus as a GDScript array literal (one entry a line, tab-indented for a function body). */
export function corpusGd(indent = "\t\t"): string {
  return `[\n${VARIANT_CORPUS.map((entry) => `${indent}${entry.gd},`).join("\n")}\n${indent.slice(1)}]`;
}
