// The statistics every part of the benchmark uses.

/** The median of `values` (NaN when empty). */
export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length === 0 ? NaN : sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** The p-th percentile of `values` (nearest rank). */
export const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

/** The median of turn-by-turn ratios (turn i of `values` over turn i of `base`): noise that hits both halves of a turn cancels. */
export const pairedRatio = (values, base) => median(values.map((value, index) => value / base[index]));

/** A B C, then C B A, then A B C …: each contender runs early and late equally often. */
export const turns = (kinds, round) => (round % 2 === 0 ? kinds : [...kinds].reverse());
