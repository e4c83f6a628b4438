/** Reads a frozen browser-string → Godot-number table; strings the table does not know give `fallback`. */
export function lookup<T extends number>(table: Readonly<Record<string, T>>, key: unknown, fallback: T): T {
  return typeof key === "string" && Object.hasOwn(table, key) ? (table[key] as T) : fallback;
}
