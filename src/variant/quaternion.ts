/** Godot's `Quaternion` for `put_var` / `get_var`: x, y, z, w in single precision. The default is the identity. */
export class Quaternion {
  /** @param x first. @param y second. @param z third. @param w real component, 1 by default. */
  constructor(
    readonly x = 0,
    readonly y = 0,
    readonly z = 0,
    readonly w = 1,
  ) {}
}
