import { ChannelState, WriteMode } from "../godot/enums";
import { GodotError } from "../godot/godot-error";
import { MIB, UNSET_CHANNEL_VALUE } from "../godot/limits";
import type { PackedByteArray } from "../internal/bytes";
import { isIntegerIn } from "../internal/checks";
import { fromLibrary, type LibraryKey } from "../internal/library-key";
import { ListenerBag } from "../internal/listener-bag";
import { describe, fail, logError } from "../internal/log";
import { lookup } from "../internal/lookup";
import { stateChanged } from "../internal/state-watch";
import { packetBytes, PacketPeer } from "../packet-peer/packet-peer";
import { READY_STATE } from "../peer-connection/state-tables";
import { closedChannel } from "./closed-channel";
import { BusyWarning } from "./busy-warning";
import { ChannelInbox } from "./channel-inbox";

/** What a channel may send in one message until its connection knows the transport's `maxMessageSize`. */
export const DEFAULT_MAX_MESSAGE_SIZE = 64 * 1024;
const decoder = new TextDecoder();

/**
 * Godot's `WebRTCDataChannel` (a `PacketPeer`) over a browser `RTCDataChannel`. Made by
 * `WebRTCPeerConnection.create_data_channel()` or handed over by its `data_channel_received` signal.
 *
 * Incoming messages are queued the moment they arrive, whether or not anyone polls, in a queue bounded by
 * `set_in_buffer_limit()`; packets that do not fit are counted and warned about, never dropped silently.
 */
export class WebRTCDataChannel extends PacketPeer {
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
  readonly #inbox: ChannelInbox;
  readonly #listeners = new ListenerBag();
  #writeMode: WriteMode = WriteMode.WRITE_MODE_BINARY;
  #outBufferLimit = 8 * MIB;
  #wasString = false;
  readonly #busy = new BusyWarning();

  /**
   * @internal Wraps a browser channel; games get channels from `WebRTCPeerConnection`, not from here. A
   * `new WebRTCDataChannel()` from JavaScript logs and gives a channel that reads `STATE_CLOSED` and sends nothing.
   * @param maxMessageSize what the owning connection can send in one message, read when needed.
   * @param connectionClosed whether the owning connection was closed, replaced or failed (the channel is then closed).
   */
  constructor(key: LibraryKey, channel: RTCDataChannel, maxMessageSize: () => number, connectionClosed: () => boolean = () => false) {
    super((self: WebRTCDataChannel) => self.#take());
    const trusted = fromLibrary(key, "WebRTCDataChannel");
    this.#channel = trusted ? channel : closedChannel();
    this.#maxMessageSize = trusted ? maxMessageSize : () => DEFAULT_MAX_MESSAGE_SIZE;
    this.#connectionClosed = trusted ? connectionClosed : () => true;
    this.#label = this.#channel.label ?? "";
    this.#protocol = this.#channel.protocol ?? "";
    this.#inbox = new ChannelInbox(this.#label);
    this.#channel.binaryType = "arraybuffer";
    this.#listeners.on<MessageEvent>(this.#channel, "message", (event) => this.#inbox.receive(event.data));
    // Every readyState change a browser announces; a watcher (the multiplayer peer) re-reads the state after one.
    this.#listeners.on(this.#channel, "open", () => stateChanged(this));
    this.#listeners.on(this.#channel, "closing", () => stateChanged(this));
    this.#listeners.on(this.#channel, "close", () => {
      this.#listeners.detachAll();
      stateChanged(this);
    });
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
  override put_packet(buffer: PackedByteArray): GodotError {
    const bytes = packetBytes(buffer);
    if (bytes === null) return GodotError.ERR_INVALID_PARAMETER;
    if (bytes.byteLength === 0) return GodotError.OK;
    if (this.get_ready_state() !== ChannelState.STATE_OPEN) return fail(GodotError.ERR_UNCONFIGURED, "put_packet", `channel "${this.#label}" is not open`);
    const maxSize = this.#maxMessageSize();
    if (bytes.byteLength > maxSize) {
      return fail(GodotError.ERR_INVALID_PARAMETER, "put_packet", `${bytes.byteLength} bytes is above get_max_packet_size() (${maxSize})`);
    }
    const buffered = this.#channel.bufferedAmount;
    if (buffered > 0 && buffered + bytes.byteLength > this.#outBufferLimit) {
      this.#busy.refused(buffered);
      return GodotError.ERR_BUSY;
    }
    this.#busy.accepted();
    try {
      if (this.#writeMode === WriteMode.WRITE_MODE_TEXT) this.#channel.send(decoder.decode(bytes));
      else this.#channel.send(bytes as Uint8Array<ArrayBuffer>);
    } catch (error) {
      return fail(GodotError.FAILED, "put_packet", describe(error));
    }
    return GodotError.OK;
  }

  /** Packets received and not yet read. */
  override get_available_packet_count(): number {
    return this.#inbox.queue.count;
  }

  /** Extension: bound of the receive queue in bytes (default 16 MiB). */
  get_in_buffer_limit(): number {
    return this.#inbox.queue.limit;
  }

  /** Extension: sets the receive-queue bound (a positive integer of bytes), else `ERR_INVALID_PARAMETER`. */
  set_in_buffer_limit(bytes: number): GodotError {
    if (!isIntegerIn(bytes, 1, Number.MAX_SAFE_INTEGER)) return fail(GodotError.ERR_INVALID_PARAMETER, "set_in_buffer_limit", "expected a positive integer of bytes");
    this.#inbox.queue.limit = bytes;
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
    return this.#inbox.dropped;
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
    stateChanged(this);
  }

  /** The oldest received packet (FIFO) for `get_packet()` / `get_var()`; `ERR_UNAVAILABLE` when none is queued. */
  #take(): Uint8Array | GodotError {
    const packet = this.#inbox.take();
    if (packet === undefined) return GodotError.ERR_UNAVAILABLE;
    this.#wasString = packet.isString;
    return packet.bytes;
  }
}
