/**
 * Godot's path cache (`SceneCacheInterface`), by node path. Sending: each node gets a cache id (1, 2, … in the
 * order first used), announced once per peer with SIMPLIFY_PATH and then "confirmed" when that peer answers
 * CONFIRM_PATH; until then RPCs to it carry the full path. Receiving: per peer, the ids it announced and the paths
 * they stand for. Every map is keyed by a connected peer and emptied when the peer leaves, so it is bounded by
 * peers × declared nodes (a peer announcing more than `MAX_RECEIVED` ids is refused).
 */
export class PathCache {
  /** At most this many ids one peer may announce (Godot has no bound; a hostile peer could fill memory). */
  static readonly MAX_RECEIVED = 65536;

  readonly #ids = new Map<string, number>();
  readonly #paths = new Map<number, string>();
  readonly #sent = new Map<string, Map<number, boolean>>();
  readonly #received = new Map<number, Map<number, string>>();
  readonly #mismatch = new Map<number, Set<string>>();
  #nextId = 1;

  /** The cache id of `path`, assigned on first use. */
  idOf(path: string): number {
    let id = this.#ids.get(path);
    if (id === undefined) {
      id = this.#nextId++;
      this.#ids.set(path, id);
      this.#paths.set(id, path);
    }
    return id;
  }

  /** Marks `path` as announced to `peer`; true the first time (the caller then sends SIMPLIFY_PATH). */
  announce(path: string, peer: number): boolean {
    let peers = this.#sent.get(path);
    if (peers === undefined) this.#sent.set(path, (peers = new Map()));
    if (peers.has(peer)) return false;
    peers.set(peer, false);
    return true;
  }

  /** Whether `peer` confirmed `path`. */
  isConfirmed(path: string, peer: number): boolean {
    return this.#sent.get(path)?.get(peer) === true;
  }

  /**
   * Records `peer`'s CONFIRM_PATH for cache id `id`. Returns the path, `null` for an id we never assigned
   * (ignored, as in Godot: the node may be gone), or an error message for a path never announced to that peer.
   */
  confirm(peer: number, id: number, valid: boolean): string | null | { error: string } {
    const path = this.#paths.get(id);
    if (path === undefined) return null;
    const peers = this.#sent.get(path);
    if (peers?.has(peer) !== true) return { error: `peer ${peer} confirmed ${path} (id ${id}), which was not announced to it` };
    peers.set(peer, true);
    if (!valid) this.#mismatchOf(peer).add(path);
    return path;
  }

  /** Records that `peer` announced `path` as `id`; an error message for a duplicate id or too many ids. */
  receive(peer: number, id: number, path: string, valid: boolean): string | null {
    let ids = this.#received.get(peer);
    if (ids === undefined) this.#received.set(peer, (ids = new Map()));
    if (ids.has(id)) return `duplicate remote cache id ${id} for peer ${peer}`;
    if (ids.size >= PathCache.MAX_RECEIVED) return `peer ${peer} announced more than ${PathCache.MAX_RECEIVED} paths`;
    ids.set(id, path);
    if (!valid) this.#mismatchOf(peer).add(path);
    return null;
  }

  /** The path `peer` announced as `id`, if any. */
  pathOf(peer: number, id: number): string | undefined {
    return this.#received.get(peer)?.get(id);
  }

  /** Whether `peer` and we disagree on the RPC config of `path` (its hash differed either way). */
  isMismatched(peer: number, path: string): boolean {
    return this.#mismatch.get(peer)?.has(path) === true;
  }

  /** Forgets everything about `peer` (it left). */
  removePeer(peer: number): void {
    this.#received.delete(peer);
    this.#mismatch.delete(peer);
    for (const peers of this.#sent.values()) peers.delete(peer);
  }

  /** Forgets `path`'s send-side state (its node was removed); ids already given stay retired. */
  removePath(path: string): void {
    const id = this.#ids.get(path);
    if (id !== undefined) this.#paths.delete(id);
    this.#ids.delete(path);
    this.#sent.delete(path);
  }

  /** Back to empty, ids from 1 again (Godot's `clear()`). */
  clear(): void {
    this.#ids.clear();
    this.#paths.clear();
    this.#sent.clear();
    this.#received.clear();
    this.#mismatch.clear();
    this.#nextId = 1;
  }

  #mismatchOf(peer: number): Set<string> {
    let set = this.#mismatch.get(peer);
    if (set === undefined) this.#mismatch.set(peer, (set = new Set()));
    return set;
  }
}
