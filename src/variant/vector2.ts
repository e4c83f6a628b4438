/**
 * Godot's `Vector2` for `put_var` / `get_var`: two float components. A class of its own, so a `{ x, y }` object
 * always stays a Dictionary and a vector is never guessed from the shape of an object.
 *
 * Sent as single-precision floats (Godot's default build), so components are rounded to `Math.fround`;
 * decoding accepts both the single- and the double-precision (`precision=double` build) form.
 */
export class Vector2 {
  /** @param x the first component. @param y the second component. */
  constructor(
    readonly x = 0,
    readonly y = 0,
  ) {}
}
