/**
 * Godot's `Vector2i` for `put_var` / `get_var`: two 32-bit integer components. Encoding refuses a component that
 * is not an integer within int32 (`ERR_INVALID_PARAMETER`), as Godot would have wrapped it.
 */
export class Vector2i {
  /** @param x the first component. @param y the second component. */
  constructor(
    readonly x = 0,
    readonly y = 0,
  ) {}
}
