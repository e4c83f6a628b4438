// The hardening of the signaling server beyond Godot's: limits, liveness, malformed input, shutdown, attaching to
// an HTTP server. Real server on 127.0.0.1, real `ws` clients, short timeouts.
import { createServer } from "node:http";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { WebSocket, WebSocketServer } from "ws";
import { CloseReason, MAX_PEER_ID, MessageType } from "../signaling/protocol";
import { until } from "../test-support/ws-test-client";
import { DEFAULT_OPTIONS } from "./server-options";
import { SignalingServer } from "./signaling-server";
import { serverHarness } from "./testing/server-harness";

const { JOIN, ID, OFFER } = MessageType;
const harness = serverHarness();
const { start, connect, joined } = harness;

describe("SignalingServer: limits", () => {
  it("defaults to Godot's caps: 4096 peers, 1024 lobbies, 1000 ms join timeout, 10 s seal and ping, port 9080", () => {
    expect(DEFAULT_OPTIONS).toMatchObject({ port: 9080, maxPeers: 4096, maxLobbies: 1024, joinTimeout: 1000, sealTimeout: 10000, pingInterval: 10000 });
    expect(DEFAULT_OPTIONS.maxPayload).toBe(64 * 1024);
  });

  it("closes the socket past maxPeers with 4000 'Too many peers connected' and takes one again once a slot frees (P150)", async () => {
    const url = await start({ maxPeers: 2 });
    const first = await connect(url);
    await connect(url);
    const third = await connect(url);
    expect(await third.closure()).toEqual({ code: 4000, reason: CloseReason.TOO_MANY_PEERS });
    await first.close();
    await until(() => harness.server.stats().peers === 1, "the server to count the freed slot");
    const fourth = await joined(url);
    expect(fourth.id).toBe(1);
  });

  it("closes the lobby creation past maxLobbies with 4000 'Too many lobbies open, disconnecting' (P150)", async () => {
    const url = await start({ maxLobbies: 2 });
    await joined(url);
    await joined(url);
    const third = await connect(url);
    third.send({ type: JOIN, id: 0, data: "" });
    expect(await third.closure()).toEqual({ code: 4000, reason: CloseReason.TOO_MANY_LOBBIES });
  });

  it("closes a join past maxPeersPerLobby with 4000 'Lobby is full'", async () => {
    const url = await start({ maxPeersPerLobby: 2 });
    const { lobby } = await joined(url);
    await joined(url, lobby);
    const third = await connect(url);
    third.send({ type: JOIN, id: 0, data: lobby });
    expect(await third.closure()).toEqual({ code: 4000, reason: CloseReason.LOBBY_FULL });
  });

  it("closes a socket that floods past maxMessagesPerSecond with 4000 'Too many messages per second'", async () => {
    const url = await start({ maxMessagesPerSecond: 5 });
    const host = await joined(url);
    const guest = await joined(url, host.lobby);
    for (let i = 0; i < 20; i++) guest.socket.send({ type: OFFER, id: 1, data: `offer ${i}` });
    expect(await guest.socket.closure()).toEqual({ code: 4000, reason: CloseReason.TOO_MANY_MESSAGES });
    // The JOIN spent one of the 5; what refilled meanwhile may add one more.
    const relayed = (): number => host.socket.inbox.filter((m) => m.type === OFFER).length;
    await until(() => relayed() >= 4, "the messages within budget to be relayed");
    expect(relayed()).toBeLessThanOrEqual(5);
  });

  it("lets a socket send steadily below maxMessagesPerSecond", async () => {
    const url = await start({ maxMessagesPerSecond: 50 });
    const host = await joined(url);
    const guest = await joined(url, host.lobby);
    for (let i = 0; i < 30; i++) {
      guest.socket.send({ type: OFFER, id: 1, data: `offer ${i}` });
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await until(() => host.socket.inbox.filter((m) => m.type === OFFER).length === 30, "all 30 offers");
    expect(guest.socket.closed).toBeNull();
  });

  it("closes a frame larger than maxPayload with 1009 and stays up for others", async () => {
    const url = await start({ maxPayload: 1024 });
    const socket = await connect(url);
    socket.send({ type: JOIN, id: 0, data: "x".repeat(2000) });
    expect((await socket.closure()).code).toBe(1009);
    expect((await joined(url)).id).toBe(1);
  });

  it("gives distinct ids in 2…2^31-1 to the members of a lobby, and 1 to its host", async () => {
    const url = await start();
    const host = await joined(url);
    expect(host.id).toBe(1);
    const ids = new Set<number>();
    for (let i = 0; i < 15; i++) ids.add((await joined(url, host.lobby)).id);
    expect(ids.size).toBe(15);
    for (const id of ids) expect(id >= 2 && id <= MAX_PEER_ID && Number.isInteger(id)).toBe(true);
  });

  it("refuses unusable options", async () => {
    await expect(SignalingServer.listen({ port: 0, maxPeers: 0 })).rejects.toThrow(/maxPeers/);
    await expect(SignalingServer.listen({ port: 0, joinTimeout: 1.5 })).rejects.toThrow(/joinTimeout/);
    await expect(SignalingServer.listen({ port: 70000 })).rejects.toThrow(/port/);
  });

  it("cannot be constructed from JavaScript around listen()'s option checks (issue 9)", () => {
    const Constructor = SignalingServer as unknown as new (...args: unknown[]) => SignalingServer;
    expect(() => new Constructor({ port: 0, maxPeers: -1 })).toThrow(TypeError);
    expect(() => new Constructor(Symbol("SignalingServer.listen"), { port: 0 })).toThrow(/SignalingServer\.listen/);
  });

  it("rejects listen() when the port is taken", async () => {
    const url = await start();
    const port = Number(new URL(url).port);
    await expect(SignalingServer.listen({ port, host: "127.0.0.1" })).rejects.toThrow(/EADDRINUSE/);
  });
});

describe("SignalingServer: liveness and shutdown", () => {
  it("pings every socket and drops one that does not answer, keeping one that does", async () => {
    // 250 ms: a loaded machine can delay an answering socket's pong past a shorter period.
    const url = await start({ pingInterval: 250 });
    const answering = await joined(url);
    const silent = await connect(url, { autoPong: false });
    silent.send({ type: JOIN, id: 0, data: answering.lobby });
    await silent.next("ID");
    const { code } = await silent.closure();
    expect(code).toBe(1006);
    await until(() => answering.socket.inbox.some((m) => m.type === MessageType.PEER_DISCONNECT), "the host to hear the silent peer left");
    expect(answering.socket.closed).toBeNull();
  });

  it("close() closes every socket with 1001 'Server shutting down', releases the port and can be called twice", async () => {
    const url = await start();
    const host = await joined(url);
    const idle = await connect(url);
    const server = harness.server;
    const closing = server.close();
    expect(server.close()).toBe(closing);
    await closing;
    expect(await host.socket.closure()).toEqual({ code: 1001, reason: CloseReason.SERVER_SHUTDOWN });
    expect(await idle.closure()).toEqual({ code: 1001, reason: CloseReason.SERVER_SHUTDOWN });
    const again = await SignalingServer.listen({ port: Number(new URL(url).port), host: "127.0.0.1" });
    await again.close();
  });

  it("close() cuts a socket that never finishes the closing handshake after closeGrace", async () => {
    const url = await start({ closeGrace: 100 });
    const stubborn = await connect(url);
    // Stop reading: the close frame is never answered.
    (stubborn.socket as unknown as { _socket: { pause(): void } })._socket.pause();
    const started = Date.now();
    await harness.server.close();
    expect(Date.now() - started).toBeLessThan(1000);
    stubborn.socket.terminate();
  });
});

describe("SignalingServer: malformed input never crashes it", () => {
  it("answers any JSON value from an unjoined socket with a 4000 close or a protocol reply, and keeps serving", async () => {
    const url = await start();
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.json(), fc.string()), async (text) => {
        const socket = await connect(url);
        socket.send(text);
        await until(() => socket.closed !== null || socket.inbox.length > 0, `a reply to ${JSON.stringify(text)}`);
        if (socket.closed) expect(socket.closed.code).toBe(4000);
        else expect(socket.inbox[0]!.type).toBe(ID);
        await socket.close();
      }),
      { numRuns: 60 },
    );
    expect((await joined(url)).id).toBe(1);
  });

  it("answers any message from a member with a relay, a reply or a 4000 close, and keeps serving", async () => {
    const url = await start();
    const host = await joined(url);
    const message = fc.record({ type: fc.integer({ min: 0, max: 12 }), id: fc.oneof(fc.constant(1), fc.integer({ min: 0, max: MAX_PEER_ID })), data: fc.string() });
    await fc.assert(
      fc.asyncProperty(message, async (sent) => {
        const guest = await joined(url, host.lobby);
        guest.socket.send(sent);
        guest.socket.send({ type: OFFER, id: 1, data: "probe" });
        await until(
          () => guest.socket.closed !== null || host.socket.inbox.some((m) => m.type === OFFER && m.id === guest.id && m.data === "probe"),
          `the server to handle ${JSON.stringify(sent)}`,
        );
        if (guest.socket.closed) expect(guest.socket.closed.code).toBe(4000);
        await guest.socket.close();
        host.socket.inbox.length = 0;
      }),
      { numRuns: 40 },
    );
    expect(host.socket.closed).toBeNull();
  });
});

describe("SignalingServer: attached to an HTTP server", () => {
  it("takes upgrades for its path only, leaving other upgrade handlers (a dev server's hot reload) alone", async () => {
    const http = createServer();
    harness.defer(() => new Promise((resolve) => http.close(resolve)));
    const other = new WebSocketServer({ noServer: true });
    http.on("upgrade", (request, socket, head) => {
      if (request.url?.startsWith("/other")) other.handleUpgrade(request, socket, head, (ws) => ws.send("hello from other"));
    });
    const signaling = await SignalingServer.listen({ server: http, path: "/signaling" });
    harness.defer(() => signaling.close());
    expect(signaling.port).toBeNull();
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    const { port } = http.address() as { port: number };
    const host = await joined(`ws://127.0.0.1:${port}/signaling?x=1`);
    expect(host.id).toBe(1);
    const greeting = await new Promise<string>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/other`);
      ws.on("message", (data) => {
        resolve(data.toString());
        ws.close();
      });
      ws.on("error", reject);
    });
    expect(greeting).toBe("hello from other");
    await signaling.close();
    expect(http.listening).toBe(true);
    other.close();
  });
});
