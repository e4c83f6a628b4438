import { frozenCopy } from "./frozen-copy";
import type { Color } from "./color";

/**
 * Godot's `PackedColorArray` for `put_var` / `get_var`: a list of colours. A class of its own, so that it
 * goes back to Godot as a `PackedColorArray` and not as an `Array`. `values` is a frozen copy.
 */
export class PackedColorArray {
  /** The colours, in order. */
  readonly values: readonly Color[];

  /** @param values the colours, copied. */
  constructor(values: Iterable<Color> = []) {
    this.values = frozenCopy(values, "PackedColorArray");
  }
}
