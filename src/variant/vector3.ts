/**
 * Godot's `Vector3` for `put_var` / `get_var`: three float components. A class of its own, so an `{ x, y, z }`
 * object always stays a Dictionary.
 *
 * Sent as single-precision floats (Godot's default build), so components are rounded to `Math.fround`;
 * decoding accepts both the single- and the double-precision form.
 */
export class Vector3 {
  /** @param x the first component. @param y the second component. @param z the third component. */
  constructor(
    readonly x = 0,
    readonly y = 0,
    readonly z = 0,
  ) {}
}
