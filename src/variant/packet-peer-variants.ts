import { GodotError } from "../godot/godot-error";
import { MIB } from "../godot/limits";
import { decodeVariant, encodeVariant, type Variant } from "./variant-codec";
import { isIntegerIn } from "../internal/checks";
import { fail } from "../internal/log";


/**
 * What Godot's `PacketPeer` adds on top of packets, shared by `WebRTCDataChannel` and `WebRTCMultiplayerPeer`:
 * `put_var` / `get_var` in Godot 4's binary serialization, bounded by `encode_buffer_max_size`.
 */
export class PacketPeerVariants {
  #encodeBufferMaxSize = 8 * MIB;

  /** The largest message `put_var` builds, in bytes (default 8 MiB, always a power of two). */
  get encodeBufferMaxSize(): number {
    return this.#encodeBufferMaxSize;
  }

  /** Rounds up to a power of two as Godot does (3000 → 4096); outside 1024…256 MiB → `ERR_INVALID_PARAMETER`. */
  setEncodeBufferMaxSize(bytes: unknown): GodotError {
    if (!isIntegerIn(bytes, 1024, 256 * MIB)) {
      return fail(GodotError.ERR_INVALID_PARAMETER, "set_encode_buffer_max_size", "expected an integer from 1024 to 268435456 (256 MiB)");
    }
    this.#encodeBufferMaxSize = 2 ** Math.ceil(Math.log2(bytes));
    return GodotError.OK;
  }

  /** Encodes `value` and hands the bytes to `putPacket`; `ERR_INVALID_PARAMETER` / `ERR_OUT_OF_MEMORY` if it cannot. */
  put(value: unknown, putPacket: (bytes: Uint8Array) => GodotError): GodotError {
    const encoded = encodeVariant(value, this.#encodeBufferMaxSize);
    if (!encoded.ok) return fail(encoded.error, "put_var", encoded.message);
    return putPacket(encoded.bytes);
  }

  /** Decodes `packet` (`undefined`: there was none); `null` with a logged error when it cannot. */
  get(packet: Uint8Array | undefined, where: string): Variant {
    if (packet === undefined) return fail(null, "get_var", `${where}: no packet available`);
    const decoded = decodeVariant(packet);
    return decoded.ok ? decoded.value : fail(null, "get_var", decoded.message);
  }
}
