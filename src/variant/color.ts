/**
 * Godot's `Color` for `put_var` / `get_var`: red, green, blue and alpha as floats (usually 0…1). A class of its
 * own, so an `{ r, g, b, a }` object always stays a Dictionary.
 *
 * Godot always sends colours as four single-precision floats, in every build, so components are rounded to
 * `Math.fround`.
 */
export class Color {
  /** @param r red. @param g green. @param b blue. @param a alpha, 1 (opaque) by default. */
  constructor(
    readonly r = 0,
    readonly g = 0,
    readonly b = 0,
    readonly a = 1,
  ) {}
}
