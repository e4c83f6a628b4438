import { ChannelState } from "../godot/enums";
import { GodotError } from "../godot/godot-error";
import { fail, logError, shown } from "../internal/log";
import { noChannel, type PeerEntry, type PeerInfo } from "./peer-entry";

/** A peer `PeerRoster.scan()` found changed: its id and entry. */
export type ScannedPeer = [id: number, entry: PeerEntry];

/**
 * The remote peers of one `WebRTCMultiplayerPeer` by id, in the order they were added (Godot's `peer_map`), and
 * the walks over them: `poll()`'s scan, a broadcast, the packet count. The scan walks an array of the map kept
 * until the map changes, so an idle frame allocates nothing.
 */
export class PeerRoster {
  readonly #peers = new Map<number, PeerEntry>();
  /** `#peers` as an array for `scan()` to walk; null after any change to the map. */
  #order: ScannedPeer[] | null = null;

  /** The peers by id (read-only), for the packet source. */
  get map(): ReadonlyMap<number, PeerEntry> {
    return this.#peers;
  }

  /** The entry of peer `id`, if any. */
  get(id: number): PeerEntry | undefined {
    return this.#peers.get(id);
  }

  /** The entry of peer `id`; unknown → undefined, logged as `where`'s error. */
  find(id: number, where: string): PeerEntry | undefined {
    const entry = this.#peers.get(id);
    if (entry === undefined) logError(where, `no peer with id ${shown(id, "number")}`);
    return entry;
  }

  /** Puts `entry` under `id` (at the end, or in the place of the entry it replaces). */
  set(id: number, entry: PeerEntry): void {
    this.#peers.set(id, entry);
    this.#order = null;
  }

  /** Removes peer `id`. */
  delete(id: number): void {
    this.#peers.delete(id);
    this.#order = null;
  }

  /** Removes every peer and returns their entries. */
  clear(): PeerEntry[] {
    const entries = [...this.#peers.values()];
    this.#peers.clear();
    this.#order = null;
    return entries;
  }

  /**
   * Polls each peer's connection, in the map's order when the scan began, and asks each peer still in the map
   * what changed (`PeerEntry.check()`; a handler of the connection's signals may remove or replace peers
   * meanwhile). A dropped peer that `keep` keeps is left alone. Null when nothing changed.
   */
  scan(keep: (id: number, entry: PeerEntry) => boolean): { dropped: ScannedPeer[]; ready: ScannedPeer[] } | null {
    let found: { dropped: ScannedPeer[]; ready: ScannedPeer[] } | null = null;
    this.#order ??= [...this.#peers];
    for (const [id, entry] of this.#order) {
      if (this.#peers.get(id) !== entry) continue;
      entry.connection.poll();
      if (this.#peers.get(id) !== entry) continue;
      // Reads the browser only if the connection or a channel reported a change since the last read.
      const verdict = entry.check();
      if (verdict === "unchanged" || (verdict === "dropped" && entry.connected && keep(id, entry))) continue;
      found ??= { dropped: [], ready: [] };
      found[verdict].push([id, entry]);
    }
    return found;
  }

  /** Sends `bytes` on channel `index` of peer `id`: its `put_packet` result; no such peer or channel → `ERR_INVALID_PARAMETER`. */
  sendTo(id: number, index: number, bytes: Uint8Array): GodotError {
    const entry = this.#peers.get(id);
    if (entry === undefined) return fail(GodotError.ERR_INVALID_PARAMETER, "put_packet", `Invalid target peer: ${id}.`);
    const channel = entry.channels[index];
    if (channel === undefined) return fail(GodotError.ERR_INVALID_PARAMETER, "put_packet", noChannel(index, entry));
    return channel.put_packet(bytes);
  }

  /**
   * Sends `bytes` on channel `index` of every peer but `except` (0: none excepted) that is connected or whose
   * channel is open already; a peer without that channel is logged and skipped.
   */
  broadcast(index: number, except: number, bytes: Uint8Array): void {
    for (const [id, entry] of this.#peers) {
      if (id === except) continue;
      const channel = entry.channels[index];
      if (channel === undefined) {
        logError("put_packet", noChannel(index, entry));
        continue;
      }
      if (!entry.connected && channel.get_ready_state() !== ChannelState.STATE_OPEN) continue;
      channel.put_packet(bytes);
    }
  }

  /** Packets waiting on the channels of connected peers. */
  availablePackets(): number {
    let count = 0;
    for (const entry of this.#peers.values()) if (entry.connected) count += entry.availablePackets();
    return count;
  }

  /** Every peer, by id, as `get_peer` gives it. */
  infos(): Record<number, PeerInfo> {
    const peers: Record<number, PeerInfo> = {};
    for (const [id, entry] of this.#peers) peers[id] = entry.info();
    return peers;
  }
}
