import { frozenCopy } from "./frozen-copy";

/**
 * Godot's `PackedStringArray` for `put_var` / `get_var`: a list of strings. A class of its own, so that it
 * goes back to Godot as a `PackedStringArray` and not as an `Array`. `values` is a frozen copy.
 */
export class PackedStringArray {
  /** The strings, in order. */
  readonly values: readonly string[];

  /** @param values the strings, copied. */
  constructor(values: Iterable<string> = []) {
    this.values = frozenCopy(values, "PackedStringArray");
  }
}
