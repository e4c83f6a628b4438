// The statistics of the Godot half (bench/godot/godot.bench.ts, rpc-race.ts), as bench/stats.mjs has them.

/** A command to bench.gd, resolved with what it posted back. */
export type Command = <T>(cmd: Record<string, unknown>, timeoutMs?: number) => Promise<T>;

/** The median of `values` (NaN when empty). */
export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length === 0 ? NaN : sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** A B C, then C B A, then A B C …: each contender runs early and late equally often. */
export const turns = <T>(list: readonly T[], round: number): T[] => (round % 2 === 0 ? [...list] : [...list].reverse());
