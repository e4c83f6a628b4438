/** The part of the browser's `WebSocket` the lobby client uses (the `ws` package's `WebSocket` has it too). */
export interface SignalingSocket {
  /** 0 connecting, 1 open, 2 closing, 3 closed. */
  readonly readyState: number;
  /** Sends one text frame. */
  send(data: string): void;
  /** Starts the closing handshake. */
  close(code?: number, reason?: string): void;
  /** Listens to `open`, `message`, `close` or `error`. */
  // `any`: the browser's and the `ws` package's listener types are each generic over their own event maps.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  addEventListener(type: "open" | "message" | "close" | "error", listener: (event: any) => void): void;
}

/** A constructor compatible with the browser's `WebSocket` (the default), e.g. the `ws` package's in Node. */
export type SignalingSocketConstructor = new (url: string) => SignalingSocket;

/** `WebSocket.OPEN`. */
export const SOCKET_OPEN = 1;
