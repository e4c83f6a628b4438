import { frozenCopy } from "./frozen-copy";
import type { Vector3 } from "./vector3";

/**
 * Godot's `PackedVector3Array` for `put_var` / `get_var`: a list of vectors. A class of its own, so that it
 * goes back to Godot as a `PackedVector3Array` and not as an `Array`. `values` is a frozen copy.
 */
export class PackedVector3Array {
  /** The vectors, in order. */
  readonly values: readonly Vector3[];

  /** @param values the vectors, copied. */
  constructor(values: Iterable<Vector3> = []) {
    this.values = frozenCopy(values, "PackedVector3Array");
  }
}
