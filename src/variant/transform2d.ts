import { Vector2 } from "./vector2";

/**
 * Godot's `Transform2D` for `put_var` / `get_var`: its three columns, as GDScript's
 * `Transform2D(x_axis, y_axis, origin)` takes them. Single-precision components. The default is the identity.
 */
export class Transform2D {
  /** @param x the x axis (column 0). @param y the y axis (column 1). @param origin the translation (column 2). */
  constructor(
    readonly x = new Vector2(1, 0),
    readonly y = new Vector2(0, 1),
    readonly origin = new Vector2(),
  ) {}
}
