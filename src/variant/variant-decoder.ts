import { NodePath } from "./node-path";
import { PackedStringArray } from "./packed-string-array";
import { RID } from "./rid";
import { StringName } from "./string-name";
import { componentSize, PACKED_STRUCT_TYPES, STRUCT_TYPES, type PackedStructType, type StructType } from "./struct-types";
import { ContainerKind, ELEMENT_KIND_SHIFT, FLAG_64, MAX_DEPTH, padTo4, TYPE_MASK, TYPE_NAMES, VALUE_KIND_SHIFT, VariantType, type Variant } from "./variant-format";
import { Reader } from "./variant-reader";

/** What `decodeVariant` gives back: the value and how many bytes it used, or why it failed. */
export type DecodeResult = { ok: true; value: Variant; length: number } | { ok: false; message: string };

type Decoder = (r: Reader, header: number, depth: number) => Variant;

const f32 = (view: DataView, at: number): number => view.getFloat32(at, true);
const f64 = (view: DataView, at: number): number => view.getFloat64(at, true);
/** Bit 31 of a NodePath's first word: the format Godot 3.1+ and 4 write; the older one is refused (as Godot does). */
const NODE_PATH_NEW_FORMAT = 0x80000000;
/** NodePath flag 2: an obsolete layout with the property counted apart from the subnames. */
const NODE_PATH_OLD_PROPERTY = 2;

/** One decoder per supported type number; a type missing here is refused with its name. */
const DECODER_TABLE: Readonly<Partial<Record<number, Decoder>>> = {
  [VariantType.TYPE_NIL]: () => null,
  [VariantType.TYPE_BOOL]: (r) => r.u32("bool") !== 0,
  [VariantType.TYPE_INT]: (r, header) => {
    if ((header & FLAG_64) === 0) return r.i32("int");
    const big = r.i64("64-bit int");
    return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
  },
  [VariantType.TYPE_FLOAT]: (r, header) => ((header & FLAG_64) !== 0 ? r.f64("float") : r.f32("float")),
  [VariantType.TYPE_STRING]: (r) => r.string("String"),
  [VariantType.TYPE_STRING_NAME]: (r) => {
    const text = r.string("StringName");
    return r.failed ? null : new StringName(text);
  },
  [VariantType.TYPE_NODE_PATH]: decodeNodePath,
  [VariantType.TYPE_RID]: (r) => {
    const id = r.i64("RID", true);
    return r.failed ? null : new RID(id <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(id) : id);
  },
  [VariantType.TYPE_OBJECT]: (r) => r.fail("an Object cannot be decoded (Godot sends objects as ids or with full_objects only)"),
  [VariantType.TYPE_CALLABLE]: (r) => r.fail("a Callable cannot be decoded (it names code in the sending engine)"),
  [VariantType.TYPE_SIGNAL]: (r) => r.fail("a Signal cannot be decoded (it names an object in the sending engine)"),
  ...Object.fromEntries(STRUCT_TYPES.map((struct) => [struct.type, (r: Reader, header: number) => decodeStruct(r, header, struct)])),
  ...Object.fromEntries(PACKED_STRUCT_TYPES.map((packed) => [packed.type, (r: Reader, header: number) => decodePackedStructs(r, header, packed)])),
  [VariantType.TYPE_ARRAY]: decodeArray,
  [VariantType.TYPE_DICTIONARY]: decodeDictionary,
  [VariantType.TYPE_PACKED_BYTE_ARRAY]: (r) => {
    const count = r.count(1, "PackedByteArray");
    const start = r.offset;
    // Godot accepts a final byte array whose padding is missing; so do we (the cursor just stops at the end).
    r.offset += padTo4(count);
    return r.bytes.slice(start, start + count);
  },
  [VariantType.TYPE_PACKED_INT32_ARRAY]: (r) => Int32Array.from(r.items(r.count(4, "PackedInt32Array"), 4, "PackedInt32Array", (v, at) => v.getInt32(at, true))),
  [VariantType.TYPE_PACKED_INT64_ARRAY]: (r) => BigInt64Array.from(r.items(r.count(8, "PackedInt64Array"), 8, "PackedInt64Array", (v, at) => v.getBigInt64(at, true))),
  [VariantType.TYPE_PACKED_FLOAT32_ARRAY]: (r) => Float32Array.from(r.items(r.count(4, "PackedFloat32Array"), 4, "PackedFloat32Array", f32)),
  [VariantType.TYPE_PACKED_FLOAT64_ARRAY]: (r) => Float64Array.from(r.items(r.count(8, "PackedFloat64Array"), 8, "PackedFloat64Array", f64)),
  [VariantType.TYPE_PACKED_STRING_ARRAY]: (r) => {
    const count = r.count(4, "PackedStringArray");
    const strings: string[] = [];
    // Godot writes each entry with its terminating NUL counted in the length.
    for (let i = 0; i < count && !r.failed; i++) strings.push(r.string("PackedStringArray entry").replace(/\0$/, ""));
    return new PackedStringArray(strings);
  },
};
/** The same as a dense array indexed by type, the quickest lookup per value. */
const DECODERS: readonly (Decoder | undefined)[] = Array.from({ length: VariantType.TYPE_MAX }, (_, type) => DECODER_TABLE[type]);

/**
 * Decodes one value in Godot 4's binary serialization format from the start of `bytes` (what GDScript's
 * `put_var` / `var_to_bytes` produce); bytes after it are ignored, as Godot ignores them. See `Variant` for the
 * JS form of each type. Never throws and never allocates more than the input can justify: every length and
 * count is checked against the bytes left before anything is read. Truncated data, negative or oversized
 * lengths, unknown or unsupported types, invalid UTF-8 and nesting deeper than `MAX_DEPTH` fail with a message.
 */
export function decodeVariant(bytes: Uint8Array): DecodeResult {
  const reader = new Reader(bytes);
  const value = decodeValue(reader, 0);
  if (reader.error !== null) return { ok: false, message: reader.error };
  return { ok: true, value, length: Math.min(reader.offset, bytes.byteLength) };
}

function decodeValue(r: Reader, depth: number): Variant {
  if (depth > MAX_DEPTH) return r.fail(`nested deeper than ${MAX_DEPTH} levels`);
  const header = r.u32("header");
  if (r.failed) return null;
  const type = header & TYPE_MASK;
  if (type >= VariantType.TYPE_MAX) return r.fail(`unknown type ${type}`);
  const decoder = DECODERS[type];
  if (decoder === undefined) return r.fail(`type ${TYPE_NAMES[type]} (${type}) is not supported`);
  const value = decoder(r, header, depth);
  return r.failed ? null : value;
}

/** Skips a typed container's element type (Godot 4.4+); the JS result is untyped. */
function skipContainerType(r: Reader, kind: number): void {
  if (kind === ContainerKind.BUILTIN) {
    const type = r.u32("container element type");
    if (!r.failed && type >= VariantType.TYPE_MAX) r.fail(`unknown container element type ${type}`);
  } else if (kind === ContainerKind.CLASS_NAME || kind === ContainerKind.SCRIPT) {
    r.string("container class or script");
  }
}

function decodeArray(r: Reader, header: number, depth: number): Variant {
  skipContainerType(r, (header >>> ELEMENT_KIND_SHIFT) & 3);
  // Bit 31 is Godot's old "shared" flag; every element takes at least its 4-byte header.
  const count = r.count(4, "Array", 0x7fffffff);
  const items: Variant[] = [];
  for (let i = 0; i < count && !r.failed; i++) items.push(decodeValue(r, depth + 1));
  return items;
}

function decodeDictionary(r: Reader, header: number, depth: number): Variant {
  skipContainerType(r, (header >>> ELEMENT_KIND_SHIFT) & 3);
  skipContainerType(r, (header >>> VALUE_KIND_SHIFT) & 3);
  const count = r.count(8, "Dictionary", 0x7fffffff);
  const keys: Variant[] = [];
  const values: Variant[] = [];
  let strings = true;
  for (let i = 0; i < count && !r.failed; i++) {
    const key = decodeValue(r, depth + 1);
    keys.push(key);
    values.push(decodeValue(r, depth + 1));
    if (typeof key !== "string") strings = false;
  }
  if (!strings) {
    const map = new Map<Variant, Variant>();
    for (let i = 0; i < keys.length; i++) map.set(keys[i]!, values[i]!);
    return map;
  }
  const object: { [key: string]: Variant } = {};
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    // A key the object already has or inherits ("__proto__", "toString", a repeat) is defined, so one from the
    // wire is an ordinary own key and never replaces the prototype or trips over a frozen Object.prototype.
    if (key in object) Object.defineProperty(object, key, { value: values[i], enumerable: true, writable: true, configurable: true });
    else object[key] = values[i]!;
  }
  return object;
}

/** The components of one fixed-size value, 64-bit for `real` ones when the header says so. */
function readComponents(r: Reader, struct: StructType, count: number, flag64: boolean, what: string): number[] {
  const size = componentSize(struct.kind, flag64);
  const ints = struct.kind === "i32";
  if (!r.has(count * size, what)) return [];
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(ints ? r.i32(what) : size === 8 ? r.f64(what) : r.f32(what));
  return out;
}

function decodeStruct(r: Reader, header: number, struct: StructType): Variant {
  const components = readComponents(r, struct, struct.count, (header & FLAG_64) !== 0, struct.name);
  return r.failed ? null : (struct.build(components) as Variant);
}

function decodePackedStructs(r: Reader, header: number, packed: PackedStructType): Variant {
  const { element } = packed;
  const flag64 = (header & FLAG_64) !== 0;
  const size = element.count * componentSize(element.kind, flag64);
  const count = r.count(size, packed.name);
  const flat = readComponents(r, element, count * element.count, flag64, packed.name);
  if (r.failed) return null;
  const values = Array.from({ length: count }, (_, i) => element.build(flat.slice(i * element.count, (i + 1) * element.count)));
  return new packed.cls(values as never[]) as unknown as Variant;
}

/** Three u32 (name count with bit 31 set, subname count, flags), then each name and subname as a padded string. */
function decodeNodePath(r: Reader): Variant {
  const first = r.u32("NodePath name count");
  let subnameCount = r.count(4, "NodePath subname");
  const flags = r.u32("NodePath flags");
  if (r.failed) return null;
  if ((first & NODE_PATH_NEW_FORMAT) === 0) return r.fail("NodePath in the pre-3.1 format");
  if ((flags & NODE_PATH_OLD_PROPERTY) !== 0) subnameCount += 1;
  const nameCount = first & 0x7fffffff;
  if ((nameCount + subnameCount) * 4 > r.remaining) return r.fail(`NodePath name count ${nameCount} is more than the remaining ${r.remaining} bytes can hold`);
  const parts: string[] = [];
  for (let i = 0; i < nameCount + subnameCount && !r.failed; i++) parts.push(r.string("NodePath name"));
  if (r.failed) return null;
  const names = parts.slice(0, nameCount).join("/");
  const subnames = parts.slice(nameCount);
  return new NodePath(((flags & 1) !== 0 ? "/" : "") + names + (subnames.length > 0 ? `:${subnames.join(":")}` : ""));
}
