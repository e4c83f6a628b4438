import type { Color } from "./color";
import type { GodotFloat } from "./godot-float";
import type { Vector2 } from "./vector2";
import type { Vector3 } from "./vector3";

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
 * A value `put_var` can send and `get_var` returns. The JS form of each Godot type:
 *
 * | Godot | JS (encoding accepts) | JS (decoding returns) |
 * |---|---|---|
 * | `null` | `null` | `null` |
 * | `bool` | `boolean` | `boolean` |
 * | `int` | an integer `number` within ±2^63, or a `bigint` within int64 | `number` when safe (±2^53−1), else `bigint` |
 * | `float` | any other `number` (fraction, NaN, ±Infinity, beyond int64), or `GodotFloat` | `number` |
 * | `String`, `StringName` | `string` | `string` |
 * | `Vector2`, `Vector3`, `Color` | `Vector2`, `Vector3`, `Color` | the same classes |
 * | `Array` (typed or not) | `Array` | `Array` (element type dropped) |
 * | `Dictionary` | plain object (string keys) or `Map` (any keys) | plain object if every key is a string, else `Map` |
 * | `PackedByteArray` | `Uint8Array` (also Node's `Buffer`), `ArrayBuffer` | `Uint8Array` |
 * | `PackedInt32Array` / `PackedInt64Array` | `Int32Array` / `BigInt64Array` | the same |
 * | `PackedFloat32Array` / `PackedFloat64Array` | `Float32Array` / `Float64Array` | the same |
 * | `PackedStringArray` | — (send an `Array` of strings) | `string[]` |
 *
 * Anything else (undefined, functions, symbols, class instances, other typed arrays, Objects, Callables, …)
 * cannot be encoded, and the other Godot types cannot be decoded.
 */
export type Variant =
  | null
  | boolean
  | number
  | bigint
  | string
  | GodotFloat
  | Vector2
  | Vector3
  | Color
  | Uint8Array
  | Int32Array
  | BigInt64Array
  | Float32Array
  | Float64Array
  | Variant[]
  | { [key: string]: Variant }
  | Map<Variant, Variant>;

/** `length` rounded up to a multiple of 4, in plain arithmetic (bitwise `& ~3` would wrap past 2^31). */
export function padTo4(length: number): number {
  return length + ((4 - (length % 4)) % 4);
}
