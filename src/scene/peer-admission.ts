/** One peer in authentication: who finished it (`complete_auth` here, an empty SYS AUTH there) and since when. */
interface Pending {
  local: boolean;
  remote: boolean;
  readonly since: number;
}

/**
 * Godot's pending-peer table (`SceneMultiplayer::pending_peers`): peers the transport connected while an
 * `auth_callback` is set wait here until both sides called `complete_auth`, or until `auth_timeout` passes.
 * Bounded by the transport's peers (one entry per connected peer).
 */
export class PeerAdmission {
  readonly #pending = new Map<number, Pending>();

  /** Starts authenticating `id`. */
  start(id: number, now: number): void {
    this.#pending.set(id, { local: false, remote: false, since: now });
  }

  /** Whether `id` is authenticating. */
  has(id: number): boolean {
    return this.#pending.has(id);
  }

  /** The ids authenticating, oldest first. */
  ids(): number[] {
    return [...this.#pending.keys()];
  }

  /** Whether we / the remote already completed `id`'s authentication. */
  state(id: number): Readonly<Pending> | undefined {
    return this.#pending.get(id);
  }

  /** Marks our side complete; true when the remote side was too (the peer is then admitted). */
  completeLocal(id: number): boolean {
    const entry = this.#pending.get(id);
    if (entry === undefined) return false;
    entry.local = true;
    return this.#finishIfDone(id, entry);
  }

  /** Marks the remote side complete; true when ours was too. */
  completeRemote(id: number): boolean {
    const entry = this.#pending.get(id);
    if (entry === undefined) return false;
    entry.remote = true;
    return this.#finishIfDone(id, entry);
  }

  /** Forgets `id`; true if it was authenticating. */
  remove(id: number): boolean {
    return this.#pending.delete(id);
  }

  /** Removes and returns the peers authenticating for `timeoutMs` or longer (0: never time out). */
  expire(now: number, timeoutMs: number): number[] {
    if (timeoutMs <= 0) return [];
    const expired = [...this.#pending].filter(([, entry]) => entry.since + timeoutMs <= now).map(([id]) => id);
    for (const id of expired) this.#pending.delete(id);
    return expired;
  }

  /** Forgets everyone. */
  clear(): void {
    this.#pending.clear();
  }

  #finishIfDone(id: number, entry: Pending): boolean {
    if (!entry.local || !entry.remote) return false;
    this.#pending.delete(id);
    return true;
  }
}
