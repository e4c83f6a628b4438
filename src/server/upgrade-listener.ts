import { createServer, type IncomingMessage, type Server as HttpServer } from "node:http";
import type { Server as HttpsServer } from "node:https";
import type { Duplex } from "node:stream";

/** Takes one WebSocket upgrade request. */
export type UpgradeHandler = (request: IncomingMessage, socket: Duplex, head: Buffer) => void;

/** Where upgrades come from and how half-sent ones are bounded. */
export interface UpgradeSource {
  /** Listen on this port and interface with an own HTTP server. */
  readonly port: number;
  readonly host: string;
  /** Or take the upgrades of this server for `path`. */
  readonly server?: HttpServer | HttpsServer;
  readonly path: string;
  /** Or take none (the caller hands them over). */
  readonly noServer?: boolean;
  /** Time an own server gives a request to arrive complete. */
  readonly requestTimeout: number;
}

/**
 * The HTTP side of the server. Listening itself, it runs its own HTTP server with short header and request
 * timeouts (Node's defaults let a half-sent upgrade live 60–90 s) and counts connections not yet upgraded, so
 * the caller can refuse them past its socket limit. Attached, it takes only `path`'s upgrades.
 * @internal
 */
export class UpgradeListener {
  readonly #http: HttpServer | null;
  readonly #detach: () => void;
  #pending = 0;

  /**
   * `admit` is asked for every new TCP connection of an own server (false: it is dropped at once); `refused`
   * is told when one is.
   */
  constructor(source: UpgradeSource, onUpgrade: UpgradeHandler, admit: () => boolean, refused: () => void) {
    if (source.server) {
      this.#http = null;
      this.#detach = attach(source.server, source.path, onUpgrade);
      return;
    }
    this.#detach = () => {};
    this.#http = source.noServer ? null : this.#own(source, onUpgrade, admit, refused);
  }

  /** TCP connections of an own server that have not (yet) become WebSockets. */
  get pending(): number {
    return this.#pending;
  }

  /** The port an own server listens on, else null. */
  get port(): number | null {
    const address = this.#http?.address();
    return typeof address === "object" && address !== null ? address.port : null;
  }

  /** Resolves once an own server listens (at once otherwise); rejects when it cannot bind. */
  ready(source: UpgradeSource): Promise<void> {
    const http = this.#http;
    if (!http) return Promise.resolve();
    return new Promise((resolve, reject) => {
      http.once("error", reject);
      http.listen(source.port, source.host, () => {
        http.off("error", reject);
        resolve();
      });
    });
  }

  /** Stops taking upgrades; an own server stops listening and drops what was never upgraded. */
  close(): Promise<void> {
    this.#detach();
    const http = this.#http;
    if (!http?.listening) return Promise.resolve();
    return new Promise((resolve) => {
      http.close(() => resolve());
      http.closeAllConnections();
    });
  }

  #own(source: UpgradeSource, onUpgrade: UpgradeHandler, admit: () => boolean, refused: () => void): HttpServer {
    const timeout = source.requestTimeout;
    // Node checks these timeouts every connectionsCheckingInterval (30 s by default): check often enough to hold them.
    const http = createServer({ requestTimeout: timeout, headersTimeout: timeout, connectionsCheckingInterval: Math.min(1000, timeout) });
    const upgraded = new WeakSet<Duplex>();
    http.on("connection", (socket) => {
      if (!admit()) {
        refused();
        socket.destroy();
        return;
      }
      this.#pending++;
      socket.once("close", () => {
        if (!upgraded.has(socket)) this.#pending--;
      });
    });
    http.on("upgrade", (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      upgraded.add(socket);
      this.#pending--;
      onUpgrade(request, socket, head);
    });
    http.on("request", (_request, response) => {
      response.writeHead(426, { "content-type": "text/plain", connection: "close" }).end("WebSocket upgrade required\n");
    });
    return http;
  }
}

function attach(server: HttpServer | HttpsServer, path: string, onUpgrade: UpgradeHandler): () => void {
  const listener = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    // Split by hand, as ws does: `new URL()` throws on some request targets, and this runs on the HTTP server.
    const target = request.url ?? "/";
    const query = target.indexOf("?");
    if ((query === -1 ? target : target.slice(0, query)) === path) onUpgrade(request, socket, head);
  };
  server.on("upgrade", listener);
  return () => server.off("upgrade", listener);
}
