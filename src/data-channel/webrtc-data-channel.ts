import { ChannelState, WriteMode } from "../godot/enums";
import { GodotError } from "../godot/godot-error";
import { MIB, UNSET_CHANNEL_VALUE } from "../godot/limits";
import { PacketPeerVariants } from "../variant/packet-peer-variants";
import type { Variant } from "../variant/variant-codec";
import { toBytes, type PackedByteArray } from "../internal/bytes";
import { isIntegerIn } from "../internal/checks";
import { fromLibrary, type LibraryKey } from "../internal/library-key";
import { ListenerBag } from "../internal/listener-bag";
import { describe, fail, logError, logWarning } from "../internal/log";
import { lookup } from "../internal/lookup";
import { PacketQueue, type Packet } from "./packet-queue";

/** Browser `readyState` → Godot `ChannelState`; anything unknown reads as closed (as in Godot). */
const READY_STATE: Readonly<Record<string, ChannelState>> = Object.freeze({
  connecting: ChannelState.STATE_CONNECTING,
  open: ChannelState.STATE_OPEN,
  closing: ChannelState.STATE_CLOSING,
  closed: ChannelState.STATE_CLOSED,
});

/** What a channel may send in one message until its connection knows the transport's `maxMessageSize`. */
export const DEFAULT_MAX_MESSAGE_SIZE = 64 * 1024;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Godot's `WebRTCDataChannel` (a `PacketPeer`) over a browser `RTCDataChannel`. Made by
 * `WebRTCPeerConnection.create_data_channel()` or handed over by its `data_channel_received` signal.
 *
 * Incoming messages are queued the moment they arrive, whether or not anyone polls, in a queue bounded by
 * `set_in_buffer_limit()`; packets that do not fit are counted and warned about, never dropped silently.
 */
export class WebRTCDataChannel {
  /** `ChannelState.STATE_CONNECTING` */
  static readonly STATE_CONNECTING = ChannelState.STATE_CONNECTING;
  /** `ChannelState.STATE_OPEN` */
  static readonly STATE_OPEN = ChannelState.STATE_OPEN;
  /** `ChannelState.STATE_CLOSING` */
  static readonly STATE_CLOSING = ChannelState.STATE_CLOSING;
  /** `ChannelState.STATE_CLOSED` */
  static readonly STATE_CLOSED = ChannelState.STATE_CLOSED;
  /** `WriteMode.WRITE_MODE_TEXT` */
  static readonly WRITE_MODE_TEXT = WriteMode.WRITE_MODE_TEXT;
  /** `WriteMode.WRITE_MODE_BINARY` */
  static readonly WRITE_MODE_BINARY = WriteMode.WRITE_MODE_BINARY;

  readonly #channel: RTCDataChannel;
  readonly #maxMessageSize: () => number;
  readonly #connectionClosed: () => boolean;
  readonly #label: string;
  readonly #protocol: string;
  readonly #queue = new PacketQueue(16 * MIB);
  readonly #listeners = new ListenerBag();
  #writeMode: WriteMode = WriteMode.WRITE_MODE_BINARY;
  #outBufferLimit = 8 * MIB;
  readonly #variants = new PacketPeerVariants();
  #packetError: GodotError = GodotError.OK;
  #wasString = false;
  #dropped = 0;
  #dropping = false;
  /** In a spell of `ERR_BUSY` answers; `#busyWarnedAt` rate-limits the warning about them. */
  #busy = false;
  #busyWarnedAt = -Infinity;

  /**
   * @internal Wraps a browser channel; games get channels from `WebRTCPeerConnection`, not from here. A
   * `new WebRTCDataChannel()` from JavaScript logs and gives a channel that reads `STATE_CLOSED` and sends nothing.
   * @param maxMessageSize what the owning connection can send in one message, read when needed.
   * @param connectionClosed whether the owning connection was closed, replaced or failed (the channel is then closed).
   */
  constructor(key: LibraryKey, channel: RTCDataChannel, maxMessageSize: () => number, connectionClosed: () => boolean = () => false) {
    const trusted = fromLibrary(key, "WebRTCDataChannel");
    this.#channel = trusted ? channel : closedChannel();
    this.#maxMessageSize = trusted ? maxMessageSize : () => DEFAULT_MAX_MESSAGE_SIZE;
    this.#connectionClosed = trusted ? connectionClosed : () => true;
    this.#label = this.#channel.label ?? "";
    this.#protocol = this.#channel.protocol ?? "";
    this.#channel.binaryType = "arraybuffer";
    this.#listeners.on<MessageEvent>(this.#channel, "message", (event) => this.#receive(event.data));
    this.#listeners.on(this.#channel, "close", () => this.#listeners.detachAll());
  }

  /** The write mode `put_packet` uses: `WRITE_MODE_BINARY` (default) or `WRITE_MODE_TEXT`. */
  get write_mode(): WriteMode {
    return this.#writeMode;
  }

  set write_mode(mode: WriteMode) {
    this.set_write_mode(mode);
  }

  /** Sets the write mode. Anything but `WRITE_MODE_TEXT` / `WRITE_MODE_BINARY` → `ERR_INVALID_PARAMETER`. */
  set_write_mode(mode: WriteMode): GodotError {
    if (mode !== WriteMode.WRITE_MODE_TEXT && mode !== WriteMode.WRITE_MODE_BINARY) {
      return fail(GodotError.ERR_INVALID_PARAMETER, "set_write_mode", "expected WRITE_MODE_TEXT (0) or WRITE_MODE_BINARY (1)");
    }
    this.#writeMode = mode;
    return GodotError.OK;
  }

  /** The write mode `put_packet` uses. */
  get_write_mode(): WriteMode {
    return this.#writeMode;
  }

  /** Whether the last packet returned by `get_packet()` arrived as a text message. */
  was_string_packet(): boolean {
    return this.#wasString;
  }

  /** The browser's ready state as a `ChannelState`, read live; `STATE_CLOSED` once its connection is closed. */
  get_ready_state(): ChannelState {
    // Chromium (156) keeps a channel "open" until a task after pc.close(), and our close() then makes it "closing".
    if (this.#connectionClosed()) return ChannelState.STATE_CLOSED;
    return lookup(READY_STATE, this.#channel.readyState, ChannelState.STATE_CLOSED);
  }

  /** The channel's label. */
  get_label(): string {
    return this.#label;
  }

  /** The channel's sub-protocol, `""` if none. */
  get_protocol(): string {
    return this.#protocol;
  }

  /** The channel id; 65535 while the browser has not assigned one (an in-band channel before connecting). */
  get_id(): number {
    return this.#channel.id ?? UNSET_CHANNEL_VALUE;
  }

  /** Whether messages are delivered in order. */
  is_ordered(): boolean {
    return this.#channel.ordered;
  }

  /** Whether both sides created the channel themselves (`negotiated: true`). */
  is_negotiated(): boolean {
    return this.#channel.negotiated;
  }

  /** The `maxPacketLifeTime` the channel was made with, 65535 if none. */
  get_max_packet_life_time(): number {
    return this.#channel.maxPacketLifeTime ?? UNSET_CHANNEL_VALUE;
  }

  /** The `maxRetransmits` the channel was made with, 65535 if none. */
  get_max_retransmits(): number {
    return this.#channel.maxRetransmits ?? UNSET_CHANNEL_VALUE;
  }

  /** Bytes handed to the browser and not yet sent. */
  get_buffered_amount(): number {
    return this.#channel.bufferedAmount;
  }

  /**
   * Extension: the largest message this connection can send, the transport's `maxMessageSize` capped at
   * 256 KiB, or 64 KiB while the transport is not known yet.
   */
  get_max_packet_size(): number {
    return this.#maxMessageSize();
  }

  /**
   * Sends `buffer` as one message (text in `WRITE_MODE_TEXT`, the bytes' UTF-8 decoding). `OK` when handed to
   * the browser; empty → `OK` and nothing sent; not open → `ERR_UNCONFIGURED`; not bytes or larger than
   * `get_max_packet_size()` → `ERR_INVALID_PARAMETER`; send buffer above `get_out_buffer_limit()` → `ERR_BUSY`
   * (nothing sent, retry later); the browser refusing → `FAILED`.
   */
  put_packet(buffer: PackedByteArray): GodotError {
    const bytes = toBytes(buffer);
    if (bytes === null) return fail(GodotError.ERR_INVALID_PARAMETER, "put_packet", "expected bytes (Uint8Array, ArrayBuffer, a view or number[] of 0…255)");
    if (bytes.byteLength === 0) return GodotError.OK;
    if (this.get_ready_state() !== ChannelState.STATE_OPEN) return fail(GodotError.ERR_UNCONFIGURED, "put_packet", `channel "${this.#label}" is not open`);
    const maxSize = this.#maxMessageSize();
    if (bytes.byteLength > maxSize) {
      return fail(GodotError.ERR_INVALID_PARAMETER, "put_packet", `${bytes.byteLength} bytes is above get_max_packet_size() (${maxSize})`);
    }
    const buffered = this.#channel.bufferedAmount;
    if (buffered > 0 && buffered + bytes.byteLength > this.#outBufferLimit) {
      // Once per busy spell, and at most every 5 s: a sender running at capacity hits ERR_BUSY all the time.
      const now = Date.now();
      if (!this.#busy && now - this.#busyWarnedAt >= 5000) {
        this.#busyWarnedAt = now;
        logWarning("put_packet", `send buffer full (${buffered} bytes queued): ERR_BUSY until it drains`);
      }
      this.#busy = true;
      return GodotError.ERR_BUSY;
    }
    this.#busy = false;
    try {
      if (this.#writeMode === WriteMode.WRITE_MODE_TEXT) this.#channel.send(decoder.decode(bytes));
      else this.#channel.send(bytes as Uint8Array<ArrayBuffer>);
    } catch (error) {
      return fail(GodotError.FAILED, "put_packet", describe(error));
    }
    return GodotError.OK;
  }

  /** The next received packet (FIFO), or an empty array when none is queued (`get_packet_error()` says which). */
  get_packet(): Uint8Array {
    const packet = this.#queue.shift();
    if (packet === undefined) {
      this.#packetError = GodotError.ERR_UNAVAILABLE;
      return new Uint8Array(0);
    }
    this.#packetError = GodotError.OK;
    this.#wasString = packet.isString;
    return packet.bytes;
  }

  /** `OK` if the last `get_packet()` returned a packet, `ERR_UNAVAILABLE` if there was none. */
  get_packet_error(): GodotError {
    return this.#packetError;
  }

  /** Packets received and not yet read. */
  get_available_packet_count(): number {
    return this.#queue.count;
  }

  /**
   * Sends `value` in Godot 4's binary serialization (GDScript `put_var`), readable by `get_var()` on a native
   * Godot peer; see `Variant` for the JS form of each type. A value it cannot encode → `ERR_INVALID_PARAMETER`;
   * encoded larger than `encode_buffer_max_size` → `ERR_OUT_OF_MEMORY`; otherwise what `put_packet` returns.
   */
  put_var(value: unknown): GodotError {
    return this.#variants.put(value, (bytes) => this.put_packet(bytes));
  }

  /**
   * The next packet decoded from Godot 4's binary serialization (GDScript `get_var`). No packet, or bytes that
   * do not decode → `null`, error logged; as in Godot a received `null` looks the same, and
   * `get_packet_error()` is left as it was.
   */
  get_var(): Variant {
    const packet = this.#queue.shift();
    if (packet !== undefined) this.#wasString = packet.isString;
    return this.#variants.get(packet?.bytes, `channel "${this.#label}"`);
  }

  /** The largest message `put_var` will build, in bytes (default 8 MiB, always a power of two). */
  get encode_buffer_max_size(): number {
    return this.#variants.encodeBufferMaxSize;
  }

  set encode_buffer_max_size(bytes: number) {
    this.set_encode_buffer_max_size(bytes);
  }

  /** The largest message `put_var` will build, in bytes. */
  get_encode_buffer_max_size(): number {
    return this.#variants.encodeBufferMaxSize;
  }

  /**
   * Sets the largest message `put_var` will build, rounded up to a power of two (3000 → 4096), as Godot does.
   * Not an integer in 1024…256 MiB → `ERR_INVALID_PARAMETER`, value unchanged (Godot only logs).
   */
  set_encode_buffer_max_size(bytes: number): GodotError {
    return this.#variants.setEncodeBufferMaxSize(bytes);
  }


  /** Extension: bound of the receive queue in bytes (default 16 MiB). */
  get_in_buffer_limit(): number {
    return this.#queue.limit;
  }

  /** Extension: sets the receive-queue bound (a positive integer of bytes), else `ERR_INVALID_PARAMETER`. */
  set_in_buffer_limit(bytes: number): GodotError {
    if (!isIntegerIn(bytes, 1, Number.MAX_SAFE_INTEGER)) return fail(GodotError.ERR_INVALID_PARAMETER, "set_in_buffer_limit", "expected a positive integer of bytes");
    this.#queue.limit = bytes;
    return GodotError.OK;
  }

  /** Extension: the send high-water mark above which `put_packet` returns `ERR_BUSY` (default 8 MiB). */
  get_out_buffer_limit(): number {
    return this.#outBufferLimit;
  }

  /** Extension: sets the send high-water mark (a positive integer of bytes), else `ERR_INVALID_PARAMETER`. */
  set_out_buffer_limit(bytes: number): GodotError {
    if (!isIntegerIn(bytes, 1, Number.MAX_SAFE_INTEGER)) return fail(GodotError.ERR_INVALID_PARAMETER, "set_out_buffer_limit", "expected a positive integer of bytes");
    this.#outBufferLimit = bytes;
    return GodotError.OK;
  }

  /** Extension: packets dropped because the receive queue was full. */
  get_dropped_packet_count(): number {
    return this.#dropped;
  }

  /** Does nothing (Godot reserves it); `OK`. Messages are queued as they arrive. */
  poll(): GodotError {
    return GodotError.OK;
  }

  /** Closes the channel. Later messages are not queued; packets already queued stay readable. Idempotent. */
  close(): void {
    this.#listeners.detachAll();
    try {
      this.#channel.close();
    } catch (error) {
      logError("close", describe(error));
    }
  }

  #receive(data: unknown): void {
    const packet = toPacket(data);
    if (packet === null) {
      this.#dropped++;
      logError("receive", `channel "${this.#label}": dropped a message of unsupported type ${Object.prototype.toString.call(data)}`);
      return;
    }
    if (this.#queue.push(packet)) {
      this.#dropping = false;
      return;
    }
    this.#dropped++;
    if (!this.#dropping) {
      logWarning("receive", `channel "${this.#label}": receive queue full (${this.#queue.bytes} of ${this.#queue.limit} bytes); dropping packets until it is read`);
    }
    this.#dropping = true;
  }
}

function toPacket(data: unknown): Packet | null {
  if (typeof data === "string") return { bytes: encoder.encode(data), isString: true };
  const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : toBytes(data);
  return bytes === null ? null : { bytes, isString: false };
}

/** The browser channel behind a channel a game built with `new`: closed from the start, never sends or fires. */
function closedChannel(): RTCDataChannel {
  const closed = {
    label: "", protocol: "", id: null, ordered: true, negotiated: false, maxPacketLifeTime: null, maxRetransmits: null,
    readyState: "closed", bufferedAmount: 0, binaryType: "arraybuffer",
    send: () => {}, close: () => {}, addEventListener: () => {},
  };
  return closed as unknown as RTCDataChannel;
}
