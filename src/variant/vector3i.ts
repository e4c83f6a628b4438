/** Godot's `Vector3i` for `put_var` / `get_var`: three 32-bit integer components (int32, else refused). */
export class Vector3i {
  /** @param x the first component. @param y the second component. @param z the third component. */
  constructor(
    readonly x = 0,
    readonly y = 0,
    readonly z = 0,
  ) {}
}
