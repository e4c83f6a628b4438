// Dot colours. A player's colour is a function of its peer id alone, so every tab shows the same player in the
// same colour. Two players of one lobby may share a colour (one chance in the palette's size per pair); their id
// labels tell them apart.

/** Colours that stay apart from each other and readable on light and dark backgrounds. */
const PALETTE = ["#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#29b6d8", "#f032e6", "#8fb31d", "#469990", "#9a6324"] as const;

/** The colour of peer `id`, the same on every screen. */
export function colorOf(id: number): string {
  return PALETTE[mix(id) % PALETTE.length] as string;
}

/** The bits of a peer id mixed: ids are random, and their low bits alone would cluster. */
function mix(id: number): number {
  let h = id >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return (h ^ (h >>> 16)) >>> 0;
}
