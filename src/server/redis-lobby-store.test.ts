// Several SignalingServer instances on one Redis (Debian's redis-server, started here on loopback): lobbies
// spread over instances, races, a SIGKILLed instance, a restarted Redis, a stalled subscriber, hostile input.
// The protocol tests themselves also run on Redis: `SIGNALING_STORE=redis vitest run src/server/signaling-server`.
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CloseReason, MAX_PEER_ID, MessageType } from "../signaling/protocol";
import { until } from "../test-support/ws-test-client";
import type { SignalingServerOptions } from "./server-options";
import { SignalingServer } from "./signaling-server";
import { RedisProcess } from "./testing/redis-process";
import { serverHarness } from "./testing/server-harness";
import { ServerProcess } from "./testing/server-process";

const { JOIN, OFFER, PEER_DISCONNECT, SEAL } = MessageType;
const HEARTBEAT = 200;
const harness = serverHarness();
const { connect, joined } = harness;
let redis: RedisProcess;

beforeAll(async () => {
  redis = await RedisProcess.start();
});
afterAll(() => redis.stop());

/** Starts `count` instances in this process sharing one Redis and one fresh key prefix; returns their URLs. */
async function instances(count: number, options: SignalingServerOptions = {}): Promise<{ urls: string[]; shared: SignalingServerOptions }> {
  const shared = { redis: redis.url, redisPrefix: `t-${randomUUID().slice(0, 8)}:`, heartbeatInterval: HEARTBEAT };
  const urls: string[] = [];
  for (let i = 0; i < count; i++) {
    const server = await SignalingServer.listen({ port: 0, host: "127.0.0.1", ...shared, ...options });
    harness.defer(() => server.close());
    urls.push(`ws://127.0.0.1:${server.port}`);
  }
  return { urls, shared };
}

describe("SignalingServer on Redis: several instances", () => {
  it("gives 50 concurrent joins of one lobby through three instances unique ids and never overfills it", async () => {
    const { urls } = await instances(3, { maxPeersPerLobby: 40 });
    const host = await joined(urls[0]!);
    const attempts = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const socket = await connect(urls[i % 3]!);
        socket.send({ type: JOIN, id: 0, data: host.lobby });
        await until(() => socket.inbox.some((m) => m.type === JOIN) || socket.closed !== null, `join ${i}`, 10_000);
        return socket.closed ? { refused: socket.closed.reason } : { id: socket.inbox[0]!.id };
      }),
    );
    const ids = attempts.flatMap((attempt) => ("id" in attempt && attempt.id !== undefined ? [attempt.id] : []));
    expect(ids.length, "members besides the host (cap 40)").toBe(39);
    expect(new Set(ids).size).toBe(39);
    for (const id of ids) expect(id >= 2 && id <= MAX_PEER_ID).toBe(true);
    expect(attempts.filter((attempt) => "refused" in attempt && attempt.refused === CloseReason.LOBBY_FULL)).toHaveLength(11);
  });

  it("relays across instances, and a seal on the host's instance closes members on the others with 1000 'Seal complete'", async () => {
    const { urls } = await instances(3, { sealTimeout: 300 });
    const host = await joined(urls[0]!);
    const b = await joined(urls[1]!, host.lobby);
    const c = await joined(urls[2]!, host.lobby);
    b.socket.send({ type: OFFER, id: c.id, data: "b to c" });
    await until(() => c.socket.inbox.some((m) => m.type === OFFER && m.id === b.id && m.data === "b to c"), "an offer from instance 2 to instance 3");
    host.socket.send({ type: SEAL, id: 0, data: "" });
    for (const member of [host, b, c]) expect(await member.socket.closure(5000)).toEqual({ code: 1000, reason: CloseReason.SEAL_COMPLETE });
    for (const member of [b, c]) expect(member.socket.inbox.some((m) => m.type === SEAL)).toBe(true);
    const late = await connect(urls[1]!);
    late.send({ type: JOIN, id: 0, data: host.lobby });
    expect((await late.closure()).reason).toMatch(/sealed|does not exists/);
  });

  it("closes members on other instances with 4000 'Room host has disconnected' when the host leaves", async () => {
    const { urls } = await instances(2);
    const host = await joined(urls[0]!);
    const guest = await joined(urls[1]!, host.lobby);
    await host.socket.close();
    expect(await guest.socket.closure()).toEqual({ code: 4000, reason: CloseReason.HOST_DISCONNECTED });
  });

  it("announces the members of a SIGKILLed instance gone within 4 heartbeats, and ends the lobbies it hosted", async () => {
    const { urls, shared } = await instances(1);
    const killed = await ServerProcess.start(shared);
    harness.defer(() => killed.stop("SIGKILL"));
    const survivorHost = await joined(urls[0]!);
    const guestOnKilled = await joined(killed.url, survivorHost.lobby);
    const killedHost = await joined(killed.url);
    const guestOfKilledHost = await joined(urls[0]!, killedHost.lobby);
    const killedAt = performance.now();
    await killed.stop("SIGKILL");
    await until(() => survivorHost.socket.inbox.some((m) => m.type === PEER_DISCONNECT && m.id === guestOnKilled.id), "PEER_DISCONNECT for the killed instance's member", 10_000);
    const announcedAfter = performance.now() - killedAt;
    expect(await guestOfKilledHost.socket.closure(10_000)).toEqual({ code: 4000, reason: CloseReason.HOST_DISCONNECTED });
    console.log(`[15] SIGKILLed instance's members announced gone after ${announcedAfter.toFixed(0)} ms (heartbeat ${HEARTBEAT} ms, bound ${4 * HEARTBEAT} ms + one reap)`);
    // The bound, plus slack for a loaded machine (measured ~660 ms on an idle one).
    expect(announcedAfter).toBeLessThan(4 * HEARTBEAT + 4000);
    const late = await connect(urls[0]!);
    late.send({ type: JOIN, id: 0, data: killedHost.lobby });
    expect(await late.closure()).toEqual({ code: 4000, reason: CloseReason.LOBBY_DOES_NOT_EXIST });
  }, 30_000);

  it("closes every socket with 1011 when Redis goes, refuses new ones, and serves again once Redis is back", async () => {
    const { urls } = await instances(2);
    const host = await joined(urls[0]!);
    const guest = await joined(urls[1]!, host.lobby);
    await redis.stop();
    try {
      for (const member of [host, guest]) expect(await member.socket.closure(5000)).toEqual({ code: 1011, reason: CloseReason.STORE_UNAVAILABLE });
      const during = await connect(urls[1]!).catch(() => null);
      if (during) expect((await during.closure(5000)).code).toBe(1011);
    } finally {
      await redis.restart();
    }
    const again = async (): Promise<boolean> => {
      const probe = await connect(urls[0]!);
      probe.send({ type: JOIN, id: 0, data: "" });
      await until(() => probe.closed !== null || probe.inbox.some((m) => m.type === JOIN), "a join after the restart", 5000);
      return probe.closed === null;
    };
    for (let i = 0; !(await again()); i++) if (i > 40) throw new Error("instance 1 never served again after Redis came back");
    const newHost = await joined(urls[0]!);
    let newGuest: Awaited<ReturnType<typeof joined>> | null = null;
    for (let i = 0; newGuest === null; i++) {
      newGuest = await joined(urls[1]!, newHost.lobby).catch(() => null);
      if (i > 40) throw new Error("instance 2 never served again after Redis came back");
    }
    newGuest.socket.send({ type: OFFER, id: 1, data: "after the restart" });
    await until(() => newHost.socket.inbox.some((m) => m.type === OFFER && m.data === "after the restart"), "a relay across instances after the restart");
  }, 30_000);

  it("keeps relaying between two instances while a third one's process is stopped (a subscriber that reads nothing); reaps it, and it closes its sockets when it runs again", async () => {
    const { urls, shared } = await instances(2);
    const stalled = await ServerProcess.start(shared);
    harness.defer(() => stalled.stop("SIGKILL"));
    const host = await joined(urls[0]!);
    const guest = await joined(urls[1]!, host.lobby);
    const onStalled = await joined(stalled.url, host.lobby);
    stalled.signal("SIGSTOP");
    try {
      const offer = "s".repeat(30 * 1024);
      for (let i = 0; i < 100; i++) host.socket.send({ type: OFFER, id: onStalled.id, data: offer });
      for (let round = 0; round < 20; round++) {
        guest.socket.send({ type: OFFER, id: 1, data: `round ${round}` });
        await until(() => host.socket.inbox.some((m) => m.type === OFFER && m.data === `round ${round}`), `round ${round} between the two running instances`);
      }
      // Stopped past its heartbeat key's expiry, it is reaped like a dead instance…
      await until(() => host.socket.inbox.some((m) => m.type === PEER_DISCONNECT && m.id === onStalled.id), "the stopped instance's member to be announced gone", 10_000);
    } finally {
      stalled.signal("SIGCONT");
    }
    // …and once it runs again it learns so and closes its sockets rather than serve a lobby that forgot them.
    expect(await onStalled.socket.closure(10_000)).toEqual({ code: 1011, reason: CloseReason.STORE_UNAVAILABLE });
    expect(host.socket.closed).toBeNull();
    expect(guest.socket.closed).toBeNull();
  }, 30_000);

  it("resumes a lost member's seat through another instance, unseen by its lobby (resume extension)", async () => {
    const { urls } = await instances(2, { resumeSecret: "shared secret", resumeGrace: 5000 });
    const host = await joined(urls[0]!);
    const member = await connect(urls[0]!);
    member.send({ type: JOIN, id: 0, data: host.lobby, resume: "" });
    await until(() => member.inbox.some((m) => m.type === JOIN), "the member's JOIN confirmation");
    const id = member.inbox[0]!.id;
    const token = member.inbox.find((m) => m.type === JOIN)!.resume!;
    await until(() => host.socket.inbox.some((m) => m.type === MessageType.PEER_CONNECT && m.id === id), "the host to hear of the member");
    member.socket.terminate();
    const resumed = await connect(urls[1]!);
    resumed.send({ type: JOIN, id: 0, data: host.lobby, resume: token });
    await until(() => resumed.inbox.some((m) => m.type === JOIN) || resumed.closed !== null, "the resumed JOIN confirmation");
    expect(resumed.closed).toBeNull();
    expect(resumed.inbox[0]).toMatchObject({ type: MessageType.ID, id });
    host.socket.send({ type: OFFER, id, data: "to the resumed seat" });
    await until(() => resumed.inbox.some((m) => m.type === OFFER && m.data === "to the resumed seat"), "a relay to the seat on its new instance");
    expect(host.socket.inbox.filter((m) => m.id === id && m.type !== OFFER), "the host saw one PEER_CONNECT and no PEER_DISCONNECT").toHaveLength(1);
  });

  it("never lets hostile input sent through one instance reach a lobby on another", async () => {
    const { urls } = await instances(2);
    const attacked = await joined(urls[0]!);
    const bystander = await joined(urls[1]!);
    const neighbour = await joined(urls[0]!, bystander.lobby);
    const message = fc.record({ type: fc.integer({ min: 0, max: 12 }), id: fc.oneof(fc.constant(1), fc.constant(neighbour.id), fc.integer({ min: 0, max: MAX_PEER_ID })), data: fc.oneof(fc.string(), fc.constant(bystander.lobby)) });
    await fc.assert(
      fc.asyncProperty(message, async (sent) => {
        const attacker = await joined(urls[1]!, attacked.lobby);
        attacker.socket.send(sent);
        attacker.socket.send({ type: OFFER, id: 1, data: "probe" });
        await until(() => attacker.socket.closed !== null || attacked.socket.inbox.some((m) => m.data === "probe"), `the server to handle ${JSON.stringify(sent)}`);
        await attacker.socket.close();
        attacked.socket.inbox.length = 0;
      }),
      { numRuns: 30 },
    );
    expect(bystander.socket.inbox.filter((m) => m.type !== MessageType.PEER_CONNECT)).toEqual([]);
    expect(neighbour.socket.inbox).toEqual([]);
    expect(bystander.socket.closed).toBeNull();
  }, 30_000);
});
