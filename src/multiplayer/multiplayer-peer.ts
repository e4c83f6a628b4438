import { ConnectionStatus, TRANSFER_MODES, TransferMode } from "../godot/enums";
import { GodotError } from "../godot/godot-error";
import { isIntegerIn } from "../internal/checks";
import { signalsOf } from "../internal/godot-object";
import { PacketPeer, type TakePacket } from "../packet-peer/packet-peer";
import { fail } from "../internal/log";
import { MAX_PEER_ID } from "../godot/limits";

/** The signals of a multiplayer peer and their arguments. */
export type MultiplayerPeerSignals = {
  /** A peer's connection and all its channels are open; emitted once per peer, from `poll()`. */
  peer_connected: [id: number];
  /** A peer that had been connected was removed; emitted from `poll()`. */
  peer_disconnected: [id: number];
};

/**
 * Godot's `MultiplayerPeer` (a `PacketPeer`): what every multiplayer peer has whatever carries its packets —
 * the constants, the `peer_connected` / `peer_disconnected` signals, `transfer_mode`, `transfer_channel`,
 * `refuse_new_connections` and `generate_unique_id`, on top of `PacketPeer`'s `put_var` / `get_var`. The subclass
 * provides the packets and the target peer (`set_target_peer`, pure virtual in Godot too). `WebRTCMultiplayerPeer` is the one subclass here, as in Godot's web build.
 */
export abstract class MultiplayerPeer extends PacketPeer<MultiplayerPeerSignals> {
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

  /** @internal `take` gives the next packet by the subclass's rules (see `PacketPeer`). */
  constructor(take: TakePacket) {
    super(take);
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
