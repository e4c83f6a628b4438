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

  /**
   * Moves to the next source: the first connected peer with packets after the current one in `peers`' order,
   * wrapping round to the start and up to the current one itself; none found → peer 0, channel 0.
   */
  advance(peers: ReadonlyMap<number, PeerEntry>): void {
    const ids = [...peers.keys()];
    const start = ids.indexOf(this.peer);
    // The current peer comes last: the ones after it, then those before it, then itself.
    const order = start < 0 ? ids : [...ids.slice(start + 1), ...ids.slice(0, start + 1)];
    for (const id of order) {
      const entry = peers.get(id);
      if (entry === undefined || !entry.connected) continue;
      const channel = entry.firstNonEmptyChannel();
      if (channel < 0) continue;
      this.peer = id;
      this.channel = channel;
      return;
    }
    this.reset();
  }

  /** Forgets the current source. */
  reset(): void {
    this.peer = 0;
    this.channel = 0;
  }
}
