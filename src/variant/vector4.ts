/** Godot's `Vector4` for `put_var` / `get_var`: four float components, sent in single precision like `Vector2`. */
export class Vector4 {
  /** @param x first. @param y second. @param z third. @param w fourth component. */
  constructor(
    readonly x = 0,
    readonly y = 0,
    readonly z = 0,
    readonly w = 0,
  ) {}
}
