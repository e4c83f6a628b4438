// A raw protocol client for the signaling server tests: a `ws` socket that records every message and its close,
// with awaits that fail with a clear message after a deadline instead of hanging.
import { WebSocket, type ClientOptions } from "ws";
import { decodeMessage, type SignalingMessage } from "../signaling/protocol";

import { DEADLINE_MS, until } from "./until";

export { DEADLINE_MS, until };

/** One test connection to the signaling server. */
export class TestSocket {
  /** Messages received and not yet taken by `next()`. */
  readonly inbox: SignalingMessage[] = [];
  /** Frames that were not protocol messages (there should be none). */
  readonly garbage: string[] = [];
  /** The close code and reason, once closed. */
  closed: { code: number; reason: string } | null = null;
  readonly socket: WebSocket;

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on("message", (data, isBinary) => {
      const message = isBinary ? null : decodeMessage(data.toString());
      if (message === null) this.garbage.push(data.toString());
      else this.inbox.push(message);
    });
    socket.on("close", (code, reason) => {
      this.closed = { code, reason: reason.toString() };
    });
    socket.on("error", () => {});
  }

  /** Opens a connection to `url`; rejects if it cannot. */
  static async open(url: string, options: ClientOptions = {}): Promise<TestSocket> {
    const socket = new WebSocket(url, options);
    const client = new TestSocket(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once("open", () => resolve());
      socket.once("error", reject);
    });
    return client;
  }

  /** Sends a protocol message (or any JSON value / raw text as given). */
  send(message: unknown): void {
    this.socket.send(typeof message === "string" ? message : JSON.stringify(message));
  }

  /** The next message, waiting up to `ms`. */
  async next(what = "a message", ms = DEADLINE_MS): Promise<SignalingMessage> {
    await until(() => this.inbox.length > 0 || this.closed !== null, what, ms);
    if (this.garbage.length > 0) throw new Error(`server sent non-protocol frames: ${this.garbage.join(" | ")}`);
    const message = this.inbox.shift();
    if (!message) throw new Error(`socket closed (${this.closed?.code} "${this.closed?.reason}") while waiting for ${what}`);
    return message;
  }

  /** Waits for the close and returns its code and reason. */
  async closure(ms = DEADLINE_MS): Promise<{ code: number; reason: string }> {
    await until(() => this.closed !== null, "the socket to close", ms);
    return this.closed!;
  }

  /** Closes from this side and waits for it. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.socket.close();
    await this.closure();
  }
}
