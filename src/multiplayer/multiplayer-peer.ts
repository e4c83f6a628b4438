import { ConnectionStatus, TransferMode } from "../godot/enums";
import { GodotError } from "../godot/godot-error";
import { PacketPeerVariants } from "../variant/packet-peer-variants";
import type { Variant } from "../variant/variant-codec";
import type { PackedByteArray } from "../internal/bytes";
import { isIntegerIn } from "../internal/checks";
import { GodotObject, signalsOf } from "../internal/godot-object";
import { fail } from "../internal/log";
import { MAX_PEER_ID } from "../godot/limits";

/** The signals of a multiplayer peer and their arguments. */
export type MultiplayerPeerSignals = {
  /** A peer's connection and all its channels are open; emitted once per peer, from `poll()`. */
  peer_connected: [id: number];
  /** A peer that had been connected was removed; emitted from `poll()`. */
  peer_disconnected: [id: number];
};

const TRANSFER_MODES: ReadonlySet<unknown> = new Set<unknown>(Object.values(TransferMode));

/**
 * Godot's `MultiplayerPeer` (a `PacketPeer`): what every multiplayer peer has whatever carries its packets —
 * the constants, the `peer_connected` / `peer_disconnected` signals, `transfer_mode`, `transfer_channel`, the
 * target peer, `refuse_new_connections`, `generate_unique_id` and `put_var` / `get_var` on top of the packet
 * methods a subclass provides. `WebRTCMultiplayerPeer` is the one subclass here, as in Godot's web build.
 */
export abstract class MultiplayerPeer extends GodotObject<MultiplayerPeerSignals> {
  /** `TransferMode.TRANSFER_MODE_UNRELIABLE` */
  static readonly TRANSFER_MODE_UNRELIABLE = TransferMode.TRANSFER_MODE_UNRELIABLE;
  /** `TransferMode.TRANSFER_MODE_UNRELIABLE_ORDERED` */
  static readonly TRANSFER_MODE_UNRELIABLE_ORDERED = TransferMode.TRANSFER_MODE_UNRELIABLE_ORDERED;
  /** `TransferMode.TRANSFER_MODE_RELIABLE` */
  static readonly TRANSFER_MODE_RELIABLE = TransferMode.TRANSFER_MODE_RELIABLE;
  /** `ConnectionStatus.CONNECTION_DISCONNECTED` */
  static readonly CONNECTION_DISCONNECTED = ConnectionStatus.CONNECTION_DISCONNECTED;
  /** `ConnectionStatus.CONNECTION_CONNECTING` */
  static readonly CONNECTION_CONNECTING = ConnectionStatus.CONNECTION_CONNECTING;
  /** `ConnectionStatus.CONNECTION_CONNECTED` */
  static readonly CONNECTION_CONNECTED = ConnectionStatus.CONNECTION_CONNECTED;
  /** `set_target_peer` value: send to every peer. */
  static readonly TARGET_PEER_BROADCAST = 0;
  /** `set_target_peer` value: send to the server (peer 1). */
  static readonly TARGET_PEER_SERVER = 1;

  readonly #signals = signalsOf<MultiplayerPeerSignals>(this);

  /** `(id)`: peer `id` is connected with every channel open. */
  readonly peer_connected = this.#signals.signal("peer_connected");
  /** `(id)`: peer `id`, which had been connected, is gone. */
  readonly peer_disconnected = this.#signals.signal("peer_disconnected");

  #transferMode: TransferMode = TransferMode.TRANSFER_MODE_RELIABLE;
  #transferChannel = 0;
  #refusing = false;
  readonly #variants = new PacketPeerVariants();

  /** Sends `buffer` as one packet to the target peer on the current transfer channel. */
  abstract put_packet(buffer: PackedByteArray): GodotError;
  /** The next packet, or an empty array (see `get_packet_error()`). */
  abstract get_packet(): Uint8Array;
  /** The result of the last `get_packet()`. */
  abstract get_packet_error(): GodotError;

  /**
   * Sends `value` in Godot 4's binary serialization (GDScript `put_var`) to the current target, on the current
   * transfer channel. Not encodable → `ERR_INVALID_PARAMETER`; larger than `encode_buffer_max_size` →
   * `ERR_OUT_OF_MEMORY`; otherwise what `put_packet` returns.
   */
  put_var(value: unknown): GodotError {
    return this.#variants.put(value, (bytes) => this.put_packet(bytes));
  }

  /** The next packet (as `get_packet()` picks it) decoded from Godot's binary serialization; `null` if none or undecodable (logged). */
  get_var(): Variant {
    const packet = this.get_packet();
    return this.#variants.get(this.get_packet_error() === GodotError.OK ? packet : undefined, "multiplayer peer");
  }

  /** The largest message `put_var` builds, in bytes (default 8 MiB, always a power of two). */
  get encode_buffer_max_size(): number {
    return this.#variants.encodeBufferMaxSize;
  }

  set encode_buffer_max_size(bytes: number) {
    this.#variants.setEncodeBufferMaxSize(bytes);
  }

  /** The largest message `put_var` builds, in bytes. */
  get_encode_buffer_max_size(): number {
    return this.#variants.encodeBufferMaxSize;
  }

  /** Sets the largest message `put_var` builds, rounded up to a power of two; outside 1024…256 MiB → `ERR_INVALID_PARAMETER`. */
  set_encode_buffer_max_size(bytes: number): GodotError {
    return this.#variants.setEncodeBufferMaxSize(bytes);
  }

  /** The transfer mode `put_packet` uses when `transfer_channel` is 0 (default `TRANSFER_MODE_RELIABLE`). */
  get transfer_mode(): TransferMode {
    return this.#transferMode;
  }

  set transfer_mode(mode: TransferMode) {
    this.set_transfer_mode(mode);
  }

  /** Sets `transfer_mode`; anything but 0, 1, 2 → `ERR_INVALID_PARAMETER`, unchanged. */
  set_transfer_mode(mode: TransferMode): GodotError {
    if (!TRANSFER_MODES.has(mode)) return fail(GodotError.ERR_INVALID_PARAMETER, "set_transfer_mode", "expected TRANSFER_MODE_UNRELIABLE (0), _UNRELIABLE_ORDERED (1) or _RELIABLE (2)");
    this.#transferMode = mode;
    return GodotError.OK;
  }

  /** The transfer mode `put_packet` uses when `transfer_channel` is 0. */
  get_transfer_mode(): TransferMode {
    return this.#transferMode;
  }

  /** The channel `put_packet` uses: 0 picks by `transfer_mode`, n the n-th `channels_config` channel (default 0). */
  get transfer_channel(): number {
    return this.#transferChannel;
  }

  set transfer_channel(channel: number) {
    this.set_transfer_channel(channel);
  }

  /** Sets `transfer_channel`; not an integer ≥ 0 → `ERR_INVALID_PARAMETER`, unchanged. */
  set_transfer_channel(channel: number): GodotError {
    if (!isIntegerIn(channel, 0, Number.MAX_SAFE_INTEGER)) return fail(GodotError.ERR_INVALID_PARAMETER, "set_transfer_channel", "expected an integer ≥ 0");
    this.#transferChannel = channel;
    return GodotError.OK;
  }

  /** The channel `put_packet` uses. */
  get_transfer_channel(): number {
    return this.#transferChannel;
  }

  /** Who `put_packet` sends to: a peer id, `TARGET_PEER_BROADCAST` (0), or −id for everyone but that peer. */
  abstract set_target_peer(id: number): GodotError;

  /** Whether `add_peer` refuses new peers (`ERR_UNAUTHORIZED`); default false. */
  get refuse_new_connections(): boolean {
    return this.#refusing;
  }

  set refuse_new_connections(refuse: boolean) {
    this.set_refuse_new_connections(refuse);
  }

  /** Sets `refuse_new_connections`; not a boolean → `ERR_INVALID_PARAMETER`, unchanged. */
  set_refuse_new_connections(refuse: boolean): GodotError {
    if (typeof refuse !== "boolean") return fail(GodotError.ERR_INVALID_PARAMETER, "set_refuse_new_connections", "expected a boolean");
    this.#refusing = refuse;
    return GodotError.OK;
  }

  /** Whether `add_peer` refuses new peers. */
  is_refusing_new_connections(): boolean {
    return this.#refusing;
  }

  /** A random id in 2…2147483647 for `create_client` / `create_mesh`. */
  generate_unique_id(): number {
    const random = new Uint32Array(1);
    globalThis.crypto.getRandomValues(random);
    return 2 + ((random[0] ?? 0) % (MAX_PEER_ID - 1));
  }
}
