import { Vector3 } from "./vector3";

/** Godot's `Plane` for `put_var` / `get_var`: a `normal` and the distance `d` from the origin, single precision. */
export class Plane {
  /** @param normal the plane's normal. @param d its distance from the origin along the normal. */
  constructor(
    readonly normal = new Vector3(),
    readonly d = 0,
  ) {}
}
