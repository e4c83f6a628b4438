import { createServer, type Server as HttpServer } from "node:http";

/** What the server holds right now, and what it refused since it started. */
export interface SignalingServerStats {
  /** Connected sockets on this instance, in a lobby or not. */
  peers: number;
  /** Open lobbies (on Redis: across every instance, as of the last heartbeat). */
  lobbies: number;
  /** TCP connections whose WebSocket upgrade has not arrived yet (when the server listens itself). */
  pendingUpgrades: number;
  /** Bytes queued for sending over every socket. */
  queuedBytes: number;
  /** Sockets the server closed or dropped, by close reason ("Too many peers connected", …). */
  refusals: Record<string, number>;
  /** Envelopes for members that had already left, dropped. */
  undeliverable: number;
}

/** Counts what the server closes, by reason. */
export class RefusalCounter {
  readonly #counts = new Map<string, number>();

  /** Counts one refusal for `reason`. */
  add(reason: string): void {
    this.#counts.set(reason, (this.#counts.get(reason) ?? 0) + 1);
  }

  /** The counts so far. */
  snapshot(): Record<string, number> {
    return Object.fromEntries(this.#counts);
  }
}

/** The stats in Prometheus' text format. */
export function formatMetrics(stats: SignalingServerStats): string {
  const lines = [
    "# TYPE signaling_peers gauge",
    `signaling_peers ${stats.peers}`,
    "# TYPE signaling_lobbies gauge",
    `signaling_lobbies ${stats.lobbies}`,
    "# TYPE signaling_pending_upgrades gauge",
    `signaling_pending_upgrades ${stats.pendingUpgrades}`,
    "# TYPE signaling_queued_bytes gauge",
    `signaling_queued_bytes ${stats.queuedBytes}`,
    "# TYPE signaling_undeliverable_total counter",
    `signaling_undeliverable_total ${stats.undeliverable}`,
    "# TYPE signaling_refusals_total counter",
    ...Object.entries(stats.refusals).map(([reason, count]) => `signaling_refusals_total{reason=${JSON.stringify(reason)}} ${count}`),
  ];
  return `${lines.join("\n")}\n`;
}

/**
 * Serves `GET /metrics` (Prometheus text) and `GET /health` ("ok", or 503 while the store is unavailable) on a
 * port of its own, never on the signaling port.
 */
export async function serveMetrics(port: number, host: string, stats: () => SignalingServerStats, healthy: () => boolean): Promise<HttpServer> {
  const http = createServer({ requestTimeout: 5000, headersTimeout: 5000 }, (request, response) => {
    const path = (request.url ?? "/").split("?")[0];
    if (request.method !== "GET") return void response.writeHead(405).end();
    if (path === "/metrics") return void response.writeHead(200, { "content-type": "text/plain; version=0.0.4" }).end(formatMetrics(stats()));
    if (path === "/health") return void response.writeHead(healthy() ? 200 : 503, { "content-type": "text/plain" }).end(healthy() ? "ok\n" : "store unavailable\n");
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(port, host, () => {
      http.off("error", reject);
      resolve();
    });
  });
  return http;
}
