import type { Server as HttpServer, IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type RawData, type WebSocket } from "ws";
import { CloseCode, CloseReason, decodeMessage } from "../signaling/protocol";
import { LobbyRouter } from "./lobby-router";
import type { LobbyStore } from "./lobby-store";
import { MemoryLobbyStore } from "./memory-lobby-store";
import { RedisLobbyStore } from "./redis-lobby-store";
import { PeerSession, type SessionHooks, type SessionLimits } from "./peer-session";
import { ResumeTokens } from "./resume-token";
import { resolveOptions, type ResolvedOptions, type SignalingServerOptions } from "./server-options";
import { RefusalCounter, serveMetrics, type SignalingServerStats } from "./server-metrics";
import { UpgradeListener, type UpgradeSource } from "./upgrade-listener";

/**
 * TCP connections an own HTTP server takes beyond `maxPeers` (sockets plus half-sent upgrades), so a client
 * over the limit still completes its upgrade and reads 4000 "Too many peers connected" instead of a reset.
 */
export const REFUSAL_SLOTS = 16;

const CONSTRUCT = Symbol("SignalingServer.listen");

/**
 * The signaling server of Godot's `webrtc_signaling` demo, hardened: same protocol and close reasons, so native
 * Godot builds and web builds can share it, plus limits on frame size, sockets, lobbies, lobby size, message
 * rate and queued bytes, and any malformed input answered with a 4000 close instead of a crash. Start it with
 * `SignalingServer.listen()`.
 */
export class SignalingServer {
  readonly #options: ResolvedOptions;
  readonly #wss: WebSocketServer;
  readonly #sessions = new Set<PeerSession>();
  readonly #admitted = new WeakSet<PeerSession>();
  readonly #store: LobbyStore;
  readonly #router: LobbyRouter;
  readonly #listener: UpgradeListener;
  readonly #refusals = new RefusalCounter();
  readonly #limits: SessionLimits;
  readonly #hooks: SessionHooks;
  #pingTimer: ReturnType<typeof setInterval> | undefined;
  #metrics: HttpServer | null = null;
  #closing: Promise<void> | null = null;

  /**
   * Starts a server and resolves once it accepts connections (at once with `server` or `noServer`). Rejects
   * on unusable options or when a port cannot be bound.
   */
  static async listen(options: SignalingServerOptions = {}): Promise<SignalingServer> {
    const resolved = resolveOptions(options);
    if ("error" in resolved) throw new RangeError(`SignalingServer: ${resolved.error}`);
    const server = new SignalingServer(CONSTRUCT, resolved);
    try {
      await server.#start();
    } catch (error) {
      await server.close();
      throw error;
    }
    return server;
  }

  /** Not a way in: `SignalingServer.listen()` is, which checks the options first. Throws a TypeError. */
  private constructor(token: symbol, options: ResolvedOptions) {
    if (token !== CONSTRUCT) throw new TypeError("SignalingServer: start one with `await SignalingServer.listen(options)`");
    this.#options = options;
    this.#limits = { messagesPerSecond: options.maxMessagesPerSecond, maxQueuedBytes: options.maxQueuedBytes, joinTimeout: options.joinTimeout, closeGrace: options.closeGrace };
    this.#hooks = {
      closing: (_code, reason) => this.#refusals.add(reason),
      gone: (session) => this.#gone(session),
      failed: (session, error) => {
        if (!this.#store.available) return session.close(CloseCode.INTERNAL_ERROR, CloseReason.STORE_UNAVAILABLE);
        options.log(`internal error on a message of peer ${session.membership?.id ?? 0}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        session.close(CloseCode.INTERNAL_ERROR, "Internal server error");
      },
    };
    this.#store = options.redis
      ? new RedisLobbyStore({ ...options, url: options.redis, prefix: options.redisPrefix })
      : new MemoryLobbyStore(options);
    this.#router = new LobbyRouter(this.#store, options.sealTimeout, options.log, { tokens: new ResumeTokens(options.resumeSecret), grace: options.resumeGrace });
    this.#wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayload, perMessageDeflate: false });
    this.#wss.on("connection", (socket) => this.#accept(socket));
    this.#wss.on("error", (error) => options.log(`server error: ${error.message}`));
    this.#listener = new UpgradeListener(
      this.#source(),
      (request, socket, head) => this.handleUpgrade(request, socket, head),
      () => this.#sessions.size + this.#listener.pending < options.maxPeers + REFUSAL_SLOTS,
      () => this.#refusals.add(CloseReason.TOO_MANY_PEERS),
    );
  }

  /** The port it listens on (the real one when started with port 0); null when attached or `noServer`. */
  get port(): number | null {
    return this.#listener.port;
  }

  /** The port of the metrics endpoint (`metricsPort`), or null without one. */
  get metricsPort(): number | null {
    const address = this.#metrics?.address();
    return typeof address === "object" && address !== null ? address.port : null;
  }

  /** Sockets, lobbies, half-sent upgrades, queued bytes and refusals right now (the metrics endpoint's figures). */
  stats(): SignalingServerStats {
    let queuedBytes = 0;
    for (const session of this.#sessions) queuedBytes += session.queuedBytes;
    return {
      peers: this.#sessions.size,
      lobbies: this.#store.lobbyCount,
      pendingUpgrades: this.#listener.pending,
      queuedBytes,
      refusals: this.#refusals.snapshot(),
      undeliverable: this.#router.undeliverable,
    };
  }

  /** Takes over an HTTP upgrade request, for `noServer` use behind your own router. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (this.#closing) {
      socket.destroy();
      return;
    }
    this.#wss.handleUpgrade(request, socket, head, (ws) => this.#wss.emit("connection", ws, request));
  }

  /**
   * Stops taking connections, closes every socket with 1001 "Server shutting down" (cutting those that do not
   * finish the closing handshake within `closeGrace`), stops every timer and releases the ports it listens on.
   * Resolves when all of that is done; calling it again returns the same promise.
   */
  close(): Promise<void> {
    this.#closing ??= this.#shutDown();
    return this.#closing;
  }

  #source(): UpgradeSource {
    const { port, host, server, path, noServer, requestTimeout } = this.#options;
    return { port, host, path, requestTimeout, ...(server ? { server } : {}), ...(noServer ? { noServer } : {}) };
  }

  async #start(): Promise<void> {
    await this.#store.start({
      deliver: (envelope) => this.#router.deliver(envelope),
      departed: (lobby, id, outcome) => this.#router.departed(lobby, id, outcome),
      lost: (why) => this.#lost(why),
    });
    await this.#listener.ready(this.#source());
    const { metricsPort, metricsHost } = this.#options;
    if (metricsPort !== undefined) this.#metrics = await serveMetrics(metricsPort, metricsHost, () => this.stats(), () => this.#store.available);
    this.#pingTimer = setInterval(() => this.#ping(), this.#options.pingInterval);
    this.#pingTimer.unref();
  }

  #accept(socket: WebSocket): void {
    socket.on("error", (error) => this.#options.log(`socket error: ${error.message}`));
    if (this.#closing) return socket.close(CloseCode.GOING_AWAY, CloseReason.SERVER_SHUTDOWN);
    if (!this.#store.available) {
      this.#refusals.add(CloseReason.STORE_UNAVAILABLE);
      return socket.close(CloseCode.INTERNAL_ERROR, CloseReason.STORE_UNAVAILABLE);
    }
    if (this.#sessions.size >= this.#options.maxPeers) {
      this.#refusals.add(CloseReason.TOO_MANY_PEERS);
      return socket.close(CloseCode.PROTOCOL_ERROR, CloseReason.TOO_MANY_PEERS);
    }
    const session = new PeerSession(socket, this.#limits, this.#hooks);
    this.#sessions.add(session);
    session.enqueue(async () => {
      if (await this.#store.admit()) this.#admitted.add(session);
      else session.fail(CloseReason.TOO_MANY_PEERS);
    });
    socket.on("message", (data, isBinary) => this.#receive(session, data, isBinary));
  }

  #receive(session: PeerSession, data: RawData, isBinary: boolean): void {
    if (!session.open) return;
    if (!session.takeToken()) return session.fail(CloseReason.TOO_MANY_MESSAGES);
    // ws 8 hands text frames over as Buffers too; only the flag tells them apart (Godot's server breaks here).
    if (isBinary) return session.fail(CloseReason.INVALID_TRANSFER_MODE);
    const message = decodeMessage(toText(data));
    if (!message) return session.fail(CloseReason.INVALID_FORMAT);
    // Handled even if the socket closes meanwhile: what it sent before misbehaving is relayed, as sent.
    session.enqueue(() => this.#router.handle(session, message), true, message.data.length);
  }

  #gone(session: PeerSession): void {
    this.#sessions.delete(session);
    if (this.#admitted.has(session)) {
      this.#admitted.delete(session);
      this.#store.release();
    }
    const membership = session.membership;
    this.#options.log(membership ? `peer ${membership.id} of lobby ${membership.lobby} left` : "a peer outside any lobby left");
    session.enqueue(() => this.#router.leave(session), false);
  }

  #lost(why: string): void {
    this.#options.log(`lobby store lost (${why}): closing every socket with 1011`);
    for (const session of this.#sessions) session.close(CloseCode.INTERNAL_ERROR, CloseReason.STORE_UNAVAILABLE);
  }

  #ping(): void {
    for (const session of this.#sessions) session.heartbeat();
    this.#router.sweep();
  }

  async #shutDown(): Promise<void> {
    clearInterval(this.#pingTimer);
    const sockets = [...this.#wss.clients];
    for (const session of this.#sessions) session.close(CloseCode.GOING_AWAY, CloseReason.SERVER_SHUTDOWN);
    await Promise.all(sockets.map((socket) => closedWithin(socket, this.#options.closeGrace)));
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
    await this.#listener.close();
    const metrics = this.#metrics;
    if (metrics) await new Promise((resolve) => metrics.close(resolve));
    await this.#store.close();
  }
}

function toText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString("utf8");
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  return Buffer.from(data).toString("utf8");
}

/** Waits for `socket` to close, cutting it after `grace` ms. */
function closedWithin(socket: WebSocket, grace: number): Promise<void> {
  if (socket.readyState === socket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => socket.terminate(), grace);
    socket.once("close", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
