import { decodeVariant, encodeVariant, VariantType, type Variant } from "../variant/variant-codec";

// Godot's `MultiplayerAPI::encode_and_compress_variant` (scene/main/multiplayer_api.cpp): RPC arguments and
// replicated state are Variants with two shortcuts. A bool is one byte, `0x01 | value << 7`; an int is one byte
// `0x02 | mode << 6` followed by the smallest of 8/16/32/64 bits (mode 0…3) that holds it. Every other type is
// Godot's binary serialization as `put_var` writes it. Object decoding stays off: an Object is refused.

const META_TYPE_MASK = 0x3f;
const META_MODE_SHIFT = 6;
const BOOL_TRUE = 0x80;
const FLAG_64 = 1 << 16;
const SIZES = [1, 2, 4, 8] as const;

/** An encoded value, or why it could not be. */
export type Compressed = { ok: true; bytes: Uint8Array } | { ok: false; message: string };
/** A decoded value and the bytes it used, or why decoding failed. */
export type Decompressed = { ok: true; value: Variant; length: number } | { ok: false; message: string };

/** Encodes one value as Godot's compressed Variant; int/float and the JS forms follow `put_var`'s rules. */
export function compressVariant(value: unknown, limit: number): Compressed {
  const full = encodeVariant(value, limit);
  if (!full.ok) return { ok: false, message: full.message };
  const bytes = full.bytes;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const header = view.getUint32(0, true);
  const type = header & 0xff;
  if (type === VariantType.TYPE_BOOL) return { ok: true, bytes: Uint8Array.of(VariantType.TYPE_BOOL | (view.getUint32(4, true) ? BOOL_TRUE : 0)) };
  if (type !== VariantType.TYPE_INT) return { ok: true, bytes };
  const int = header & FLAG_64 ? view.getBigInt64(4, true) : BigInt(view.getInt32(4, true));
  const mode = int >= -128n && int <= 127n ? 0 : int >= -32768n && int <= 32767n ? 1 : int >= -2147483648n && int <= 2147483647n ? 2 : 3;
  const size = SIZES[mode] ?? 8;
  const out = new Uint8Array(1 + size);
  const outView = new DataView(out.buffer);
  out[0] = VariantType.TYPE_INT | (mode << META_MODE_SHIFT);
  if (mode === 0) outView.setInt8(1, Number(int));
  else if (mode === 1) outView.setInt16(1, Number(int), true);
  else if (mode === 2) outView.setInt32(1, Number(int), true);
  else outView.setBigInt64(1, int, true);
  return { ok: true, bytes: out };
}

/** Decodes one compressed Variant at the start of `bytes`. Never throws; Objects are refused. */
export function decompressVariant(bytes: Uint8Array): Decompressed {
  if (bytes.length < 1) return { ok: false, message: "no bytes left for a value" };
  const meta = bytes[0] ?? 0;
  const type = meta & META_TYPE_MASK;
  if (type === VariantType.TYPE_BOOL) return { ok: true, value: (meta & BOOL_TRUE) !== 0, length: 1 };
  if (type === VariantType.TYPE_INT) {
    const size = SIZES[meta >> META_MODE_SHIFT] ?? 8;
    if (bytes.length < 1 + size) return { ok: false, message: `truncated int: needs ${size} bytes, ${bytes.length - 1} left` };
    const view = new DataView(bytes.buffer, bytes.byteOffset + 1, size);
    if (size === 1) return { ok: true, value: view.getInt8(0), length: 2 };
    if (size === 2) return { ok: true, value: view.getInt16(0, true), length: 3 };
    if (size === 4) return { ok: true, value: view.getInt32(0, true), length: 5 };
    const big = view.getBigInt64(0, true);
    const safe = big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER);
    return { ok: true, value: safe ? Number(big) : big, length: 9 };
  }
  if (type === VariantType.TYPE_OBJECT) return { ok: false, message: "an Object (object decoding is off)" };
  const result = decodeVariant(bytes);
  return result.ok ? { ok: true, value: result.value, length: result.length } : { ok: false, message: result.message };
}

/** Decodes `count` compressed Variants one after another (Godot's `decode_and_decompress_variants`). */
export function decompressVariants(bytes: Uint8Array, count: number): { ok: true; values: Variant[]; length: number } | { ok: false; message: string } {
  const values: Variant[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at >= bytes.length) return { ok: false, message: `value ${i + 1} of ${count} is missing` };
    const one = decompressVariant(bytes.subarray(at));
    if (!one.ok) return { ok: false, message: `value ${i + 1} of ${count}: ${one.message}` };
    values.push(one.value);
    at += one.length;
  }
  return { ok: true, values, length: at };
}
