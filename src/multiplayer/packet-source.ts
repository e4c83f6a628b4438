import { pushedPacketCount } from "../data-channel/packet-queue";
import { TransferMode } from "../godot/enums";
import { GodotError } from "../godot/godot-error";
import { fail } from "../internal/log";
import { type ChannelLayout, RESERVED_CHANNELS } from "./channel-layout";
import type { PeerEntry } from "./peer-entry";

/**
 * Which peer and channel the next multiplayer `get_packet()` reads from (Godot's `next_packet_peer` /
 * `next_packet_channel`). Peers take turns in map (insertion) order; within a peer the lowest channel index
 * with packets wins. Peers not yet connected are skipped, so their packets wait until `peer_connected`.
 */
export class PacketSource {
  /** The peer id the next packet comes from; 0 when none. */
  peer = 0;
  /** The list index of the channel it comes from (0 reliable, 1 ordered, 2 unreliable, then extras). */
  channel = 0;
  /** `pushedPacketCount()` when `search()` last found no source; -1 when it must look again. */
  #emptyAt = -1;

  /**
   * `advance()`, for `poll()`, but only if a source can have appeared since the last search found none: a
   * receive queue gained a packet, or a peer connected (`lookAgain()`). An idle frame then walks nothing.
   */
  search(peers: ReadonlyMap<number, PeerEntry>): void {
    if (this.#emptyAt === pushedPacketCount()) return;
    this.advance(peers);
    this.#emptyAt = this.peer === 0 ? pushedPacketCount() : -1;
  }

  /** A peer became connected: its packets, queued before, can be a source now. */
  lookAgain(): void {
    this.#emptyAt = -1;
  }

  /**
   * Moves to the next source: the first connected peer with packets after the current one in `peers`' order,
   * wrapping round to the start and up to the current one itself; none found → peer 0, channel 0.
   */
  advance(peers: ReadonlyMap<number, PeerEntry>): void {
    // Two walks over the map instead of a reordered copy: this runs once per packet read (as Godot's walk).
    const current = peers.has(this.peer) ? this.peer : null;
    let after = current === null;
    for (const [id, entry] of peers) {
      if (after && this.#pick(id, entry)) return;
      if (id === current) after = true;
    }
    if (current !== null) {
      for (const [id, entry] of peers) {
        if (this.#pick(id, entry)) return;
        if (id === current) break;
      }
    }
    this.reset();
  }

  /** Makes peer `id` the source if it is connected and has a packet; whether it did. */
  #pick(id: number, entry: PeerEntry): boolean {
    if (!entry.connected) return false;
    const channel = entry.firstNonEmptyChannel();
    if (channel < 0) return false;
    this.peer = id;
    this.channel = channel;
    return true;
  }

  /**
   * Removes and returns the next packet for `get_packet()` / `get_var()`, from this source, then moves on; peers
   * take turns. None (or none since the last `poll()`) → `ERR_UNAVAILABLE`, logged.
   */
  take(peers: ReadonlyMap<number, PeerEntry>): Uint8Array | GodotError {
    const entry = peers.get(this.peer);
    if (this.peer === 0 || entry === undefined) {
      this.advance(peers);
      return fail(GodotError.ERR_UNAVAILABLE, "get_packet", "no packet available");
    }
    const preferred = entry.channels[this.channel];
    const channel = preferred !== undefined && preferred.get_available_packet_count() > 0 ? preferred : entry.channels[entry.firstNonEmptyChannel()];
    if (channel === undefined) {
      this.advance(peers);
      return fail(GodotError.ERR_BUG, "get_packet", "the packet source had no packets (read from its channels directly?)");
    }
    const packet = channel.get_packet();
    const error = channel.get_packet_error();
    this.advance(peers);
    return error === GodotError.OK ? packet : error;
  }

  /** `get_packet_channel()`: 0 for the reserved channels, n for the n-th `channels_config` one. */
  transferChannel(): number {
    return this.channel < RESERVED_CHANNELS ? 0 : this.channel - (RESERVED_CHANNELS - 1);
  }

  /** `get_packet_mode()`: the transfer mode of the source channel in `layout` (`TRANSFER_MODE_RELIABLE`, logged, if none). */
  transferMode(layout: ChannelLayout): TransferMode {
    const mode = layout.modeAt(this.channel);
    if (mode === undefined) return fail(TransferMode.TRANSFER_MODE_RELIABLE, "get_packet_mode", `no channel ${this.channel}`);
    return mode;
  }

  /** Forgets the current source. */
  reset(): void {
    this.peer = 0;
    this.channel = 0;
  }
}
