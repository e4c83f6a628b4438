import { isPlainObject } from "../internal/checks";
import { describe } from "../internal/log";
import { GodotError } from "../godot/godot-error";
import { GodotFloat } from "./godot-float";
import { NodePath } from "./node-path";
import { PackedStringArray } from "./packed-string-array";
import { RID } from "./rid";
import { StringName } from "./string-name";
import { PACKED_STRUCT_TYPES, STRUCT_TYPES, type PackedStructType, type StructType } from "./struct-types";
import { FLAG_64, MAX_DEPTH, VariantType } from "./variant-format";
import { Writer } from "./variant-writer";

/** What `encodeVariant` gives back: the bytes, or why there are none. */
export type EncodeResult = { ok: true; bytes: Uint8Array } | { ok: false; error: GodotError; message: string };

type Failure = { error: GodotError; path: string; reason: string };

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;
const STRUCT_BY_CLASS = new Map<unknown, StructType>(STRUCT_TYPES.map((entry) => [entry.cls, entry]));
const PACKED_BY_CLASS = new Map<unknown, PackedStructType>(PACKED_STRUCT_TYPES.map((entry) => [entry.cls, entry]));
/** NodePath's header: the name count carries bit 31 (Godot's "new format" mark). */
const NODE_PATH_NEW_FORMAT = 0x80000000;

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
    writer.release();
    const where = failure.path === "" ? "" : ` at ${failure.path}`;
    return { ok: false, error: failure.error, message: `${failure.reason}${where}` };
  }
  return { ok: true, bytes: writer.finish() };
}

function encodeValue(w: Writer, value: unknown, depth: number): Failure | null {
  if (depth > MAX_DEPTH) return invalid(`nested deeper than ${MAX_DEPTH} levels (a cycle?)`);
  switch (typeof value) {
    case "boolean":
      return room(w, w.u32(VariantType.TYPE_BOOL) && w.u32(value ? 1 : 0));
    case "number":
      return isInt64Number(value) ? encodeInt(w, value) : encodeFloat(w, value);
    case "bigint":
      return value >= INT64_MIN && value <= INT64_MAX ? encodeInt(w, value) : invalid(`bigint ${value} does not fit in a 64-bit int`);
    case "string":
      return room(w, w.u32(VariantType.TYPE_STRING) && w.text(value));
    case "object":
      return value === null ? room(w, w.u32(VariantType.TYPE_NIL)) : encodeObject(w, value, depth);
    default:
      return invalid(`a value of type ${typeof value} cannot be encoded`);
  }
}

function encodeObject(w: Writer, value: object, depth: number): Failure | null {
  if (Array.isArray(value)) return encodeArray(w, value, depth);
  if (value instanceof Map) return encodeMap(w, value, depth);
  if (isPlainObject(value)) return encodeRecord(w, value, depth);
  if (value instanceof GodotFloat) return encodeFloat(w, value.value);
  const struct = STRUCT_BY_CLASS.get(value.constructor);
  if (struct !== undefined) return encodeStruct(w, struct, struct.flatten(value));
  const packed = PACKED_BY_CLASS.get(value.constructor);
  if (packed !== undefined) return encodePackedStructs(w, packed, (value as { values?: unknown }).values);
  if (value instanceof StringName) return encodeText(w, VariantType.TYPE_STRING_NAME, value.value, "StringName");
  if (value instanceof NodePath) return encodeNodePath(w, value);
  if (value instanceof RID) return encodeRid(w, value.id);
  if (value instanceof PackedStringArray) return encodeStrings(w, value.values);
  if (value instanceof ArrayBuffer) return encodeBytes(w, new Uint8Array(value));
  if (value instanceof Uint8Array) return encodeBytes(w, value);
  if (value instanceof Int32Array) return encodePacked(w, VariantType.TYPE_PACKED_INT32_ARRAY, value);
  if (value instanceof BigInt64Array) return encodePacked(w, VariantType.TYPE_PACKED_INT64_ARRAY, value);
  if (value instanceof Float32Array) return encodePacked(w, VariantType.TYPE_PACKED_FLOAT32_ARRAY, value);
  if (value instanceof Float64Array) return encodePacked(w, VariantType.TYPE_PACKED_FLOAT64_ARRAY, value);
  const name = ArrayBuffer.isView(value) ? value.constructor.name : Object.prototype.toString.call(value).slice(8, -1);
  return invalid(`a ${name} cannot be encoded (see the Variant type for what can)`);
}

/** Godot sends an int in 32 bits when it fits, else in 64 bits with `FLAG_64`. */
function encodeInt(w: Writer, value: number | bigint): Failure | null {
  if (value >= INT32_MIN && value <= INT32_MAX) {
    return room(w, w.u32(VariantType.TYPE_INT) && w.u32(Number(value)));
  }
  return room(w, w.u32(VariantType.TYPE_INT | FLAG_64) && w.u64(BigInt(value)));
}

/** Godot sends a float in 32 bits when single precision holds it exactly, else in 64 bits with `FLAG_64`. */
function encodeFloat(w: Writer, value: unknown): Failure | null {
  if (typeof value !== "number") return invalid("GodotFloat.value must be a number");
  if (Math.fround(value) === value) return room(w, w.u32(VariantType.TYPE_FLOAT) && w.f32(value));
  return room(w, w.u32(VariantType.TYPE_FLOAT | FLAG_64) && w.f64(value));
}

/** A fixed-size type: its components in wire order, each checked against the component kind first. */
function encodeStruct(w: Writer, struct: StructType, components: unknown[]): Failure | null {
  const bad = checkComponents(struct, components);
  if (bad !== null) return bad;
  return room(w, w.u32(struct.type) && writeComponents(w, struct, components as number[]));
}

function checkComponents(struct: StructType, components: unknown[]): Failure | null {
  const ints = struct.kind === "i32";
  for (const c of components) {
    if (typeof c !== "number") return invalid(`every ${struct.name} component must be ${ints ? "an integer in -2^31 … 2^31 − 1" : "a number"}`);
    if (ints && !(Number.isInteger(c) && c >= INT32_MIN && c <= INT32_MAX)) return invalid(`every ${struct.name} component must be an integer in -2^31 … 2^31 − 1`);
  }
  return null;
}

/** Single precision for floats, as a default (not `precision=double`) Godot sends; int32 for the `…i` types. */
function writeComponents(w: Writer, struct: StructType, components: readonly number[]): boolean {
  if (!w.reserve(components.length * 4)) return false;
  const ints = struct.kind === "i32";
  for (const c of components) {
    if (ints) w.u32(c);
    else w.f32(c);
  }
  return true;
}

function encodePackedStructs(w: Writer, packed: PackedStructType, values: unknown): Failure | null {
  if (!Array.isArray(values)) return invalid(`${packed.name}.values must be an array`);
  const { element } = packed;
  const flat: unknown[][] = [];
  for (let i = 0; i < values.length; i++) {
    if (!(values[i] instanceof element.cls)) return invalid(`${packed.name}.values[${i}] must be a ${element.name}`);
    const components = element.flatten(values[i]);
    const bad = checkComponents(element, components);
    if (bad !== null) return within(`.values[${i}]`, bad);
    flat.push(components);
  }
  if (!w.reserve(8 + values.length * element.count * 4)) return tooLarge(w);
  w.u32(packed.type);
  w.u32(values.length);
  for (const components of flat) writeComponents(w, element, components as number[]);
  return null;
}

function encodeText(w: Writer, type: number, text: unknown, name: string): Failure | null {
  if (typeof text !== "string") return invalid(`${name} text must be a string`);
  return room(w, w.u32(type) && w.text(text));
}

/** A u32 name count with bit 31 set, the subname count, flags (1: absolute), then every name and subname. */
function encodeNodePath(w: Writer, path: NodePath): Failure | null {
  const { names, subnames } = path;
  if (!Array.isArray(names) || !Array.isArray(subnames) || ![...names, ...subnames].every((name) => typeof name === "string")) {
    return invalid("NodePath names and subnames must be arrays of strings");
  }
  const header = w.reserve(16) && w.u32(VariantType.TYPE_NODE_PATH) && w.u32(names.length | NODE_PATH_NEW_FORMAT);
  const counts = header && w.u32(subnames.length) && w.u32(path.absolute === true ? 1 : 0);
  return room(w, counts && [...names, ...subnames].every((name: string) => w.text(name)));
}

function encodeRid(w: Writer, id: unknown): Failure | null {
  const valid = typeof id === "bigint" ? id >= 0n && id <= UINT64_MAX : Number.isInteger(id) && (id as number) >= 0 && (id as number) < 2 ** 64;
  if (!valid) return invalid("RID id must be an integer in 0 … 2^64 − 1");
  return room(w, w.reserve(12) && w.u32(VariantType.TYPE_RID) && w.u64(BigInt(id as number | bigint), true));
}

/** Godot counts each entry's terminating NUL in its length. */
function encodeStrings(w: Writer, values: unknown): Failure | null {
  if (!Array.isArray(values) || !values.every((text) => typeof text === "string")) {
    return invalid("PackedStringArray.values must be an array of strings");
  }
  const header = w.reserve(8) && w.u32(VariantType.TYPE_PACKED_STRING_ARRAY) && w.u32(values.length);
  return room(w, header && values.every((text: string) => w.text(`${text}\0`)));
}

function encodeBytes(w: Writer, bytes: Uint8Array): Failure | null {
  return room(w, w.reserve(8) && w.u32(VariantType.TYPE_PACKED_BYTE_ARRAY) && w.chunk(bytes));
}

/** A typed array's elements, each written little-endian. */
function encodePacked(w: Writer, type: number, items: Int32Array | BigInt64Array | Float32Array | Float64Array): Failure | null {
  if (!w.reserve(8 + items.byteLength) || !w.u32(type) || !w.u32(items.length)) return tooLarge(w);
  for (const x of items) (typeof x === "bigint" ? w.u64(x) : items instanceof Int32Array ? w.u32(x) : items instanceof Float32Array ? w.f32(x) : w.f64(x));
  return null;
}

function encodeArray(w: Writer, items: readonly unknown[], depth: number): Failure | null {
  if (!w.reserve(8) || !w.u32(VariantType.TYPE_ARRAY) || !w.u32(items.length)) return tooLarge(w);
  for (let i = 0; i < items.length; i++) {
    const failure = encodeValue(w, items[i], depth + 1);
    if (failure !== null) return within(`[${i}]`, failure);
  }
  return null;
}

function encodeMap(w: Writer, map: Map<unknown, unknown>, depth: number): Failure | null {
  if (!w.reserve(8) || !w.u32(VariantType.TYPE_DICTIONARY) || !w.u32(map.size)) return tooLarge(w);
  for (const [key, value] of map) {
    const failure = encodeValue(w, key, depth + 1) ?? encodeValue(w, value, depth + 1);
    if (failure !== null) return within(`[${describeKey(key)}]`, failure);
  }
  return null;
}

function encodeRecord(w: Writer, record: Record<string, unknown>, depth: number): Failure | null {
  const keys = Object.keys(record);
  if (!w.reserve(8) || !w.u32(VariantType.TYPE_DICTIONARY) || !w.u32(keys.length)) return tooLarge(w);
  for (const key of keys) {
    const failure = encodeValue(w, key, depth + 1) ?? encodeValue(w, record[key], depth + 1);
    if (failure !== null) return within(`.${key}`, failure);
  }
  return null;
}

/** Integers that are ints in Godot: `Number.isInteger` and within int64 (2^63 itself is not); −0 stays a float. */
export function isInt64Number(value: number): boolean {
  return Number.isInteger(value) && !Object.is(value, -0) && value >= -(2 ** 63) && value < 2 ** 63;
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
