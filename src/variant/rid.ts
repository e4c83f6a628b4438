/**
 * Godot's `RID` for `put_var` / `get_var`: the resource id as a number (a `bigint` past 2^53 − 1), unsigned 64-bit.
 * It means something only to the engine that made it; sending one back gives that engine the same RID
 * (`rid_from_int64(id)` in GDScript). Encoding refuses an id that is not an integer in 0 … 2^64 − 1.
 */
export class RID {
  /** @param id the resource id, 0 (an invalid RID) by default. */
  constructor(readonly id: number | bigint = 0) {}
}
