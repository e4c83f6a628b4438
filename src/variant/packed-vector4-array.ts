import { frozenCopy } from "./frozen-copy";
import type { Vector4 } from "./vector4";

/**
 * Godot's `PackedVector4Array` for `put_var` / `get_var`: a list of vectors. A class of its own, so that it
 * goes back to Godot as a `PackedVector4Array` and not as an `Array`. `values` is a frozen copy.
 */
export class PackedVector4Array {
  /** The vectors, in order. */
  readonly values: readonly Vector4[];

  /** @param values the vectors, copied. */
  constructor(values: Iterable<Vector4> = []) {
    this.values = frozenCopy(values, "PackedVector4Array");
  }
}
