import { randomInt } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type RawData, type WebSocket } from "ws";
import { CloseReason, decodeMessage, MessageType, PROTOCOL_ERROR_CODE, type SignalingMessage } from "../signaling/protocol";
import { Lobby } from "./lobby";
import { PeerSession } from "./peer-session";
import { resolveOptions, type ResolvedOptions, type SignalingServerOptions } from "./server-options";

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const LOBBY_NAME_LENGTH = 16;
const GOING_AWAY = 1001;
const INTERNAL_ERROR = 1011;
const RELAYED = new Set<number>([MessageType.OFFER, MessageType.ANSWER, MessageType.CANDIDATE]);

/** What the server holds right now. */
export interface SignalingServerStats {
  /** Connected sockets, in a lobby or not. */
  peers: number;
  /** Open lobbies. */
  lobbies: number;
}

/**
 * The signaling server of Godot's `webrtc_signaling` demo, hardened: same protocol and close reasons, so native
 * Godot builds and web builds can share it, plus limits on frame size, sockets, lobbies, lobby size and message
 * rate, and any malformed input answered with a 4000 close instead of a crash. Start it with
 * `SignalingServer.listen()` (or `createSignalingServer()`).
 */
export class SignalingServer {
  readonly #options: ResolvedOptions;
  readonly #wss: WebSocketServer;
  readonly #sessions = new Set<PeerSession>();
  readonly #lobbies = new Map<string, Lobby>();
  readonly #pingTimer: ReturnType<typeof setInterval>;
  readonly #detachUpgrade: () => void;
  #closing: Promise<void> | null = null;

  /**
   * Starts a server and resolves once it accepts connections (at once with `server` or `noServer`). Rejects
   * on unusable options or when the port cannot be bound.
   */
  static async listen(options: SignalingServerOptions = {}): Promise<SignalingServer> {
    const resolved = resolveOptions(options);
    if ("error" in resolved) throw new RangeError(`SignalingServer: ${resolved.error}`);
    const server = new SignalingServer(resolved);
    await server.#ready();
    return server;
  }

  private constructor(options: ResolvedOptions) {
    this.#options = options;
    const attached = options.server !== undefined || options.noServer === true;
    const common = { maxPayload: options.maxPayload, perMessageDeflate: false };
    this.#wss = attached
      ? new WebSocketServer({ ...common, noServer: true })
      : new WebSocketServer({ ...common, port: options.port, host: options.host });
    this.#wss.on("connection", (socket) => this.#accept(socket));
    this.#wss.on("error", (error) => options.log(`server error: ${error.message}`));
    this.#detachUpgrade = this.#attach();
    this.#pingTimer = setInterval(() => this.#ping(), options.pingInterval);
    this.#pingTimer.unref();
  }

  /** The port it listens on (the real one when started with port 0); null when attached or `noServer`. */
  get port(): number | null {
    const address = this.#options.server ? null : this.#wss.address();
    return typeof address === "object" && address !== null ? address.port : null;
  }

  /** Sockets and lobbies right now. */
  stats(): SignalingServerStats {
    return { peers: this.#sessions.size, lobbies: this.#lobbies.size };
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
   * finish the closing handshake within `closeGrace`), stops every timer and, if it listens itself, releases
   * the port. Resolves when all of that is done; calling it again returns the same promise.
   */
  close(): Promise<void> {
    this.#closing ??= this.#shutDown();
    return this.#closing;
  }

  async #ready(): Promise<void> {
    if (this.#options.server || this.#options.noServer) return;
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error): void => reject(error);
      this.#wss.once("error", onError);
      this.#wss.once("listening", () => {
        this.#wss.off("error", onError);
        resolve();
      });
    }).catch(async (error: unknown) => {
      await this.close();
      throw error;
    });
  }

  #attach(): () => void {
    const httpServer = this.#options.server;
    if (!httpServer) return () => {};
    const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
      // Split by hand, as ws does: `new URL()` throws on some request targets, and this runs on the HTTP server.
      const target = request.url ?? "/";
      const query = target.indexOf("?");
      const pathname = query === -1 ? target : target.slice(0, query);
      if (pathname === this.#options.path) this.handleUpgrade(request, socket, head);
    };
    httpServer.on("upgrade", onUpgrade);
    return () => httpServer.off("upgrade", onUpgrade);
  }

  #accept(socket: WebSocket): void {
    socket.on("error", (error) => this.#options.log(`socket error: ${error.message}`));
    if (this.#closing) {
      socket.close(GOING_AWAY, CloseReason.SERVER_SHUTDOWN);
      return;
    }
    if (this.#sessions.size >= this.#options.maxPeers) {
      socket.close(PROTOCOL_ERROR_CODE, CloseReason.TOO_MANY_PEERS);
      return;
    }
    const session = new PeerSession(socket, this.#options.maxMessagesPerSecond);
    this.#sessions.add(session);
    session.joinTimer = setTimeout(() => {
      if (!session.lobby) session.fail(CloseReason.NO_LOBBY);
    }, this.#options.joinTimeout);
    socket.on("message", (data, isBinary) => this.#receive(session, data, isBinary));
    socket.on("pong", () => {
      session.alive = true;
    });
    socket.on("close", (code, reason) => this.#leave(session, code, reason.toString()));
  }

  #receive(session: PeerSession, data: RawData, isBinary: boolean): void {
    if (!session.open) return;
    if (!session.takeToken()) return session.fail(CloseReason.TOO_MANY_MESSAGES);
    // ws 8 hands text frames over as Buffers too; only the flag tells them apart (Godot's server breaks here).
    if (isBinary) return session.fail(CloseReason.INVALID_TRANSFER_MODE);
    const message = decodeMessage(toText(data));
    if (!message) return session.fail(CloseReason.INVALID_FORMAT);
    try {
      this.#handle(session, message);
    } catch (error) {
      this.#options.log(`internal error on a message of peer ${session.id}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      session.close(INTERNAL_ERROR, "Internal server error");
    }
  }

  #handle(session: PeerSession, message: SignalingMessage): void {
    if (message.type === MessageType.JOIN) return this.#join(session, message);
    const lobby = session.lobby;
    if (!lobby) return session.fail(CloseReason.NEED_LOBBY);
    if (this.#lobbies.get(lobby.name) !== lobby) return session.fail(CloseReason.SERVER_ERROR);
    if (message.type === MessageType.SEAL) return this.#seal(session, lobby);
    if (!RELAYED.has(message.type)) return session.fail(CloseReason.INVALID_COMMAND);
    const destination = lobby.member(message.id);
    if (!destination || !lobby.canTalk(session, destination)) return session.fail(CloseReason.INVALID_DESTINATION);
    destination.send(message.type, session.id, message.data);
  }

  #join(session: PeerSession, { id, data }: SignalingMessage): void {
    // Godot's server lets a member JOIN another lobby by name; one socket is one peer in one lobby here.
    if (session.lobby) return session.fail(CloseReason.ALREADY_IN_LOBBY);
    let lobby: Lobby | undefined;
    if (data === "") {
      if (this.#lobbies.size >= this.#options.maxLobbies) return session.fail(CloseReason.TOO_MANY_LOBBIES);
      lobby = new Lobby(this.#newLobbyName(), id === 0);
      this.#lobbies.set(lobby.name, lobby);
      this.#options.log(`lobby ${lobby.name} created (${lobby.mesh ? "mesh" : "client/server"}); open lobbies: ${this.#lobbies.size}`);
    } else {
      lobby = this.#lobbies.get(data);
      if (!lobby) return session.fail(CloseReason.LOBBY_DOES_NOT_EXIST);
      if (lobby.sealed) return session.fail(CloseReason.LOBBY_IS_SEALED);
      if (lobby.size >= this.#options.maxPeersPerLobby) return session.fail(CloseReason.LOBBY_FULL);
    }
    clearTimeout(session.joinTimer);
    lobby.add(session);
    this.#options.log(`peer ${session.id} joined lobby ${lobby.name} (${lobby.size} peers)`);
  }

  #seal(session: PeerSession, lobby: Lobby): void {
    if (session.id !== 1) return session.fail(CloseReason.ONLY_HOST_CAN_SEAL);
    lobby.seal(this.#options.sealTimeout);
    this.#options.log(`lobby ${lobby.name} sealed with ${lobby.size} peers`);
  }

  #leave(session: PeerSession, code: number, reason: string): void {
    clearTimeout(session.joinTimer);
    this.#sessions.delete(session);
    const lobby = session.lobby;
    const where = lobby ? `peer ${session.id} of lobby ${lobby.name}` : "a peer outside any lobby";
    this.#options.log(`${where} disconnected (${code}${reason ? ` ${reason}` : ""})`);
    if (!lobby || !lobby.remove(session)) return;
    this.#lobbies.delete(lobby.name);
    this.#options.log(`lobby ${lobby.name} closed; open lobbies: ${this.#lobbies.size}`);
  }

  #ping(): void {
    for (const session of this.#sessions) {
      if (!session.alive) {
        session.socket.terminate();
        continue;
      }
      session.alive = false;
      session.socket.ping();
    }
  }

  #newLobbyName(): string {
    for (;;) {
      let name = "";
      for (let i = 0; i < LOBBY_NAME_LENGTH; i++) name += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
      if (!this.#lobbies.has(name)) return name;
    }
  }

  async #shutDown(): Promise<void> {
    clearInterval(this.#pingTimer);
    this.#detachUpgrade();
    for (const lobby of this.#lobbies.values()) lobby.dispose();
    const sockets = [...this.#wss.clients];
    for (const session of this.#sessions) session.close(GOING_AWAY, CloseReason.SERVER_SHUTDOWN);
    await Promise.all(sockets.map((socket) => closedWithin(socket, this.#options.closeGrace)));
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }
}

/** Starts a `SignalingServer` (the same as `SignalingServer.listen(options)`). */
export function createSignalingServer(options: SignalingServerOptions = {}): Promise<SignalingServer> {
  return SignalingServer.listen(options);
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
