// Small helpers to build and read SceneMultiplayer packets (little-endian, as Godot's encode_uint32 et al.).

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder("utf-8", { fatal: false });

/** `value` as 4 little-endian bytes. */
export function u32(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value >>> 0, true);
  return out;
}

/** `value` as 2 little-endian bytes. */
export function u16(value: number): Uint8Array {
  return Uint8Array.of(value & 0xff, (value >> 8) & 0xff);
}

/** `text` as UTF-8 followed by a NUL (Godot's `encode_cstring`). */
export function cstring(text: string): Uint8Array {
  const bytes = utf8.encode(text);
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes);
  return out;
}

/** The parts one after another in a new array. */
export function concat(...parts: ReadonlyArray<Uint8Array | number>): Uint8Array {
  let length = 0;
  for (const part of parts) length += typeof part === "number" ? 1 : part.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    if (typeof part === "number") out[at++] = part;
    else if (part.length === 1) out[at++] = part[0]!;
    else {
      out.set(part, at);
      at += part.length;
    }
  }
  return out;
}

/** The little-endian u32 at `at` (the caller checked the length). */
export function readU32(bytes: Uint8Array, at: number): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(at, true);
}

/** The little-endian u16 at `at`. */
export function readU16(bytes: Uint8Array, at: number): number {
  return (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8);
}

/** UTF-8 text from `bytes`, cut at the first NUL (as Godot's `parse_utf8` of a C string). */
export function readCString(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return utf8Decoder.decode(end === -1 ? bytes : bytes.subarray(0, end));
}
