// The game's chat and event lists: the newest lines only, so a long session does not grow without end, with a
// running count so the page can tell which lines it has not drawn yet.

/** The last `limit` items pushed, oldest first, and how many were ever pushed. */
export class BoundedLog<T> {
  readonly #limit: number;
  readonly #items: T[] = [];
  #total = 0;

  /** Keeps at most `limit` items. */
  constructor(limit: number) {
    this.#limit = limit;
  }

  /** Adds `item`, dropping the oldest one when full. */
  push(item: T): void {
    this.#items.push(item);
    this.#total++;
    if (this.#items.length > this.#limit) this.#items.shift();
  }

  /** The items kept, oldest first. */
  get items(): readonly T[] {
    return this.#items;
  }

  /** How many items were ever pushed. */
  get total(): number {
    return this.#total;
  }

  /** The items pushed after the first `seen` ones that are still kept, oldest first. */
  since(seen: number): readonly T[] {
    const kept = this.#total - this.#items.length;
    return this.#items.slice(Math.max(0, seen - kept));
  }
}
