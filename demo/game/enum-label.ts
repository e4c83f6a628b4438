// Godot's enums are frozen `NAME → number` tables; the game shows a value the way the local demo does and Godot's
// docs read, e.g. "OK (0)" or "STATE_CONNECTED (2)".

/** `value` as `"NAME (value)"`, with the first name `table` has for it. */
export const enumLabel = (table: Readonly<Record<string, number>>, value: number): string =>
  `${Object.keys(table).find((key) => table[key] === value) ?? "?"} (${value})`;
