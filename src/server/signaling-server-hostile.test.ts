// Issue 13's findings against the server, each with its measured bound: a member that stops reading (server RSS,
// measured on a server in a child process), half-sent upgrade requests (time to close, counted toward
// maxPeers), and the operators' metrics endpoint. Same harness as the other server tests.
import { connect as tcpConnect, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { MIB } from "../godot/limits";
import { CloseReason, MessageType } from "../signaling/protocol";
import { until } from "../test-support/ws-test-client";
import { DEFAULT_OPTIONS } from "./server-options";
import { REFUSAL_SLOTS } from "./signaling-server";
import { serverHarness } from "./testing/server-harness";
import { ServerProcess } from "./testing/server-process";

const { OFFER, PEER_DISCONNECT } = MessageType;
const harness = serverHarness();
const { start, connect, joined } = harness;

/** Opens a TCP connection that sends half an upgrade request and nothing more; resolves with it and its close. */
async function halfSentUpgrade(port: number): Promise<{ socket: Socket; closed: Promise<number>; answer: () => string }> {
  const socket = tcpConnect(port, "127.0.0.1");
  socket.on("error", () => {});
  let answer = "";
  socket.on("data", (chunk: Buffer) => (answer += chunk.toString())); // reading the 408 lets its close be seen
  harness.defer(() => void socket.destroy());
  await new Promise((resolve) => socket.once("connect", resolve));
  socket.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n");
  const opened = performance.now();
  return { socket, closed: new Promise((resolve) => socket.once("close", () => resolve(performance.now() - opened))), answer: () => answer };
}

describe("SignalingServer: hostile peers (issue 13)", () => {
  it("closes a member that stops reading as 'not reading', tells its lobby, keeps the senders, and bounds the server's RSS (13.1)", async () => {
    const server = await ServerProcess.start({ metricsPort: 0, ...harness.store() });
    harness.defer(() => server.stop());
    const host = await joined(server.url);
    const senders = [host, ...(await Promise.all([1, 2, 3].map(() => joined(server.url, host.lobby))))];
    const deaf = await joined(server.url, host.lobby);
    (deaf.socket.socket as unknown as { _socket: Socket })._socket.pause();
    const offer = "o".repeat(60 * 1024);
    const before = server.memory().rss;
    let highest = before;
    const started = performance.now();
    const toldAll = (): boolean => senders.every(({ socket }) => socket.inbox.some((m) => m.type === PEER_DISCONNECT && m.id === deaf.id));
    // Four members send 60 KiB OFFERs at 200/s each (under the 256/s rate limit) to the one that reads nothing.
    while (!toldAll()) {
      if (performance.now() - started > 10_000) throw new Error(`the deaf member was not closed within 10 s; server RSS ${(before / MIB).toFixed(1)} → ${(highest / MIB).toFixed(1)} MiB`);
      for (const { socket } of senders) for (let i = 0; i < 10 && socket.socket.readyState === socket.socket.OPEN; i++) socket.send({ type: OFFER, id: deaf.id, data: offer });
      await new Promise((resolve) => setTimeout(resolve, 50));
      highest = Math.max(highest, server.memory().rss);
    }
    const closedAfter = performance.now() - started;
    const growth = Math.max(highest, server.memory().peak) - before;
    console.log(`[13.1] deaf member closed after ${closedAfter.toFixed(0)} ms; server RSS ${(before / MIB).toFixed(1)} MiB, peak +${(growth / MIB).toFixed(1)} MiB`);
    expect(growth, "server RSS growth while 4 members flood a deaf one (1 MiB queue bound)").toBeLessThan(48 * MIB);
    for (const { socket } of senders) expect(socket.closed, "a sender").toBeNull();
    const [a, b] = senders as [(typeof senders)[0], (typeof senders)[0]];
    a.socket.send({ type: OFFER, id: b.id, data: "still relayed" });
    await until(() => b.socket.inbox.some((m) => m.type === OFFER && m.data === "still relayed"), "a relay between two senders after the attack");
    const metrics = await (await fetch(`http://127.0.0.1:${server.metricsPort}/metrics`)).text();
    expect(metrics).toContain(`signaling_refusals_total{reason="${CloseReason.NOT_READING}"} 1`);
    expect(metrics, "offers that crossed the deaf member's PEER_DISCONNECT are dropped and counted").toMatch(/signaling_undeliverable_total \d+/);
    deaf.socket.socket.terminate();
  }, 30_000);

  it("closes a half-sent upgrade request after requestTimeout and counts it toward maxPeers (13.5)", async () => {
    const url = await start({ requestTimeout: 500, maxPeers: 2 });
    const port = harness.server.port!;
    const slow = await halfSentUpgrade(port);
    await until(() => harness.server.stats().pendingUpgrades === 1, "the half-sent upgrade to be counted");
    const closedAfter = await Promise.race([slow.closed, new Promise<number>((resolve) => setTimeout(() => resolve(Infinity), 5000))]);
    console.log(`[13.5] half-sent upgrade closed after ${closedAfter.toFixed(0)} ms (requestTimeout 500 ms)`);
    expect(closedAfter, "time for the server to close a half-sent upgrade (requestTimeout 500 ms)").toBeLessThan(5000);
    expect(slow.answer()).toMatch(/^HTTP\/1\.1 408/);
    await until(() => harness.server.stats().pendingUpgrades === 0, "the closed upgrade to be uncounted");

    for (let i = 0; i < 2 + REFUSAL_SLOTS; i++) await halfSentUpgrade(port);
    await until(() => harness.server.stats().pendingUpgrades === 2 + REFUSAL_SLOTS, "every half-sent upgrade to be counted");
    const refused = await halfSentUpgrade(port);
    await refused.closed;
    expect(refused.answer(), "a connection past maxPeers + REFUSAL_SLOTS is dropped without an answer, not timed out with 408").toBe("");
    expect(harness.server.stats().refusals[CloseReason.TOO_MANY_PEERS]).toBe(1);
    expect(url).toMatch(/^ws:/);
  });

  it("serves /metrics and /health on metricsPort only, never on the signaling port (13.5)", async () => {
    const url = await start({ metricsPort: 0 });
    const server = harness.server;
    expect(DEFAULT_OPTIONS).not.toHaveProperty("metricsPort");
    await joined(url);
    const garbled = await connect(url);
    garbled.send("not json");
    await garbled.closure();
    const base = `http://127.0.0.1:${server.metricsPort}`;
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain("signaling_peers 1\n");
    expect(metrics).toContain("signaling_lobbies 1\n");
    expect(metrics).toMatch(/signaling_queued_bytes \d+\n/);
    expect(metrics).toContain(`signaling_refusals_total{reason="${CloseReason.INVALID_FORMAT}"} 1\n`);
    const health = await fetch(`${base}/health`);
    expect([health.status, await health.text()]).toEqual([200, "ok\n"]);
    const onPublic = await fetch(`http://127.0.0.1:${server.port}/metrics`);
    expect(onPublic.status, "the signaling port answers plain HTTP with 426 Upgrade Required").toBe(426);
  });

  it("has no metrics endpoint unless metricsPort is given", async () => {
    await start();
    expect(harness.server.metricsPort).toBeNull();
  });
});
