// The one harness of the signaling server tests: a real server on 127.0.0.1 (in this process), real `ws` test
// sockets, everything closed after each test. With SIGNALING_STORE=redis (`npm run test:unit` runs the server
// tests a second time so) every server keeps its lobbies in one redis-server started for the file.
import { randomUUID } from "node:crypto";
import type { ClientOptions } from "ws";
import { afterAll, afterEach, beforeAll } from "vitest";
import { MessageType } from "../../signaling/protocol";
import { TestSocket, until } from "../../test-support/ws-test-client";
import type { SignalingServerOptions } from "../server-options";
import { SignalingServer } from "../signaling-server";
import { RedisProcess } from "./redis-process";

/** Whether this run puts the servers' lobbies in Redis. */
export const ON_REDIS = process.env.SIGNALING_STORE === "redis";

/** A joined test socket: its id and lobby, its inbox emptied of the join's messages. */
export interface Joined {
  socket: TestSocket;
  id: number;
  lobby: string;
}

/** The servers and sockets of one test file. */
export interface ServerHarness {
  /** Starts a server with `defaults` then `options` and returns its URL. */
  start(options?: SignalingServerOptions): Promise<string>;
  /** The server `start()` started. */
  readonly server: SignalingServer;
  /** Opens a test socket, closed after the test. */
  connect(url: string, options?: ClientOptions): Promise<TestSocket>;
  /** Connects and joins `lobby` ("" creates one, a mesh unless `mesh` is false). */
  joined(url: string, lobby?: string, mesh?: boolean): Promise<Joined>;
  /** The store options of this run: `{}` in memory, else Redis' URL with a prefix of its own per call. */
  store(): Pick<SignalingServerOptions, "redis" | "redisPrefix">;
  /** Closes something else after the test. */
  defer(cleanup: () => Promise<unknown> | void): void;
}

/** Sets up the harness of a test file (call at its top level); `defaults` apply to every `start()`. */
export function serverHarness(defaults: SignalingServerOptions = {}): ServerHarness {
  let server: SignalingServer | null = null;
  let sockets: TestSocket[] = [];
  let cleanups: (() => Promise<unknown> | void)[] = [];
  let redis: RedisProcess | null = null;
  if (ON_REDIS) {
    beforeAll(async () => {
      redis = await RedisProcess.start();
    });
    afterAll(() => redis?.stop());
  }
  afterEach(async () => {
    // A socket the test left unable to close (paused, say) is cut, so one failure does not fail the next test.
    await Promise.all(sockets.map((socket) => socket.close().catch(() => socket.socket.terminate())));
    sockets = [];
    await server?.close();
    server = null;
    for (const cleanup of cleanups.reverse()) await cleanup();
    cleanups = [];
  });
  const harness: ServerHarness = {
    async start(options = {}) {
      server = await SignalingServer.listen({ port: 0, host: "127.0.0.1", joinTimeout: 2000, ...harness.store(), ...defaults, ...options });
      return `ws://127.0.0.1:${server.port}`;
    },
    get server() {
      if (!server) throw new Error("no server started");
      return server;
    },
    async connect(url, options = {}) {
      const socket = await TestSocket.open(url, options);
      sockets.push(socket);
      return socket;
    },
    async joined(url, lobby = "", mesh = true) {
      const socket = await harness.connect(url);
      socket.send({ type: MessageType.JOIN, id: mesh ? 0 : 1, data: lobby });
      const { id } = await socket.next("ID");
      await until(() => socket.inbox.some((message) => message.type === MessageType.JOIN), "JOIN confirmation");
      const name = socket.inbox.find((message) => message.type === MessageType.JOIN)!.data;
      socket.inbox.length = 0;
      return { socket, id, lobby: name };
    },
    store() {
      return redis ? { redis: redis.url, redisPrefix: `test-${randomUUID().slice(0, 8)}:` } : {};
    },
    defer(cleanup) {
      cleanups.push(cleanup);
    },
  };
  return harness;
}
