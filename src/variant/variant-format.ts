import type { AABB } from "./aabb";
import type { Basis } from "./basis";
import type { Color } from "./color";
import type { GodotFloat } from "./godot-float";
import type { NodePath } from "./node-path";
import type { PackedColorArray } from "./packed-color-array";
import type { PackedStringArray } from "./packed-string-array";
import type { PackedVector2Array } from "./packed-vector2-array";
import type { PackedVector3Array } from "./packed-vector3-array";
import type { PackedVector4Array } from "./packed-vector4-array";
import type { Plane } from "./plane";
import type { Projection } from "./projection";
import type { Quaternion } from "./quaternion";
import type { Rect2 } from "./rect2";
import type { Rect2i } from "./rect2i";
import type { RID } from "./rid";
import type { StringName } from "./string-name";
import type { Transform2D } from "./transform2d";
import type { Transform3D } from "./transform3d";
import type { Vector2 } from "./vector2";
import type { Vector2i } from "./vector2i";
import type { Vector3 } from "./vector3";
import type { Vector3i } from "./vector3i";
import type { Vector4 } from "./vector4";
import type { Vector4i } from "./vector4i";

/**
 * Godot 4's `Variant.Type` numbers, the low byte of every value's header in the binary serialization format.
 * Godot 3 numbered them differently, so Godot 3 `put_var` data cannot be read here (nor ours there).
 */
export const VariantType = Object.freeze({
  TYPE_NIL: 0,
  TYPE_BOOL: 1,
  TYPE_INT: 2,
  TYPE_FLOAT: 3,
  TYPE_STRING: 4,
  TYPE_VECTOR2: 5,
  TYPE_VECTOR2I: 6,
  TYPE_RECT2: 7,
  TYPE_RECT2I: 8,
  TYPE_VECTOR3: 9,
  TYPE_VECTOR3I: 10,
  TYPE_TRANSFORM2D: 11,
  TYPE_VECTOR4: 12,
  TYPE_VECTOR4I: 13,
  TYPE_PLANE: 14,
  TYPE_QUATERNION: 15,
  TYPE_AABB: 16,
  TYPE_BASIS: 17,
  TYPE_TRANSFORM3D: 18,
  TYPE_PROJECTION: 19,
  TYPE_COLOR: 20,
  TYPE_STRING_NAME: 21,
  TYPE_NODE_PATH: 22,
  TYPE_RID: 23,
  TYPE_OBJECT: 24,
  TYPE_CALLABLE: 25,
  TYPE_SIGNAL: 26,
  TYPE_DICTIONARY: 27,
  TYPE_ARRAY: 28,
  TYPE_PACKED_BYTE_ARRAY: 29,
  TYPE_PACKED_INT32_ARRAY: 30,
  TYPE_PACKED_INT64_ARRAY: 31,
  TYPE_PACKED_FLOAT32_ARRAY: 32,
  TYPE_PACKED_FLOAT64_ARRAY: 33,
  TYPE_PACKED_STRING_ARRAY: 34,
  TYPE_PACKED_VECTOR2_ARRAY: 35,
  TYPE_PACKED_VECTOR3_ARRAY: 36,
  TYPE_PACKED_COLOR_ARRAY: 37,
  TYPE_PACKED_VECTOR4_ARRAY: 38,
  TYPE_MAX: 39,
} as const);
/** A `VariantType` value. */
export type VariantType = (typeof VariantType)[keyof typeof VariantType];

/** Type number → name, for error messages. */
export const TYPE_NAMES: readonly string[] = Object.freeze(
  Object.keys(VariantType).filter((name) => name !== "TYPE_MAX").map((name) => name.slice("TYPE_".length)),
);

/** Header mask of the type number. */
export const TYPE_MASK = 0xff;
/** Header flag: the INT / FLOAT / math-type payload uses 64-bit fields. */
export const FLAG_64 = 1 << 16;
/** Header shift of an Array's element type kind, and of a Dictionary's key type kind (2 bits each). */
export const ELEMENT_KIND_SHIFT = 16;
/** Header shift of a Dictionary's value type kind (2 bits). */
export const VALUE_KIND_SHIFT = 18;
/** Typed-container kinds (Godot 4.4+): what follows the header before the element count. */
export const ContainerKind = Object.freeze({ NONE: 0, BUILTIN: 1, CLASS_NAME: 2, SCRIPT: 3 } as const);

/**
 * How deep Arrays and Dictionaries may nest, in both directions: Godot's own `Variant::MAX_RECURSION_DEPTH`
 * (1024), so anything Godot sends can be read and a cycle fails instead of overflowing the stack.
 */
export const MAX_DEPTH = 1024;

/** The largest message the encoder builds unless told otherwise: 256 MiB, the most `encode_buffer_max_size` allows. */
export const DEFAULT_ENCODE_LIMIT = 256 * 1024 * 1024;

/**
 * A value `put_var` can send and `get_var` returns: every Godot type but Object, Callable and Signal. Each Godot
 * type has one JS form, so a value from Godot goes back to Godot as the same type (checked against Godot 4.6):
 *
 * | Godot | JS (encoding accepts) | JS (decoding returns) |
 * |---|---|---|
 * | `null` | `null` | `null` |
 * | `bool` | `boolean` | `boolean` |
 * | `int` | an integer `number` within ±2^63 (not −0), or a `bigint` within int64 | `number` when safe (±2^53−1), else `bigint` |
 * | `float` | any other `number` (fraction, −0, NaN, ±Infinity, beyond int64), or `GodotFloat` | `number` |
 * | `String` | `string` | `string` |
 * | `StringName`, `NodePath`, `RID` | `StringName`, `NodePath`, `RID` | the same classes |
 * | `Vector2(i)`, `Vector3(i)`, `Vector4(i)`, `Rect2(i)` | the classes of the same names | the same classes |
 * | `Transform2D`, `Plane`, `Quaternion`, `AABB`, `Basis`, `Transform3D`, `Projection`, `Color` | the same-named classes | the same classes |
 * | `Array` (typed or not) | `Array` | `Array` (element type dropped) |
 * | `Dictionary` | plain object (string keys) or `Map` (any keys) | plain object if every key is a string, else `Map` |
 * | `PackedByteArray` | `Uint8Array` (also Node's `Buffer`), `ArrayBuffer` | `Uint8Array` |
 * | `PackedInt32Array` / `PackedInt64Array` | `Int32Array` / `BigInt64Array` | the same |
 * | `PackedFloat32Array` / `PackedFloat64Array` | `Float32Array` / `Float64Array` | the same |
 * | `PackedStringArray`, `PackedVector2/3/4Array`, `PackedColorArray` | the classes of the same names | the same classes |
 *
 * The one lossy case is a whole-valued float: Godot's `2.0` decodes to the number `2`, which encodes as `int 2`
 * (GDScript: `2 == 2.0`, but `typeof` differs); wrap it in `GodotFloat` to send a float. Anything else
 * (undefined, functions, symbols, other class instances and typed arrays) cannot be encoded; Objects,
 * Callables and Signals cannot be decoded.
 */
export type Variant =
  | null
  | boolean
  | number
  | bigint
  | string
  | GodotFloat
  | StringName
  | NodePath
  | RID
  | Vector2
  | Vector2i
  | Rect2
  | Rect2i
  | Vector3
  | Vector3i
  | Transform2D
  | Vector4
  | Vector4i
  | Plane
  | Quaternion
  | AABB
  | Basis
  | Transform3D
  | Projection
  | Color
  | Uint8Array
  | Int32Array
  | BigInt64Array
  | Float32Array
  | Float64Array
  | PackedStringArray
  | PackedVector2Array
  | PackedVector3Array
  | PackedColorArray
  | PackedVector4Array
  | Variant[]
  | { [key: string]: Variant }
  | Map<Variant, Variant>;

/** `length` rounded up to a multiple of 4, in plain arithmetic (bitwise `& ~3` would wrap past 2^31). */
export function padTo4(length: number): number {
  return length + ((4 - (length % 4)) % 4);
}
