import { frozenCopy } from "./frozen-copy";
import type { Vector2 } from "./vector2";

/**
 * Godot's `PackedVector2Array` for `put_var` / `get_var`: a list of vectors. A class of its own, so that it
 * goes back to Godot as a `PackedVector2Array` and not as an `Array`. `values` is a frozen copy.
 */
export class PackedVector2Array {
  /** The vectors, in order. */
  readonly values: readonly Vector2[];

  /** @param values the vectors, copied. */
  constructor(values: Iterable<Vector2> = []) {
    this.values = frozenCopy(values, "PackedVector2Array");
  }
}
