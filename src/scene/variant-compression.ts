import { decodeVariant, encodeVariant, VariantType, type Variant } from "../variant/variant-codec";
import { isInt64Number } from "../variant/variant-encoder";

// Godot's `MultiplayerAPI::encode_and_compress_variant` (scene/main/multiplayer_api.cpp): RPC arguments and
// replicated state are Variants with two shortcuts. A bool is one byte, `0x01 | value << 7`; an int is one byte
// `0x02 | mode << 6` followed by the smallest of 8/16/32/64 bits (mode 0…3) that holds it. Every other type is
// Godot's binary serialization as `put_var` writes it. Object decoding stays off: an Object is refused.

const META_TYPE_MASK = 0x3f;
const META_MODE_SHIFT = 6;
const BOOL_TRUE = 0x80;
const FLAG_64 = 1 << 16;
const SIZES = [1, 2, 4, 8] as const;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** An encoded value, or why it could not be. */
export type Compressed = { ok: true; bytes: Uint8Array } | { ok: false; message: string };
/** A decoded value and the bytes it used, or why decoding failed. */
export type Decompressed = { ok: true; value: Variant; length: number } | { ok: false; message: string };

/** Encodes one value as Godot's compressed Variant; int/float and the JS forms follow `put_var`'s rules. */
export function compressVariant(value: unknown, limit: number): Compressed {
  // A bool or an int never reaches the full encoder (the 12 bytes its full form could need always fit here).
  if (limit >= 12) {
    if (typeof value === "boolean") return { ok: true, bytes: Uint8Array.of(VariantType.TYPE_BOOL | (value ? BOOL_TRUE : 0)) };
    if (typeof value === "number" ? isInt64Number(value) : typeof value === "bigint" && value >= INT64_MIN && value <= INT64_MAX) {
      return { ok: true, bytes: compressInt(value as number | bigint) };
    }
  }
  const full = encodeVariant(value, limit);
  if (!full.ok) return { ok: false, message: full.message };
  const bytes = full.bytes;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const header = view.getUint32(0, true);
  const type = header & 0xff;
  if (type === VariantType.TYPE_BOOL) return { ok: true, bytes: Uint8Array.of(VariantType.TYPE_BOOL | (view.getUint32(4, true) ? BOOL_TRUE : 0)) };
  if (type !== VariantType.TYPE_INT) return { ok: true, bytes };
  return { ok: true, bytes: compressInt(header & FLAG_64 ? view.getBigInt64(4, true) : view.getInt32(4, true)) };
}

/** The meta byte (`0x02 | mode << 6`) and the int in the smallest of 8/16/32/64 bits that holds it. */
function compressInt(int: number | bigint): Uint8Array {
  const mode = int >= -128 && int <= 127 ? 0 : int >= -32768 && int <= 32767 ? 1 : int >= -2147483648 && int <= 2147483647 ? 2 : 3;
  const size = SIZES[mode] ?? 8;
  const out = new Uint8Array(1 + size);
  out[0] = VariantType.TYPE_INT | (mode << META_MODE_SHIFT);
  if (mode === 3) new DataView(out.buffer).setBigInt64(1, BigInt(int), true);
  else for (let i = 0, n = Number(int); i < size; i++) out[1 + i] = (n >> (8 * i)) & 0xff;
  return out;
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
