// Godot's enums are frozen `NAME → number` tables; the demo shows a value as its name and number,
// e.g. "STATE_CONNECTED (2)", so it reads like Godot's docs.

/** `value` as `"NAME (value)"`, using the first name of `table` that holds it (or `"? (value)"`). */
export function nameOf(table: Readonly<Record<string, number>>, value: number): string {
  const name = Object.keys(table).find((key) => table[key] === value);
  return `${name ?? "?"} (${value})`;
}
