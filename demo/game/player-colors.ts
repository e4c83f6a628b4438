// Dot colours. Each id prefers the palette entry its hash picks, so a player usually has the same colour on
// every screen; when that entry is already taken on this screen the next free one is used, so dots on one
// screen never share a colour (up to the palette's size). The id label settles any doubt.

/** Colours that stay apart from each other and readable on light and dark backgrounds. */
const PALETTE = ["#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#29b6d8", "#f032e6", "#8fb31d", "#469990", "#9a6324"] as const;

/** Hands out one colour per peer id for the lifetime of the page. */
export class PlayerColors {
  readonly #byId = new Map<number, string>();

  /** The colour of `id`, assigned on first use. */
  of(id: number): string {
    const known = this.#byId.get(id);
    if (known !== undefined) return known;
    const taken = new Set(this.#byId.values());
    const preferred = mix(id) % PALETTE.length;
    let color: string = PALETTE[preferred] as string;
    for (let step = 0; step < PALETTE.length; step++) {
      const candidate = PALETTE[(preferred + step) % PALETTE.length] as string;
      if (!taken.has(candidate)) {
        color = candidate;
        break;
      }
    }
    this.#byId.set(id, color);
    return color;
  }

  /** Frees the colours of every id but `keep` (a new lobby starts afresh). */
  resetExcept(keep: number): void {
    for (const id of this.#byId.keys()) if (id !== keep) this.#byId.delete(id);
  }
}

/** The bits of a peer id mixed: ids are random, and their low bits alone would cluster. */
function mix(id: number): number {
  let h = id >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return (h ^ (h >>> 16)) >>> 0;
}
