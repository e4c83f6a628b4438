import type { Server as HttpServer } from "node:http";
import { MIB } from "../godot/limits";
import type { Server as HttpsServer } from "node:https";

/** How to run a `SignalingServer`. Every limit has a default; every time is in milliseconds. */
export interface SignalingServerOptions {
  /** TCP port to listen on (default 9080, Godot's demo port; 0 picks a free one). Ignored with `server`/`noServer`. */
  port?: number;
  /** Interface to listen on (default "127.0.0.1"; "0.0.0.0" or "::" to accept other machines). */
  host?: string;
  /**
   * Attach to this HTTP(S) server instead of listening: upgrade requests for `path` are taken, every other
   * upgrade (a dev server's hot reload, say) is left alone. The server is not closed by `close()`.
   */
  server?: HttpServer | HttpsServer;
  /** The URL path WebSocket upgrades must ask for, with `server` (default "/"). */
  path?: string;
  /** Neither listen nor attach: feed upgrades in yourself through `handleUpgrade()`. */
  noServer?: boolean;
  /** Largest incoming frame in bytes (default 64 KiB); a larger one closes the socket with 1009. */
  maxPayload?: number;
  /** Concurrent sockets (default 4096, as Godot's server). */
  maxPeers?: number;
  /** Open lobbies (default 1024, as Godot's server). */
  maxLobbies?: number;
  /** Peers in one lobby, host included (default 64). */
  maxPeersPerLobby?: number;
  /** Messages one socket may send per second, as a token bucket of that size (default 256). */
  maxMessagesPerSecond?: number;
  /** Time a socket has to join a lobby (default 1000, as Godot's server). */
  joinTimeout?: number;
  /** Time between a seal and closing every member with 1000 "Seal complete" (default 10000, as Godot's). */
  sealTimeout?: number;
  /** Time between WebSocket pings; a socket that did not answer the previous ping is dropped (default 10000). */
  pingInterval?: number;
  /** Time `close()` waits for sockets to finish their closing handshake before cutting them (default 1000). */
  closeGrace?: number;
  /**
   * Bytes a socket may have queued for sending (default 1 MiB). A member that stops reading while others send
   * to it is closed with 4000 "Too much data queued, peer not reading" and its lobby told it left.
   */
  maxQueuedBytes?: number;
  /**
   * Time an HTTP request (the WebSocket upgrade) has to arrive complete when the server listens itself (default
   * 10000); half-sent ones count toward `maxPeers` until then.
   */
  requestTimeout?: number;
  /** Serve `/metrics` (Prometheus text) and `/health` on this port, on `metricsHost` (default: no endpoint). */
  metricsPort?: number;
  /** Interface of the metrics endpoint (default "127.0.0.1"). */
  metricsHost?: string;
  /**
   * Resume extension: the secret resume tokens are signed with. Give the same one to a restarted server (or to
   * every instance) so clients resume their seats there; by default a random one per process, so tokens survive
   * a dropped socket but not a restart. Only clients that ask (our `SignalingClient`) ever get a token.
   */
  resumeSecret?: string;
  /**
   * Resume extension: how long a member holding a token keeps its seat after its socket drops without a close
   * frame (default 10000; 0 = leave at once), so it can resume before its lobby is told it left.
   */
  resumeGrace?: number;
  /**
   * Keep lobbies in this Redis (`redis://host:port`), shared by every instance given the same URL, instead of
   * this process's memory. Needs the `ioredis` package. Default: in memory.
   */
  redis?: string;
  /** Prefix of the Redis keys and channels (default "signaling:"), so deployments can share one Redis. */
  redisPrefix?: string;
  /**
   * With `redis`: how often an instance refreshes its heartbeat key (default 1000). An instance silent for 3
   * periods is reaped, and its members announced gone, within one more.
   */
  heartbeatInterval?: number;
  /** Where the server reports what happens (joins, seals, errors). Default: silent. */
  log?: (message: string) => void;
}

/** The options with every default filled in. */
export type ResolvedOptions = Required<Omit<SignalingServerOptions, "server" | "path" | "noServer" | "log" | "metricsPort" | "redis">> &
  Pick<SignalingServerOptions, "server" | "noServer" | "metricsPort" | "redis"> & { path: string; log: (message: string) => void };

/** The defaults of every limit and time. */
export const DEFAULT_OPTIONS = Object.freeze({
  port: 9080,
  host: "127.0.0.1",
  maxPayload: 64 * 1024,
  maxPeers: 4096,
  maxLobbies: 1024,
  maxPeersPerLobby: 64,
  maxMessagesPerSecond: 256,
  joinTimeout: 1000,
  sealTimeout: 10000,
  pingInterval: 10000,
  closeGrace: 1000,
  maxQueuedBytes: MIB,
  requestTimeout: 10000,
  metricsHost: "127.0.0.1",
  resumeSecret: "",
  resumeGrace: 10000,
  redisPrefix: "signaling:",
  heartbeatInterval: 1000,
});

const POSITIVE = ["maxPayload", "maxPeers", "maxLobbies", "maxPeersPerLobby", "maxMessagesPerSecond", "joinTimeout", "sealTimeout", "pingInterval", "maxQueuedBytes", "requestTimeout", "heartbeatInterval"] as const;

/** Fills in the defaults and checks the values; returns an error message instead when one is unusable. */
export function resolveOptions(options: SignalingServerOptions): ResolvedOptions | { error: string } {
  const merged = { ...DEFAULT_OPTIONS, ...stripUndefined(options) };
  for (const key of POSITIVE) {
    const value: unknown = merged[key];
    if (!Number.isInteger(value) || (value as number) < 1) return { error: `${key} must be a positive integer, got ${String(value)}` };
  }
  for (const key of ["closeGrace", "resumeGrace"] as const) {
    if (!Number.isInteger(merged[key]) || merged[key] < 0) return { error: `${key} must be an integer ≥ 0, got ${String(merged[key])}` };
  }
  if (typeof merged.resumeSecret !== "string") return { error: "resumeSecret must be a string" };
  if (!Number.isInteger(merged.port) || merged.port < 0 || merged.port > 65535) return { error: `port must be an integer in 0…65535, got ${String(merged.port)}` };
  const { metricsPort } = merged as { metricsPort?: unknown };
  if (metricsPort !== undefined && (!Number.isInteger(metricsPort) || (metricsPort as number) < 0 || (metricsPort as number) > 65535)) {
    return { error: `metricsPort must be an integer in 0…65535, got ${String(metricsPort)}` };
  }
  if (merged.redis !== undefined && !/^rediss?:\/\/./.test(String(merged.redis))) return { error: `redis must be a redis:// or rediss:// URL, got ${String(merged.redis)}` };
  const path = options.path ?? "/";
  if (!path.startsWith("/")) return { error: `path must start with "/", got "${path}"` };
  return { ...merged, path, log: options.log ?? (() => {}) };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
