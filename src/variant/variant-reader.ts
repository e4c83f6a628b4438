import { padTo4 } from "./variant-format";

const utf8 = new TextDecoder("utf-8", { fatal: true });
/** Strings up to this many bytes are first tried as ASCII by a loop: cheaper than a TextDecoder call. */
const ASCII_MAX = 64;
/** Slots of the recent-ASCII-strings cache (a power of two). */
const ASCII_CACHE_SIZE = 512;
const asciiCache: (string | undefined)[] = new Array<string | undefined>(ASCII_CACHE_SIZE).fill(undefined);

/**
 * A cursor over untrusted bytes. Every read checks the remaining length first; the first failure is kept in
 * `error` and later reads return nothing, so decoders check `failed` after each step instead of throwing.
 */
export class Reader {
  readonly view: DataView;
  offset = 0;
  error: string | null = null;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get failed(): boolean {
    return this.error !== null;
  }

  get remaining(): number {
    return Math.max(0, this.bytes.byteLength - this.offset);
  }

  fail(message: string): null {
    this.error ??= `${message} (at byte ${this.offset})`;
    return null;
  }

  /** Whether `count` more bytes are there; records a truncation failure if not. */
  has(count: number, what: string): boolean {
    if (this.failed) return false;
    if (count <= this.bytes.byteLength - this.offset) return true;
    this.fail(`truncated ${what}: needs ${count} bytes, ${this.remaining} left`);
    return false;
  }

  u32(what: string): number {
    if (!this.has(4, what)) return 0;
    const value = this.view.getUint32(this.offset, true);
    this.offset += 4;
    return value;
  }

  i32(what: string): number {
    return this.u32(what) | 0;
  }

  f32(what: string): number {
    if (!this.has(4, what)) return 0;
    const value = this.view.getFloat32(this.offset, true);
    this.offset += 4;
    return value;
  }

  f64(what: string): number {
    if (!this.has(8, what)) return 0;
    const value = this.view.getFloat64(this.offset, true);
    this.offset += 8;
    return value;
  }

  /** 8 bytes as a bigint: signed, or unsigned when `unsigned` (RID ids). */
  i64(what: string, unsigned = false): bigint {
    if (!this.has(8, what)) return 0n;
    const value = unsigned ? this.view.getBigUint64(this.offset, true) : this.view.getBigInt64(this.offset, true);
    this.offset += 8;
    return value;
  }

  /** Reads `count` fixed-size items starting at the cursor through `get`, advancing past them. */
  items<T>(count: number, size: number, what: string, get: (view: DataView, at: number) => T): T[] {
    if (!this.has(count * size, what)) return [];
    const values: T[] = [];
    for (let i = 0; i < count; i++) values.push(get(this.view, this.offset + i * size));
    this.offset += count * size;
    return values;
  }

  /** A u32-length-prefixed UTF-8 string padded to 4 bytes; the length is checked before anything is read. */
  string(what: string): string {
    const length = this.u32(`${what} length`) | 0;
    if (this.failed) return "";
    if (length < 0) return this.fail(`negative ${what} length ${length}`) ?? "";
    const padded = padTo4(length);
    if (!this.has(padded, what)) return "";
    const start = this.bytes.byteOffset + this.offset;
    const ascii = length <= ASCII_MAX ? this.#ascii(this.offset, length) : null;
    this.offset += padded;
    if (ascii !== null) return ascii;
    try {
      return utf8.decode(new Uint8Array(this.bytes.buffer, start, length));
    } catch {
      return this.fail(`${what} is not valid UTF-8`) ?? "";
    }
  }

  /**
   * The `length` bytes at `at` as text when every one is ASCII (the usual key or name), else null. A string seen
   * before comes from a small cache: the same keys and names arrive in every message, and reusing one string
   * spares building it and V8 looking it up again as a property key.
   */
  #ascii(at: number, length: number): string | null {
    const bytes = this.bytes;
    let hash = length;
    for (let i = at; i < at + length; i++) {
      const c = bytes[i]!;
      if (c > 0x7f) return null;
      hash = (hash * 31 + c) | 0;
    }
    const slot = hash & (ASCII_CACHE_SIZE - 1);
    const cached = asciiCache[slot];
    if (cached !== undefined && cached.length === length) {
      let same = true;
      for (let i = 0; i < length && same; i++) same = cached.charCodeAt(i) === bytes[at + i];
      if (same) return cached;
    }
    let text = "";
    for (let i = at; i < at + length; i++) text += String.fromCharCode(bytes[i]!);
    asciiCache[slot] = text;
    return text;
  }

  /** A count read as Godot's int32, refused when negative or when `count * minSize` passes the remaining bytes. */
  count(minSize: number, what: string, mask = 0xffffffff): number {
    const count = (this.u32(`${what} count`) & mask) | 0;
    if (this.failed) return 0;
    if (count < 0) return this.fail(`negative ${what} count ${count}`) ?? 0;
    if (count * minSize > this.remaining) return this.fail(`${what} count ${count} is more than the remaining ${this.remaining} bytes can hold`) ?? 0;
    return count;
  }
}
