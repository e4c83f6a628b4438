// The fake `RTCDataChannel` of the fake browser (fake-rtc.ts): nothing happens until the test drives it.
import { CountingEventTarget } from "./counting-event-target";

/** Fake `RTCDataChannel`: starts `connecting`; `open()`, `receive()`, `remoteClose()` drive it. */
export class FakeRTCDataChannel extends CountingEventTarget {
  readonly label: string;
  readonly protocol: string;
  id: number | null;
  readonly ordered: boolean;
  readonly negotiated: boolean;
  readonly maxRetransmits: number | null;
  readonly maxPacketLifeTime: number | null;
  readyState: RTCDataChannelState = "connecting";
  bufferedAmount = 0;
  binaryType: BinaryType = "blob";
  /** Everything `send()` accepted, in order. */
  readonly sent: unknown[] = [];
  /** When set, `send()` throws this. */
  sendError: unknown = null;
  /** How many times `close()` was called. */
  closeCalls = 0;
  /** Called with each message `send()` accepted (a `FakeNetwork` carries it to the other side). */
  onSend: ((data: unknown) => void) | null = null;

  constructor(label: string, init: RTCDataChannelInit = {}) {
    super();
    this.label = label;
    this.protocol = init.protocol ?? "";
    this.id = init.id ?? null;
    this.ordered = init.ordered ?? true;
    this.negotiated = init.negotiated ?? false;
    this.maxRetransmits = init.maxRetransmits ?? null;
    this.maxPacketLifeTime = init.maxPacketLifeTime ?? null;
  }

  send(data: unknown): void {
    if (this.sendError !== null) throw this.sendError;
    if (this.readyState !== "open") throw new DOMException("RTCDataChannel.readyState is not 'open'", "InvalidStateError");
    this.sent.push(data);
    this.onSend?.(data);
  }

  /** Local close: like the browser, `readyState` moves on and the `close` event comes later (`finishClose()`). */
  close(): void {
    this.closeCalls++;
    if (this.readyState === "closed") return;
    this.readyState = "closing";
  }

  /** The browser finishing a local close. */
  finishClose(): void {
    this.readyState = "closed";
    this.fire("close");
  }

  /** The channel opens. */
  open(): void {
    this.readyState = "open";
    this.fire("open");
  }

  /** A message arrives (a string, or an ArrayBuffer as with `binaryType = "arraybuffer"`). */
  receive(data: unknown): void {
    this.fire("message", { data });
  }

  /** A binary message of these bytes arrives. */
  receiveBytes(...bytes: number[]): void {
    this.receive(Uint8Array.from(bytes).buffer);
  }

  /** The remote side starts closing the channel: `closing`, with its event (W3C), the `close` event later. */
  remoteClosing(): void {
    this.readyState = "closing";
    this.fire("closing");
  }

  /** The remote side closes the channel. */
  remoteClose(): void {
    this.readyState = "closed";
    this.fire("close");
  }
}

