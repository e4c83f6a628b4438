import { Vector4 } from "./vector4";

/**
 * Godot's `Projection` (a 4×4 matrix) for `put_var` / `get_var`: its four columns, as GDScript's
 * `Projection(x, y, z, w)` takes them. Single-precision components. The default is the identity.
 */
export class Projection {
  /** @param x column 0. @param y column 1. @param z column 2. @param w column 3. */
  constructor(
    readonly x = new Vector4(1, 0, 0, 0),
    readonly y = new Vector4(0, 1, 0, 0),
    readonly z = new Vector4(0, 0, 1, 0),
    readonly w = new Vector4(0, 0, 0, 1),
  ) {}
}
