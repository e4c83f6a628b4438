// A loopback relay for the two-page test: a `ws` server on 127.0.0.1 that forwards every text frame a client
// sends to the other clients. Just enough to carry one pair's signals; the real signaling server is elsewhere.
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

/** A running relay. */
export interface Relay {
  /** `ws://127.0.0.1:<port>` */
  readonly url: string;
  /** Frames forwarded so far, parsed as JSON, in the order received. */
  readonly forwarded: readonly unknown[];
  /** Resolves once `count` clients are connected; rejects after `timeoutMs`. */
  waitForClients(count: number, timeoutMs?: number): Promise<void>;
  /** Closes every client and the server. */
  close(): Promise<void>;
}

/** Starts a relay on a free loopback port. */
export async function startRelay(): Promise<Relay> {
  const server = new WebSocketServer({ host: "127.0.0.1", port: 0, maxPayload: 1024 * 1024 });
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const clients = new Set<WebSocket>();
  const forwarded: unknown[] = [];
  const joined: (() => void)[] = [];

  server.on("connection", (socket) => {
    clients.add(socket);
    joined.forEach((check) => check());
    socket.on("close", () => clients.delete(socket));
    socket.on("message", (data, isBinary) => {
      if (isBinary) return;
      const text = data.toString();
      forwarded.push(JSON.parse(text));
      for (const other of clients) if (other !== socket) other.send(text);
    });
  });

  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    forwarded,
    waitForClients(count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`relay: ${clients.size} of ${count} clients after ${timeoutMs} ms`)), timeoutMs);
        const check = (): void => {
          if (clients.size < count) return;
          clearTimeout(timer);
          resolve();
        };
        joined.push(check);
        check();
      });
    },
    close() {
      for (const client of clients) client.terminate();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
