import { Basis } from "./basis";
import { Vector3 } from "./vector3";

/** Godot's `Transform3D` for `put_var` / `get_var`: a `basis` and an `origin`. The default is the identity. */
export class Transform3D {
  /** @param basis rotation and scale. @param origin the translation. */
  constructor(
    readonly basis = new Basis(),
    readonly origin = new Vector3(),
  ) {}
}
