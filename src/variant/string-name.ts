/**
 * Godot's `StringName` for `put_var` / `get_var`: a string Godot interns (`&"name"` in GDScript). A class of its
 * own so that it comes back from Godot and goes back to it as a `StringName`, not a `String` (GDScript's
 * `typeof` tells them apart; `==` does not). `String(name)` and template strings give the text.
 */
export class StringName {
  /** @param value the text. */
  constructor(readonly value = "") {}

  /** The text ("" if `value` is not a string). */
  toString(): string {
    return typeof this.value === "string" ? this.value : "";
  }
}
