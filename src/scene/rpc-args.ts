import { VariantType, type Variant } from "../variant/variant-codec";
import { compressVariant, decompressVariants } from "./variant-compression";
import { concat, readU32 } from "./packet-bytes";

/** The largest encoded argument list (Godot's packets are bounded by the peer's packet size anyway). */
const ARGS_LIMIT = 16 * 1024 * 1024;

/** RPC arguments as Godot encodes them (`encode_and_compress_variants`), or why they cannot be. */
export type EncodedArgs = { ok: true; bytes: Uint8Array; raw: boolean } | { ok: false; message: string };

/**
 * Encodes RPC arguments. No arguments, or a single `PackedByteArray`, are "raw": no argument count, the bytes
 * as they are (Godot's `byte_only_or_no_args`). Otherwise each argument is a compressed Variant.
 */
export function encodeRpcArgs(args: readonly unknown[]): EncodedArgs {
  if (args.length === 0) return { ok: true, bytes: new Uint8Array(0), raw: true };
  const parts: Uint8Array[] = [];
  for (const [index, arg] of args.entries()) {
    const one = compressVariant(arg, ARGS_LIMIT);
    if (!one.ok) return { ok: false, message: `argument ${index + 1}: ${one.message}` };
    if (args.length === 1 && one.bytes[0] === VariantType.TYPE_PACKED_BYTE_ARRAY) {
      const length = readU32(one.bytes, 4);
      return { ok: true, bytes: one.bytes.slice(8, 8 + length), raw: true };
    }
    parts.push(one.bytes);
  }
  return { ok: true, bytes: concat(...parts), raw: false };
}

/** Decodes `argc` arguments; raw means one `PackedByteArray` (or none when `argc` is 0). Never throws. */
export function decodeRpcArgs(bytes: Uint8Array, raw: boolean, argc: number): { ok: true; values: Variant[] } | { ok: false; message: string } {
  if (raw) return { ok: true, values: argc === 0 ? [] : [bytes.slice()] };
  const decoded = decompressVariants(bytes, argc);
  return decoded.ok ? { ok: true, values: decoded.values } : decoded;
}
