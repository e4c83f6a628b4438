import { Vector3 } from "./vector3";

/**
 * Godot's `Basis` for `put_var` / `get_var`: its three columns, as GDScript's `Basis(x_axis, y_axis, z_axis)`
 * takes them (and `basis.x` reads them). Godot sends the matrix row by row; the codec transposes.
 * Single-precision components. The default is the identity.
 */
export class Basis {
  /** @param x the x axis (column 0). @param y the y axis (column 1). @param z the z axis (column 2). */
  constructor(
    readonly x = new Vector3(1, 0, 0),
    readonly y = new Vector3(0, 1, 0),
    readonly z = new Vector3(0, 0, 1),
  ) {}
}
