import { AABB } from "./aabb";
import { Basis } from "./basis";
import { Color } from "./color";
import { PackedColorArray } from "./packed-color-array";
import { PackedVector2Array } from "./packed-vector2-array";
import { PackedVector3Array } from "./packed-vector3-array";
import { PackedVector4Array } from "./packed-vector4-array";
import { Plane } from "./plane";
import { Projection } from "./projection";
import { Quaternion } from "./quaternion";
import { Rect2 } from "./rect2";
import { Rect2i } from "./rect2i";
import { Transform2D } from "./transform2d";
import { Transform3D } from "./transform3d";
import { VariantType } from "./variant-format";
import { Vector2 } from "./vector2";
import { Vector2i } from "./vector2i";
import { Vector3 } from "./vector3";
import { Vector3i } from "./vector3i";
import { Vector4 } from "./vector4";
import { Vector4i } from "./vector4i";

// The fixed-size Godot types (vectors, rects, transforms, …) as tables: which class, which component kind, and
// the components in the order Godot writes them (checked against Godot 4.6's var_to_bytes in e2e/godot/).

/**
 * How a component is sent: `real` is a float in single precision (a `precision=double` build sends 64-bit, with
 * the header's 64-bit flag, which decoding accepts); `f32` is always single precision (Color); `i32` an int32.
 */
export type ComponentKind = "real" | "f32" | "i32";

/** One fixed-size type: its number, JS class, component kind and count, and the way to and from components. */
export interface StructType {
  readonly type: number;
  readonly name: string;
  readonly cls: new (...args: never[]) => object;
  readonly kind: ComponentKind;
  readonly count: number;
  /** The components in wire order; anything unreadable comes out `undefined` (and is refused by the caller). */
  readonly flatten: (value: unknown) => unknown[];
  /** The value from components in wire order. */
  readonly build: (components: readonly number[]) => object;
}

/** A field of a class: a number, or a nested value of another fixed-size type. */
type Field = string | readonly [string, StructType];
type Ctor = new (...args: never[]) => object;

/**
 * A table entry from the class's constructor parameters in order (each a number or a nested type); `order`
 * permutes the flattened components into wire order (Basis: Godot writes rows, the class holds columns).
 */
function struct(type: number, name: string, cls: Ctor, kind: ComponentKind, fields: readonly Field[], order?: readonly number[]): StructType {
  const sizes = fields.map((field) => (typeof field === "string" ? 1 : field[1].count));
  const count = sizes.reduce((sum, size) => sum + size, 0);
  const flatten = (value: unknown): unknown[] => {
    const flat = fields.flatMap((field) => {
      const item = (value as Record<string, unknown> | null | undefined)?.[typeof field === "string" ? field : field[0]];
      return typeof field === "string" ? [item] : field[1].flatten(item);
    });
    return order === undefined ? flat : order.map((i) => flat[i]);
  };
  const build = (components: readonly number[]): object => {
    const flat = order === undefined ? components : order.map((_, i) => components[order.indexOf(i)]!);
    let at = 0;
    const args = fields.map((field, i) => {
      const part = flat.slice(at, (at += sizes[i]!));
      return typeof field === "string" ? part[0] : field[1].build(part);
    });
    return new (cls as new (...args: unknown[]) => object)(...args);
  };
  if (order === undefined && fields.every((field) => typeof field === "string")) {
    // Plain components (vectors, Color, Quaternion): no nesting to walk, the hot path of game state.
    const names = fields as readonly string[];
    const flatPlain = (value: unknown): unknown[] => {
      const out: unknown[] = [];
      for (const field of names) out.push((value as Record<string, unknown> | null | undefined)?.[field]);
      return out;
    };
    const buildPlain = (components: readonly number[]): object => new (cls as new (...args: number[]) => object)(...components);
    return Object.freeze({ type, name, cls, kind, count, flatten: flatPlain, build: buildPlain });
  }
  return Object.freeze({ type, name, cls, kind, count, flatten, build });
}

const T = VariantType;
const XY = ["x", "y"];
const XYZ = ["x", "y", "z"];
const XYZW = ["x", "y", "z", "w"];
const VECTOR2 = struct(T.TYPE_VECTOR2, "Vector2", Vector2, "real", XY);
const VECTOR2I = struct(T.TYPE_VECTOR2I, "Vector2i", Vector2i, "i32", XY);
const VECTOR3 = struct(T.TYPE_VECTOR3, "Vector3", Vector3, "real", XYZ);
const VECTOR4 = struct(T.TYPE_VECTOR4, "Vector4", Vector4, "real", XYZW);
const BASIS = struct(T.TYPE_BASIS, "Basis", Basis, "real", [["x", VECTOR3], ["y", VECTOR3], ["z", VECTOR3]], [0, 3, 6, 1, 4, 7, 2, 5, 8]);
const COLOR = struct(T.TYPE_COLOR, "Color", Color, "f32", ["r", "g", "b", "a"]);

/** Every fixed-size type. */
export const STRUCT_TYPES: readonly StructType[] = Object.freeze([
  VECTOR2, VECTOR2I, VECTOR3, VECTOR4, BASIS, COLOR,
  struct(T.TYPE_RECT2, "Rect2", Rect2, "real", [["position", VECTOR2], ["size", VECTOR2]]),
  struct(T.TYPE_RECT2I, "Rect2i", Rect2i, "i32", [["position", VECTOR2I], ["size", VECTOR2I]]),
  struct(T.TYPE_VECTOR3I, "Vector3i", Vector3i, "i32", XYZ),
  struct(T.TYPE_TRANSFORM2D, "Transform2D", Transform2D, "real", [["x", VECTOR2], ["y", VECTOR2], ["origin", VECTOR2]]),
  struct(T.TYPE_VECTOR4I, "Vector4i", Vector4i, "i32", XYZW),
  struct(T.TYPE_PLANE, "Plane", Plane, "real", [["normal", VECTOR3], "d"]),
  struct(T.TYPE_QUATERNION, "Quaternion", Quaternion, "real", XYZW),
  struct(T.TYPE_AABB, "AABB", AABB, "real", [["position", VECTOR3], ["size", VECTOR3]]),
  struct(T.TYPE_TRANSFORM3D, "Transform3D", Transform3D, "real", [["basis", BASIS], ["origin", VECTOR3]]),
  struct(T.TYPE_PROJECTION, "Projection", Projection, "real", [["x", VECTOR4], ["y", VECTOR4], ["z", VECTOR4], ["w", VECTOR4]]),
]);

/** A packed array of a fixed-size type: its number, JS class, and the element's table entry. */
export interface PackedStructType {
  readonly type: number;
  readonly name: string;
  readonly cls: new (values: Iterable<never>) => { readonly values: readonly object[] };
  readonly element: StructType;
}

/** PackedVector2Array, PackedVector3Array, PackedColorArray and PackedVector4Array. */
export const PACKED_STRUCT_TYPES: readonly PackedStructType[] = Object.freeze([
  { type: VariantType.TYPE_PACKED_VECTOR2_ARRAY, name: "PackedVector2Array", cls: PackedVector2Array, element: VECTOR2 },
  { type: VariantType.TYPE_PACKED_VECTOR3_ARRAY, name: "PackedVector3Array", cls: PackedVector3Array, element: VECTOR3 },
  { type: VariantType.TYPE_PACKED_COLOR_ARRAY, name: "PackedColorArray", cls: PackedColorArray, element: COLOR },
  { type: VariantType.TYPE_PACKED_VECTOR4_ARRAY, name: "PackedVector4Array", cls: PackedVector4Array, element: VECTOR4 },
].map((entry) => Object.freeze(entry)));

/** The bytes one component takes on the wire: 8 for a `real` under the 64-bit flag, else 4. */
export function componentSize(kind: ComponentKind, flag64: boolean): number {
  return kind === "real" && flag64 ? 8 : 4;
}
