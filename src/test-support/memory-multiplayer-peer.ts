// An in-memory MultiplayerPeer for SceneMultiplayer's unit tests: peers linked in one process, packets delivered
// in order at once, peer_connected / peer_disconnected queued for the next poll() as WebRTCMultiplayerPeer does.
// Status changes, like the signals, are noticed at poll(). Every packet put is also recorded in `sent`, so tests can compare bytes with what Godot sends.
import { ConnectionStatus, TransferMode } from "../godot/enums";
import { GodotError } from "../godot/godot-error";
import { toBytes, type PackedByteArray } from "../internal/bytes";
import { signalsOf } from "../internal/godot-object";
import { MultiplayerPeer, type MultiplayerPeerSignals } from "../multiplayer/multiplayer-peer";

type Mode = "server" | "client" | "mesh";

/** A packet in a peer's inbox or `sent` log. */
export interface MemoryPacket {
  readonly from: number;
  readonly to: number;
  readonly bytes: Uint8Array;
  readonly mode: TransferMode;
  readonly channel: number;
}

/** A `MultiplayerPeer` whose links are other `MemoryMultiplayerPeer`s in the same process. */
export class MemoryMultiplayerPeer extends MultiplayerPeer {
  readonly sent: MemoryPacket[] = [];
  readonly #signals = signalsOf<MultiplayerPeerSignals>(this);
  #target = 0;
  readonly #inbox: MemoryPacket[] = [];
  readonly #links = new Map<number, MemoryMultiplayerPeer>();
  #status: ConnectionStatus = ConnectionStatus.CONNECTION_CONNECTING;
  /** A status change noticed at the next poll(), as WebRTCMultiplayerPeer notices its connections there. */
  #nextStatus: ConnectionStatus | null = null;

  constructor(
    readonly id: number,
    readonly mode: Mode,
  ) {
    super((self: MemoryMultiplayerPeer) => self.#inbox.shift()?.bytes ?? GodotError.ERR_UNAVAILABLE);
    if (mode !== "client") this.#status = ConnectionStatus.CONNECTION_CONNECTED;
  }

  /** Links two peers both ways; each sees `peer_connected` on its next poll. */
  static link(a: MemoryMultiplayerPeer, b: MemoryMultiplayerPeer): void {
    a.#links.set(b.id, b);
    b.#links.set(a.id, a);
    a.#signals.enqueue("peer_connected", b.id);
    b.#signals.enqueue("peer_connected", a.id);
    if (a.mode === "client" && b.id === 1) a.#nextStatus = ConnectionStatus.CONNECTION_CONNECTED;
    if (b.mode === "client" && a.id === 1) b.#nextStatus = ConnectionStatus.CONNECTION_CONNECTED;
  }

  /** Cuts the link both ways; each sees `peer_disconnected` on its next poll (a client losing 1 disconnects). */
  static unlink(a: MemoryMultiplayerPeer, b: MemoryMultiplayerPeer): void {
    if (!a.#links.delete(b.id) || !b.#links.delete(a.id)) return;
    a.#signals.enqueue("peer_disconnected", b.id);
    b.#signals.enqueue("peer_disconnected", a.id);
    if (a.mode === "client" && b.id === 1) a.#nextStatus = ConnectionStatus.CONNECTION_DISCONNECTED;
    if (b.mode === "client" && a.id === 1) b.#nextStatus = ConnectionStatus.CONNECTION_DISCONNECTED;
  }

  /** Delivers `bytes` to this peer as if `from` had sent them (for hostile-input tests). */
  inject(from: number, bytes: Uint8Array, mode: TransferMode = TransferMode.TRANSFER_MODE_RELIABLE, channel = 0): void {
    this.#inbox.push({ from, to: this.id, bytes, mode, channel });
  }

  put_packet(buffer: PackedByteArray): GodotError {
    const bytes = toBytes(buffer);
    if (bytes === null) return GodotError.ERR_INVALID_PARAMETER;
    const target = this.#target;
    const targets = target > 0 ? [target] : [...this.#links.keys()].filter((id) => id !== -target);
    for (const to of targets) {
      const packet = { from: this.id, to, bytes: bytes.slice(), mode: this.transfer_mode, channel: this.transfer_channel };
      this.sent.push(packet);
      const link = this.#links.get(to);
      if (link !== undefined) link.#inbox.push(packet);
    }
    return GodotError.OK;
  }

  set_target_peer(id: number): GodotError {
    this.#target = id;
    return GodotError.OK;
  }

  get_available_packet_count(): number {
    return this.#inbox.length;
  }

  get_packet_peer(): number {
    return this.#inbox[0]?.from ?? 0;
  }

  get_packet_channel(): number {
    return this.#inbox[0]?.channel ?? 0;
  }

  get_packet_mode(): TransferMode {
    return this.#inbox[0]?.mode ?? TransferMode.TRANSFER_MODE_RELIABLE;
  }

  poll(): GodotError {
    if (this.#nextStatus !== null) [this.#status, this.#nextStatus] = [this.#nextStatus, null];
    this.#signals.emitQueued();
    return GodotError.OK;
  }

  get_unique_id(): number {
    return this.id;
  }

  get_connection_status(): ConnectionStatus {
    return this.#status;
  }

  disconnect_peer(peer_id: number): void {
    const other = this.#links.get(peer_id);
    if (other !== undefined) MemoryMultiplayerPeer.unlink(this, other);
  }

  is_server_relay_supported(): boolean {
    return this.mode !== "mesh";
  }

  /** Packets sent since the last call, then forgets them. */
  takeSent(): MemoryPacket[] {
    return this.sent.splice(0);
  }
}
