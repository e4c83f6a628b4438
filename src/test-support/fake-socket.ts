// A WebSocket stand-in for SignalingClient unit tests with no server: the test opens it, plays the server's
// frames into it and reads what the client sent. Every instance is recorded in `FakeSocket.instances`.
import { decodeMessage, encodeMessage, type SignalingMessage } from "../signaling/protocol";

/** Fake `WebSocket` (the part `SignalingSocket` describes). */
export class FakeSocket extends EventTarget {
  /** Every socket built since the last `reset()`, oldest first. */
  static instances: FakeSocket[] = [];

  /** Forgets every instance; call in `beforeEach`. */
  static reset(): void {
    FakeSocket.instances = [];
  }

  /** The most recent socket; throws if there is none (a test bug). */
  static get last(): FakeSocket {
    const socket = FakeSocket.instances.at(-1);
    if (socket === undefined) throw new Error("no FakeSocket was constructed");
    return socket;
  }

  /** 0 connecting, 1 open, 2 closing, 3 closed. */
  readyState = 0;
  /** Every frame the client sent, in order. */
  readonly sent: string[] = [];
  /** The code and reason the client closed with, once it did. */
  closedWith: { code: number | undefined; reason: string | undefined } | null = null;

  constructor(readonly url: string) {
    super();
    FakeSocket.instances.push(this);
  }

  send(data: string): void {
    if (this.readyState !== 1) throw new DOMException("WebSocket is not open", "InvalidStateError");
    this.sent.push(data);
  }

  close(code?: number, reason?: string): void {
    if (this.readyState >= 2) return;
    this.closedWith = { code, reason };
    this.readyState = 2;
  }

  /** The connection opens. */
  open(): void {
    this.readyState = 1;
    this.dispatchEvent(new Event("open"));
  }

  /** The server sends a protocol message (or, with a string, any frame). */
  serverSends(type: number | string, id = 0, data = ""): void {
    const frame = typeof type === "string" ? type : encodeMessage(type, id, data);
    this.dispatchEvent(Object.assign(new Event("message"), { data: frame }));
  }

  /** The connection ends with `code` and `reason`. */
  serverCloses(code = 1000, reason = ""): void {
    this.readyState = 3;
    this.dispatchEvent(Object.assign(new Event("close"), { code, reason }));
  }

  /** The protocol messages the client sent, decoded. */
  messages(): SignalingMessage[] {
    return this.sent.map((frame) => decodeMessage(frame)).filter((message): message is SignalingMessage => message !== null);
  }
}
