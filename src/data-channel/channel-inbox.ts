import { MIB } from "../godot/limits";
import { logError, logWarning } from "../internal/log";
import { type Packet, PacketQueue, toPacket } from "./packet-queue";

/**
 * What a channel received and not yet read: its bounded queue, and the count of what did not fit or could not
 * be read, each first drop of a spell warned about. Nothing a peer sent is dropped silently.
 */
export class ChannelInbox {
  /** The queue; its `limit` is `set_in_buffer_limit()`'s. */
  readonly queue = new PacketQueue(16 * MIB);
  /** Messages dropped: the queue was full, or the message of a type we cannot read. */
  dropped = 0;
  readonly #label: string;
  #dropping = false;

  /** @param label the channel's label, for the log lines. */
  constructor(label: string) {
    this.#label = label;
  }

  /** Queues a message as the browser delivered it, or counts and reports why it cannot. */
  receive(data: unknown): void {
    const packet = toPacket(data);
    if (packet === null) {
      this.dropped++;
      logError("receive", `channel "${this.#label}": dropped a message of unsupported type ${Object.prototype.toString.call(data)}`);
      return;
    }
    if (this.queue.push(packet)) {
      this.#dropping = false;
      return;
    }
    this.dropped++;
    if (!this.#dropping) {
      logWarning("receive", `channel "${this.#label}": receive queue full (${this.queue.bytes} of ${this.queue.limit} bytes); dropping packets until it is read`);
    }
    this.#dropping = true;
  }

  /** The oldest packet, removed; undefined when none. */
  take(): Packet | undefined {
    return this.queue.shift();
  }
}
