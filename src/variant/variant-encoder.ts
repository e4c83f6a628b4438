import { isPlainObject } from "../internal/checks";
import { describe } from "../internal/log";
import { Color } from "./color";
import { GodotError } from "../godot/godot-error";
import { GodotFloat } from "./godot-float";
import { FLAG_64, MAX_DEPTH, padTo4, VariantType } from "./variant-format";
import { Vector2 } from "./vector2";
import { Vector3 } from "./vector3";

/** What `encodeVariant` gives back: the bytes, or why there are none. */
export type EncodeResult = { ok: true; bytes: Uint8Array } | { ok: false; error: GodotError; message: string };

type Failure = { error: GodotError; path: string; reason: string };

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const utf8 = new TextEncoder();

/**
 * The bytes, growing by doubling up to `limit`; `reserve` refuses to pass it, so an oversized value fails early
 * instead of allocating its full size.
 */
class Writer {
  bytes: Uint8Array;
  view: DataView;
  length = 0;

  constructor(readonly limit: number) {
    this.bytes = new Uint8Array(Math.min(64, limit));
    this.view = new DataView(this.bytes.buffer);
  }

  /** Makes room for `count` more bytes at `length`; false when that would pass `limit`. */
  reserve(count: number): boolean {
    const needed = this.length + count;
    if (needed > this.limit) return false;
    if (needed > this.bytes.byteLength) {
      const grown = new Uint8Array(Math.min(this.limit, Math.max(needed, this.bytes.byteLength * 2)));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
      this.view = new DataView(grown.buffer);
    }
    return true;
  }

  /** Writes a u32 header and its fixed-size payload through `fill`; false when out of room. */
  fixed(header: number, payload: number, fill: (view: DataView, at: number) => void): boolean {
    if (!this.reserve(4 + payload)) return false;
    this.view.setUint32(this.length, header >>> 0, true);
    fill(this.view, this.length + 4);
    this.length += 4 + payload;
    return true;
  }

  /** Writes a u32 length, the bytes, and zero padding to a multiple of 4 (`Uint8Array` starts zeroed). */
  chunk(bytes: Uint8Array): boolean {
    const padded = padTo4(bytes.byteLength);
    if (!this.reserve(4 + padded)) return false;
    this.view.setUint32(this.length, bytes.byteLength, true);
    this.bytes.set(bytes, this.length + 4);
    this.length += 4 + padded;
    return true;
  }
}

/**
 * Encodes `value` in Godot 4's binary serialization format (what GDScript's `var_to_bytes` and `put_var`
 * produce), choosing the same 32- or 64-bit forms Godot chooses, so the bytes match Godot's byte for byte.
 * See `Variant` for the JS form of each type. Never throws: a value it cannot encode → `ERR_INVALID_PARAMETER`,
 * more than `limit` bytes → `ERR_OUT_OF_MEMORY`, each with a message naming where in the value it failed.
 */
export function encodeVariant(value: unknown, limit: number): EncodeResult {
  const writer = new Writer(limit);
  let failure: Failure | null;
  try {
    failure = encodeValue(writer, value, 0);
  } catch (error) {
    failure = invalid(`the value could not be read (${describe(error)})`); // getters or a Proxy that throw
  }
  if (failure !== null) {
    const where = failure.path === "" ? "" : ` at ${failure.path}`;
    return { ok: false, error: failure.error, message: `${failure.reason}${where}` };
  }
  return { ok: true, bytes: writer.bytes.slice(0, writer.length) };
}

function encodeValue(w: Writer, value: unknown, depth: number): Failure | null {
  if (depth > MAX_DEPTH) return invalid(`nested deeper than ${MAX_DEPTH} levels (a cycle?)`);
  switch (typeof value) {
    case "boolean":
      return room(w, w.fixed(VariantType.TYPE_BOOL, 4, (v, at) => v.setUint32(at, value ? 1 : 0, true)));
    case "number":
      return isInt64Number(value) ? encodeInt(w, value) : encodeFloat(w, value);
    case "bigint":
      return value >= INT64_MIN && value <= INT64_MAX ? encodeInt(w, value) : invalid(`bigint ${value} does not fit in a 64-bit int`);
    case "string":
      return room(w, w.fixed(VariantType.TYPE_STRING, 0, () => {}) && w.chunk(utf8.encode(value)));
    case "object":
      return value === null ? room(w, w.fixed(VariantType.TYPE_NIL, 0, () => {})) : encodeObject(w, value, depth);
    default:
      return invalid(`a value of type ${typeof value} cannot be encoded`);
  }
}

function encodeObject(w: Writer, value: object, depth: number): Failure | null {
  if (Array.isArray(value)) return encodeArray(w, value, depth);
  if (value instanceof Map) return encodeEntries(w, value.entries(), value.size, depth, (key) => `[${describeKey(key)}]`);
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    return encodeEntries(w, keys.map((key) => [key, value[key]] as const), keys.length, depth, (key) => `.${String(key)}`);
  }
  if (value instanceof GodotFloat) return encodeFloat(w, value.value);
  if (value instanceof Vector2) return encodeFloats(w, VariantType.TYPE_VECTOR2, [value.x, value.y], "Vector2");
  if (value instanceof Vector3) return encodeFloats(w, VariantType.TYPE_VECTOR3, [value.x, value.y, value.z], "Vector3");
  if (value instanceof Color) return encodeFloats(w, VariantType.TYPE_COLOR, [value.r, value.g, value.b, value.a], "Color");
  if (value instanceof ArrayBuffer) return encodeBytes(w, new Uint8Array(value));
  if (value instanceof Uint8Array) return encodeBytes(w, value);
  if (value instanceof Int32Array) return encodePacked(w, VariantType.TYPE_PACKED_INT32_ARRAY, value, 4, (v, at, x) => v.setInt32(at, x as number, true));
  if (value instanceof BigInt64Array) return encodePacked(w, VariantType.TYPE_PACKED_INT64_ARRAY, value, 8, (v, at, x) => v.setBigInt64(at, x as bigint, true));
  if (value instanceof Float32Array) return encodePacked(w, VariantType.TYPE_PACKED_FLOAT32_ARRAY, value, 4, (v, at, x) => v.setFloat32(at, x as number, true));
  if (value instanceof Float64Array) return encodePacked(w, VariantType.TYPE_PACKED_FLOAT64_ARRAY, value, 8, (v, at, x) => v.setFloat64(at, x as number, true));
  const name = ArrayBuffer.isView(value) ? value.constructor.name : Object.prototype.toString.call(value).slice(8, -1);
  return invalid(`a ${name} cannot be encoded (see the Variant type for what can)`);
}

/** Godot sends an int in 32 bits when it fits, else in 64 bits with `FLAG_64`. */
function encodeInt(w: Writer, value: number | bigint): Failure | null {
  if (value >= INT32_MIN && value <= INT32_MAX) {
    return room(w, w.fixed(VariantType.TYPE_INT, 4, (v, at) => v.setInt32(at, Number(value), true)));
  }
  return room(w, w.fixed(VariantType.TYPE_INT | FLAG_64, 8, (v, at) => v.setBigInt64(at, BigInt(value), true)));
}

/** Godot sends a float in 32 bits when single precision holds it exactly, else in 64 bits with `FLAG_64`. */
function encodeFloat(w: Writer, value: unknown): Failure | null {
  if (typeof value !== "number") return invalid("GodotFloat.value must be a number");
  if (Math.fround(value) === value) return room(w, w.fixed(VariantType.TYPE_FLOAT, 4, (v, at) => v.setFloat32(at, value, true)));
  return room(w, w.fixed(VariantType.TYPE_FLOAT | FLAG_64, 8, (v, at) => v.setFloat64(at, value, true)));
}

/** Vector2, Vector3 and Color: single-precision components, as a default (not `precision=double`) Godot sends. */
function encodeFloats(w: Writer, type: number, components: readonly unknown[], name: string): Failure | null {
  if (!components.every((c) => typeof c === "number")) return invalid(`every ${name} component must be a number`);
  return room(w, w.fixed(type, components.length * 4, (v, at) => {
    components.forEach((c, i) => v.setFloat32(at + i * 4, c as number, true));
  }));
}

function encodeBytes(w: Writer, bytes: Uint8Array): Failure | null {
  return room(w, w.fixed(VariantType.TYPE_PACKED_BYTE_ARRAY, 0, () => {}) && w.chunk(bytes));
}

function encodePacked<T>(w: Writer, type: number, items: ArrayLike<T>, size: number, put: (v: DataView, at: number, x: T) => void): Failure | null {
  return room(w, w.fixed(type, 4 + items.length * size, (v, at) => {
    v.setUint32(at, items.length, true);
    for (let i = 0; i < items.length; i++) put(v, at + 4 + i * size, items[i] as T);
  }));
}

function encodeArray(w: Writer, items: readonly unknown[], depth: number): Failure | null {
  if (!w.fixed(VariantType.TYPE_ARRAY, 4, (v, at) => v.setUint32(at, items.length, true))) return tooLarge(w);
  for (let i = 0; i < items.length; i++) {
    const failure = encodeValue(w, items[i], depth + 1);
    if (failure !== null) return within(`[${i}]`, failure);
  }
  return null;
}

function encodeEntries(
  w: Writer,
  entries: Iterable<readonly [unknown, unknown]>,
  size: number,
  depth: number,
  step: (key: unknown) => string,
): Failure | null {
  if (!w.fixed(VariantType.TYPE_DICTIONARY, 4, (v, at) => v.setUint32(at, size, true))) return tooLarge(w);
  for (const [key, value] of entries) {
    const failure = encodeValue(w, key, depth + 1) ?? encodeValue(w, value, depth + 1);
    if (failure !== null) return within(step(key), failure);
  }
  return null;
}

/** Integers that are ints in Godot: `Number.isInteger` and within int64 (2^63 itself is not). */
function isInt64Number(value: number): boolean {
  return Number.isInteger(value) && value >= -(2 ** 63) && value < 2 ** 63;
}

function room(w: Writer, written: boolean): Failure | null {
  return written ? null : tooLarge(w);
}

function tooLarge(w: Writer): Failure {
  return { error: GodotError.ERR_OUT_OF_MEMORY, path: "", reason: `the encoded value is larger than ${w.limit} bytes` };
}

function invalid(reason: string): Failure {
  return { error: GodotError.ERR_INVALID_PARAMETER, path: "", reason };
}

function within(step: string, failure: Failure): Failure {
  return { ...failure, path: step + failure.path };
}

function describeKey(key: unknown): string {
  return typeof key === "string" ? JSON.stringify(key) : typeof key === "object" && key !== null ? "object key" : String(key);
}
