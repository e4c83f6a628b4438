import { Color } from "./color";
import { ContainerKind, ELEMENT_KIND_SHIFT, FLAG_64, MAX_DEPTH, padTo4, TYPE_MASK, TYPE_NAMES, VALUE_KIND_SHIFT, VariantType, type Variant } from "./variant-format";
import { Vector2 } from "./vector2";
import { Vector3 } from "./vector3";

/** What `decodeVariant` gives back: the value and how many bytes it used, or why it failed. */
export type DecodeResult = { ok: true; value: Variant; length: number } | { ok: false; message: string };

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * A cursor over untrusted bytes. Every read checks the remaining length first; the first failure is kept in
 * `error` and later reads return nothing, so decoders check `failed` after each step instead of throwing.
 */
class Reader {
  readonly view: DataView;
  offset = 0;
  error: string | null = null;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get failed(): boolean {
    return this.error !== null;
  }

  get remaining(): number {
    return Math.max(0, this.bytes.byteLength - this.offset);
  }

  fail(message: string): null {
    this.error ??= `${message} (at byte ${this.offset})`;
    return null;
  }

  /** Whether `count` more bytes are there; records a truncation failure if not. */
  has(count: number, what: string): boolean {
    if (this.failed) return false;
    if (count <= this.remaining) return true;
    this.fail(`truncated ${what}: needs ${count} bytes, ${this.remaining} left`);
    return false;
  }

  u32(what: string): number {
    if (!this.has(4, what)) return 0;
    const value = this.view.getUint32(this.offset, true);
    this.offset += 4;
    return value;
  }

  /** Reads `count` fixed-size items starting at the cursor through `get`, advancing past them. */
  items<T>(count: number, size: number, what: string, get: (view: DataView, at: number) => T): T[] {
    if (!this.has(count * size, what)) return [];
    const values: T[] = [];
    for (let i = 0; i < count; i++) values.push(get(this.view, this.offset + i * size));
    this.offset += count * size;
    return values;
  }

  /** A u32-length-prefixed UTF-8 string padded to 4 bytes; the length is checked before anything is read. */
  string(what: string): string {
    const length = this.u32(`${what} length`) | 0;
    if (this.failed) return "";
    if (length < 0) return this.fail(`negative ${what} length ${length}`) ?? "";
    const padded = padTo4(length);
    if (!this.has(padded, what)) return "";
    const start = this.bytes.byteOffset + this.offset;
    this.offset += padded;
    try {
      return utf8.decode(new Uint8Array(this.bytes.buffer, start, length));
    } catch {
      return this.fail(`${what} is not valid UTF-8`) ?? "";
    }
  }

  /** A count read as Godot's int32, refused when negative or when `count * minSize` passes the remaining bytes. */
  count(minSize: number, what: string, mask = 0xffffffff): number {
    const count = (this.u32(`${what} count`) & mask) | 0;
    if (this.failed) return 0;
    if (count < 0) return this.fail(`negative ${what} count ${count}`) ?? 0;
    if (count * minSize > this.remaining) return this.fail(`${what} count ${count} is more than the remaining ${this.remaining} bytes can hold`) ?? 0;
    return count;
  }
}

type Decoder = (r: Reader, header: number, depth: number) => Variant;

const f32 = (view: DataView, at: number): number => view.getFloat32(at, true);
const f64 = (view: DataView, at: number): number => view.getFloat64(at, true);
/** Single- or double-precision components, as the header's `FLAG_64` says (a `precision=double` build sends 64-bit). */
const reals = (r: Reader, header: number, count: number, what: string): number[] =>
  (header & FLAG_64) !== 0 ? r.items(count, 8, what, f64) : r.items(count, 4, what, f32);

/** One decoder per supported type number; a type missing here is refused with its name. */
const DECODERS: Readonly<Partial<Record<number, Decoder>>> = Object.freeze({
  [VariantType.TYPE_NIL]: () => null,
  [VariantType.TYPE_BOOL]: (r) => r.u32("bool") !== 0,
  [VariantType.TYPE_INT]: (r, header) => {
    if ((header & FLAG_64) === 0) return r.items(1, 4, "int", (v, at) => v.getInt32(at, true))[0] ?? null;
    const big = r.items(1, 8, "64-bit int", (v, at) => v.getBigInt64(at, true))[0] ?? 0n;
    return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
  },
  [VariantType.TYPE_FLOAT]: (r, header) => reals(r, header, 1, "float")[0] ?? null,
  [VariantType.TYPE_STRING]: (r) => r.string("String"),
  [VariantType.TYPE_STRING_NAME]: (r) => r.string("StringName"),
  [VariantType.TYPE_VECTOR2]: (r, header) => {
    const [x, y] = reals(r, header, 2, "Vector2");
    return new Vector2(x, y);
  },
  [VariantType.TYPE_VECTOR3]: (r, header) => {
    const [x, y, z] = reals(r, header, 3, "Vector3");
    return new Vector3(x, y, z);
  },
  [VariantType.TYPE_COLOR]: (r) => {
    const [red, green, blue, alpha] = r.items(4, 4, "Color", f32);
    return new Color(red, green, blue, alpha);
  },
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
    return strings;
  },
});

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
  const entries: [Variant, Variant][] = [];
  for (let i = 0; i < count && !r.failed; i++) {
    const key = decodeValue(r, depth + 1);
    entries.push([key, decodeValue(r, depth + 1)]);
  }
  if (!entries.every(([key]) => typeof key === "string")) return new Map(entries);
  const object: { [key: string]: Variant } = {};
  // defineProperty, so a "__proto__" key from the wire is an ordinary key and never replaces the prototype.
  for (const [key, value] of entries) Object.defineProperty(object, key as string, { value, enumerable: true, writable: true, configurable: true });
  return object;
}
