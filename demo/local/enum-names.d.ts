/** `value` as `"NAME (value)"`, using the first name of `table` that holds it (or `"? (value)"`). */
export declare function nameOf(table: Readonly<Record<string, number>>, value: number): string;
//# sourceMappingURL=enum-names.d.ts.map