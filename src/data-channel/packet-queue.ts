import { toBytes } from "../internal/bytes";

const encoder = new TextEncoder();
/** Packets pushed into any queue so far: while it stays the same, no queue anywhere gained a packet. */
let pushedTotal = 0;

/** How many packets all receive queues have accepted so far (only ever grows). */
export function pushedPacketCount(): number {
  return pushedTotal;
}

/** A received message as the channel keeps it until `get_packet()`. */
export interface Packet {
  readonly bytes: Uint8Array;
  readonly isString: boolean;
}

/**
 * The receive queue of a channel: FIFO, bounded in bytes. A packet that does not fit is refused (the caller
 * counts and reports it). Reads are O(1): a head index instead of `Array.shift()`.
 */
export class PacketQueue {
  #packets: (Packet | undefined)[] = [];
  #head = 0;
  #bytes = 0;

  /** Bytes the queue may hold. */
  limit: number;

  constructor(limit: number) {
    this.limit = limit;
  }

  /** Packets waiting. */
  get count(): number {
    return this.#packets.length - this.#head;
  }

  /** Payload bytes waiting. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Appends `packet` if it fits within `limit`; false if it was refused. */
  push(packet: Packet): boolean {
    if (this.#bytes + packet.bytes.byteLength > this.limit) return false;
    this.#packets.push(packet);
    this.#bytes += packet.bytes.byteLength;
    pushedTotal++;
    return true;
  }

  /** Removes and returns the oldest packet, or undefined when empty. */
  shift(): Packet | undefined {
    if (this.#head === this.#packets.length) return undefined;
    const packet = this.#packets[this.#head];
    this.#packets[this.#head++] = undefined;
    if (this.#head === this.#packets.length) {
      this.#packets = [];
      this.#head = 0;
    } else if (this.#head > 1024 && this.#head * 2 > this.#packets.length) {
      this.#packets = this.#packets.slice(this.#head);
      this.#head = 0;
    }
    this.#bytes -= packet!.bytes.byteLength;
    return packet;
  }
}

/** A message as the browser delivered it (a string, or bytes with `binaryType` "arraybuffer") as a `Packet`; null if neither. */
export function toPacket(data: unknown): Packet | null {
  if (typeof data === "string") return { bytes: encoder.encode(data), isString: true };
  const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : toBytes(data);
  return bytes === null ? null : { bytes, isString: false };
}
