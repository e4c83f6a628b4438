/** What Godot's `PackedByteArray` accepts here: a `Uint8Array`, any other view, an `ArrayBuffer` or `number[]`. */
export type PackedByteArray = Uint8Array | ArrayBufferView | ArrayBuffer | readonly number[];

/**
 * The bytes of `input` as a `Uint8Array`, without copying where the input already holds bytes;
 * `null` when `input` is not bytes (a `number[]` with an entry outside 0…255 or not an integer included).
 */
export function toBytes(input: unknown): Uint8Array | null {
  try {
    if (input instanceof Uint8Array) return input;
    if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    if (input instanceof ArrayBuffer) return new Uint8Array(input);
    if (Array.isArray(input) && input.every(isByte)) return Uint8Array.from(input as number[]);
  } catch {
    // A Proxy whose traps throw is not bytes.
  }
  return null;
}

function isByte(value: unknown): boolean {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 255;
}
