import { padTo4 } from "./variant-format";

/**
 * The bytes, growing by doubling up to `limit`; `reserve` refuses to pass it, so an oversized value fails early
 * instead of allocating its full size.
 */
export class Writer {
  bytes: Uint8Array;
  view: DataView;
  length = 0;

  constructor(readonly limit: number) {
    this.bytes = new Uint8Array(Math.min(64, limit));
    this.view = new DataView(this.bytes.buffer);
  }

  /** Makes room for `count` more bytes at `length`; false when that would pass `limit`. */
  reserve(count: number): boolean {
    const needed = this.length + count;
    if (needed > this.limit) return false;
    if (needed > this.bytes.byteLength) {
      const grown = new Uint8Array(Math.min(this.limit, Math.max(needed, this.bytes.byteLength * 2)));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
      this.view = new DataView(grown.buffer);
    }
    return true;
  }

  /** Writes a u32 header and its fixed-size payload through `fill`; false when out of room. */
  fixed(header: number, payload: number, fill: (view: DataView, at: number) => void): boolean {
    if (!this.reserve(4 + payload)) return false;
    this.view.setUint32(this.length, header >>> 0, true);
    fill(this.view, this.length + 4);
    this.length += 4 + payload;
    return true;
  }

  /** Writes a u32 length, the bytes, and zero padding to a multiple of 4 (`Uint8Array` starts zeroed). */
  chunk(bytes: Uint8Array): boolean {
    const padded = padTo4(bytes.byteLength);
    if (!this.reserve(4 + padded)) return false;
    this.view.setUint32(this.length, bytes.byteLength, true);
    this.bytes.set(bytes, this.length + 4);
    this.length += 4 + padded;
    return true;
  }
}
