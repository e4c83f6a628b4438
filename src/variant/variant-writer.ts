import { padTo4 } from "./variant-format";

const utf8 = new TextEncoder();
/** The first buffer's size: a typical game-state message fits without growing. */
const START_SIZE = 4096;
/** The largest buffer kept for the next encode; a rare huge value does not pin its memory. */
const KEEP_SIZE = 1 << 20;
/** Kept between calls, so a steady stream of messages allocates only their results. */
let shared: Uint8Array | null = null;
let sharedInUse = false;

/**
 * The bytes, growing geometrically up to `limit`; every write refuses to pass it, so an oversized value fails
 * early instead of allocating its full size. One buffer is shared between encodes (`finish` / `release`); an
 * encode started while another runs (a getter calling `var_to_bytes`) gets a fresh one. Bytes past `length` are
 * stale, so every write zeroes its own padding.
 */
export class Writer {
  bytes: Uint8Array;
  view: DataView;
  length = 0;
  /** Bytes writable without growing: the buffer's size, or `limit` when that is smaller. */
  #room: number;
  readonly #shared: boolean;

  constructor(readonly limit: number) {
    this.#shared = !sharedInUse;
    const bytes = this.#shared && shared !== null ? shared : new Uint8Array(Math.min(START_SIZE, limit));
    if (this.#shared) sharedInUse = true;
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer);
    this.#room = Math.min(bytes.byteLength, limit);
  }

  /** A copy of what was written; gives the shared buffer back for the next encode. */
  finish(): Uint8Array {
    const out = this.bytes.slice(0, this.length);
    this.release();
    return out;
  }

  /** Gives the shared buffer back (after a failure too). */
  release(): void {
    if (!this.#shared) return;
    shared = this.bytes.byteLength <= KEEP_SIZE ? this.bytes : null;
    sharedInUse = false;
  }

  /** Makes room for `count` more bytes at `length`; false when that would pass `limit`. */
  reserve(count: number): boolean {
    const needed = this.length + count;
    if (needed <= this.#room) return true;
    if (needed > this.limit) return false;
    if (needed > this.bytes.byteLength) {
      const grown = new Uint8Array(Math.min(this.limit, Math.max(needed, this.bytes.byteLength * 2)));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
      this.view = new DataView(grown.buffer);
    }
    this.#room = Math.min(this.bytes.byteLength, this.limit);
    return true;
  }

  /** A u32 (headers, counts, flags) or an int32 (the same bytes); false when out of room. */
  u32(value: number): boolean {
    if (!this.reserve(4)) return false;
    this.view.setUint32(this.length, value >>> 0, true);
    this.length += 4;
    return true;
  }

  f32(value: number): boolean {
    if (!this.reserve(4)) return false;
    this.view.setFloat32(this.length, value, true);
    this.length += 4;
    return true;
  }

  f64(value: number): boolean {
    if (!this.reserve(8)) return false;
    this.view.setFloat64(this.length, value, true);
    this.length += 8;
    return true;
  }

  /** 8 bytes: signed, or unsigned when `unsigned` (RID ids). */
  u64(value: bigint, unsigned = false): boolean {
    if (!this.reserve(8)) return false;
    if (unsigned) this.view.setBigUint64(this.length, value, true);
    else this.view.setBigInt64(this.length, value, true);
    this.length += 8;
    return true;
  }

  /** Writes a u32 length, the bytes, and zero padding to a multiple of 4. */
  chunk(bytes: Uint8Array): boolean {
    const size = bytes.byteLength;
    if (!this.reserve(4 + padTo4(size))) return false;
    this.view.setUint32(this.length, size, true);
    this.bytes.set(bytes, this.length + 4);
    this.#pad(this.length + 4 + size);
    return true;
  }

  /**
   * `text` as UTF-8 in a chunk (u32 length, bytes, padding), encoded straight into the buffer: ASCII by a loop,
   * the rest by `encodeInto`. Near `limit`, where the worst case (3 bytes per UTF-16 unit) does not fit, it
   * encodes apart first, so the limit is judged on the real size.
   */
  text(text: string): boolean {
    const n = text.length;
    if (!this.reserve(7 + n * 3)) return this.chunk(utf8.encode(text));
    const bytes = this.bytes;
    const start = this.length + 4;
    let i = 0;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c > 0x7f) break;
      bytes[start + i] = c;
    }
    // `i` stops on a non-ASCII unit, never inside a surrogate pair.
    const size = i === n ? n : i + utf8.encodeInto(text.slice(i), bytes.subarray(start + i)).written;
    this.view.setUint32(this.length, size, true);
    this.#pad(start + size);
    return true;
  }

  /** Zeroes from `end` to the next multiple of 4 and moves `length` there (room was reserved). */
  #pad(end: number): void {
    const padded = padTo4(end);
    for (let at = end; at < padded; at++) this.bytes[at] = 0;
    this.length = padded;
  }
}
