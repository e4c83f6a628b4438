import { toBytes } from "../internal/bytes";
import { logError } from "../internal/log";
import { decodeVariant } from "./variant-decoder";
import { encodeVariant } from "./variant-encoder";
import { DEFAULT_ENCODE_LIMIT, type Variant } from "./variant-format";

// Godot 4's binary serialization ("Binary serialization API" in Godot's docs, `core/io/marshalls.cpp`):
// little-endian, a u32 header per value (low byte the type, bit 16 the 64-bit flag, bits 16–19 the element types
// of typed containers), every value padded to 4 bytes. The encoder and decoder live in their own files; this
// module is the one door the rest of the library and games use.

export { decodeVariant, type DecodeResult } from "./variant-decoder";
export { encodeVariant, type EncodeResult } from "./variant-encoder";
export { MAX_DEPTH, VariantType, type Variant } from "./variant-format";

/**
 * GDScript's `var_to_bytes(value)`: `value` in Godot's binary serialization, byte for byte what Godot produces.
 * See `Variant` for the JS form of each type. A value it cannot encode → an empty `Uint8Array`, error logged
 * (as Godot returns an empty `PackedByteArray`).
 */
export function var_to_bytes(value: unknown): Uint8Array {
  const result = encodeVariant(value, DEFAULT_ENCODE_LIMIT);
  if (result.ok) return result.bytes;
  logError("var_to_bytes", result.message);
  return new Uint8Array(0);
}

/**
 * GDScript's `bytes_to_var(bytes)`: the value encoded at the start of `bytes`. Bytes it cannot decode (or
 * input that is not bytes) → `null`, error logged; as in Godot, a decoded `null` and a failure look the same.
 */
export function bytes_to_var(bytes: unknown): Variant {
  const input = toBytes(bytes);
  if (input === null) {
    logError("bytes_to_var", "expected bytes (Uint8Array, ArrayBuffer, a view or number[] of 0…255)");
    return null;
  }
  const result = decodeVariant(input);
  if (result.ok) return result.value;
  logError("bytes_to_var", result.message);
  return null;
}
