/** Godot's `Vector4i` for `put_var` / `get_var`: four 32-bit integer components (int32, else refused). */
export class Vector4i {
  /** @param x first. @param y second. @param z third. @param w fourth component. */
  constructor(
    readonly x = 0,
    readonly y = 0,
    readonly z = 0,
    readonly w = 0,
  ) {}
}
