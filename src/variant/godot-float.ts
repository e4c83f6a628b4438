/**
 * Forces a JS number to be sent as a Godot `float` by `put_var`. A plain number is sent as an `int` when
 * `Number.isInteger()` holds and it fits in 64 bits, else as a `float`; so `put_var(2)` sends `int 2` and a
 * GDScript `is float` check on the other side fails. `put_var(new GodotFloat(2))` sends `float 2.0`.
 *
 * Decoding never produces a `GodotFloat`: a received float is a plain number.
 */
export class GodotFloat {
  /** @param value the number to send as a float. */
  constructor(readonly value: number) {}
}
