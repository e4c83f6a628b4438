import { Vector2i } from "./vector2i";

/** Godot's `Rect2i` for `put_var` / `get_var`: a `position` and a `size` with 32-bit integer components. */
export class Rect2i {
  /** @param position the top-left corner. @param size the width and height. */
  constructor(
    readonly position = new Vector2i(),
    readonly size = new Vector2i(),
  ) {}
}
