import { Vector3 } from "./vector3";

/** Godot's `AABB` for `put_var` / `get_var`: a `position` and a `size`, float components in single precision. */
export class AABB {
  /** @param position the corner with the smallest coordinates. @param size the extent along each axis. */
  constructor(
    readonly position = new Vector3(),
    readonly size = new Vector3(),
  ) {}
}
