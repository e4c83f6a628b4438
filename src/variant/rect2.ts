import { Vector2 } from "./vector2";

/** Godot's `Rect2` for `put_var` / `get_var`: a `position` and a `size`, float components in single precision. */
export class Rect2 {
  /** @param position the top-left corner. @param size the width and height. */
  constructor(
    readonly position = new Vector2(),
    readonly size = new Vector2(),
  ) {}
}
