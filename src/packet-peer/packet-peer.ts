import { GodotError } from "../godot/godot-error";
import { MIB } from "../godot/limits";
import { toBytes, type PackedByteArray } from "../internal/bytes";
import { isIntegerIn } from "../internal/checks";
import { GodotObject } from "../internal/godot-object";
import { fail } from "../internal/log";
import type { SignalMap } from "../internal/signal";
import { decodeVariant, encodeVariant, type Variant } from "../variant/variant-codec";

/**
 * How a subclass hands its base the next packet: removes and returns it, or returns why there is none (the
 * subclass logs what it wants to). A function given to the constructor, not a method, so no prototype carries it.
 */
export type TakePacket = (peer: never) => Uint8Array | GodotError;

/**
 * Godot's `PacketPeer`, the base of `WebRTCDataChannel` and `MultiplayerPeer` as in Godot's class tree: packets
 * plus `put_var` / `get_var` in Godot 4's binary serialization, bounded by `encode_buffer_max_size`, and the
 * error of the last `get_packet()`. A subclass sends (`put_packet`) and counts; this base reads through the
 * `TakePacket` function the subclass gives it.
 */
export abstract class PacketPeer<Events extends SignalMap = Record<never, never>> extends GodotObject<Events> {
  readonly #take: (peer: PacketPeer<Events>) => Uint8Array | GodotError;
  #packetError: GodotError = GodotError.OK;
  #encodeBufferMaxSize = 8 * MIB;

  /** @internal `take` is called with this object and gives the next packet; subclasses pass it. */
  constructor(take: TakePacket) {
    super();
    this.#take = take as (peer: PacketPeer<Events>) => Uint8Array | GodotError;
  }

  /** Sends `buffer` as one packet; the subclass says where and with which codes. */
  abstract put_packet(buffer: PackedByteArray): GodotError;

  /** Packets waiting to be read with `get_packet()` / `get_var()`. */
  abstract get_available_packet_count(): number;

  /** The next packet, or an empty array when none is available (`get_packet_error()` then says why). */
  get_packet(): Uint8Array {
    const packet = this.#take(this);
    if (typeof packet === "number") {
      this.#packetError = packet;
      return new Uint8Array(0);
    }
    this.#packetError = GodotError.OK;
    return packet;
  }

  /** The result of the last `get_packet()`: `OK`, or why it returned an empty array (`ERR_UNAVAILABLE`…). */
  get_packet_error(): GodotError {
    return this.#packetError;
  }

  /**
   * Sends `value` in Godot 4's binary serialization (GDScript `put_var`), readable by `get_var()` on a native
   * Godot peer; see `Variant` for the JS form of each type. A value it cannot encode → `ERR_INVALID_PARAMETER`;
   * encoded larger than `encode_buffer_max_size` → `ERR_OUT_OF_MEMORY`; otherwise what `put_packet` returns.
   */
  put_var(value: unknown): GodotError {
    const encoded = encodeVariant(value, this.#encodeBufferMaxSize);
    if (!encoded.ok) return fail(encoded.error, "put_var", encoded.message);
    return this.put_packet(encoded.bytes);
  }

  /**
   * The next packet decoded from Godot 4's binary serialization (GDScript `get_var`). No packet, or bytes that
   * do not decode → `null`, error logged; as in Godot a received `null` looks the same, and
   * `get_packet_error()` is left as it was (Godot sets it only in `get_packet()`).
   */
  get_var(): Variant {
    const packet = this.#take(this);
    if (typeof packet === "number") return fail(null, "get_var", "no packet available");
    const decoded = decodeVariant(packet);
    return decoded.ok ? decoded.value : fail(null, "get_var", decoded.message);
  }

  /** The largest message `put_var` will build, in bytes (default 8 MiB, always a power of two). */
  get encode_buffer_max_size(): number {
    return this.#encodeBufferMaxSize;
  }

  set encode_buffer_max_size(bytes: number) {
    this.set_encode_buffer_max_size(bytes);
  }

  /** The largest message `put_var` will build, in bytes. */
  get_encode_buffer_max_size(): number {
    return this.#encodeBufferMaxSize;
  }

  /**
   * Sets the largest message `put_var` will build, rounded up to a power of two (3000 → 4096), as Godot does.
   * Not an integer in 1024…256 MiB → `ERR_INVALID_PARAMETER`, value unchanged (Godot only logs).
   */
  set_encode_buffer_max_size(bytes: number): GodotError {
    if (!isIntegerIn(bytes, 1024, 256 * MIB)) {
      return fail(GodotError.ERR_INVALID_PARAMETER, "set_encode_buffer_max_size", "expected an integer from 1024 to 268435456 (256 MiB)");
    }
    this.#encodeBufferMaxSize = 2 ** Math.ceil(Math.log2(bytes));
    return GodotError.OK;
  }
}

/** `buffer` as bytes for a `put_packet`, or `null` after logging why it is not bytes (→ `ERR_INVALID_PARAMETER`). */
export function packetBytes(buffer: unknown): Uint8Array | null {
  const bytes = toBytes(buffer);
  return bytes ?? fail(null, "put_packet", "expected bytes (Uint8Array, ArrayBuffer, a view or number[] of 0…255)");
}
