// The lobby client against servers the test plays (issue 13: hostile peers and servers): foreign servers that
// announce more than ours does, and hostile ones that flood, lie about ids or send frames built to freeze the
// game loop. Each attack is measured as a game would feel it: the longest frame (one poll() plus the socket
// events between two frames), the client's heap growth and the time until the client is calm again.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { WebRTCPeerConnection } from "../peer-connection/webrtc-peer-connection";
import { FakeRTCPeerConnection, FakeRTCPeerConnectionConstructor } from "../test-support/fake-rtc";
import { until } from "../test-support/ws-test-client";
import { fakesOf, player, pump, scripted, stopPlayers, type Player, type ScriptedServer } from "./lobby-test-kit";
import { MAX_CANDIDATES_PER_PEER, SETUPS_PER_POLL } from "./lobby-peers";
import { encodeCandidate, encodeMessage, MessageType } from "./protocol";

const servers: ScriptedServer[] = [];

beforeEach(() => {
  FakeRTCPeerConnection.reset();
  WebRTCPeerConnection.set_default_extension(FakeRTCPeerConnectionConstructor);
});

afterEach(async () => {
  vi.restoreAllMocks();
  stopPlayers();
  for (const server of servers.splice(0)) await server.close();
  WebRTCPeerConnection.set_default_extension(null);
});

async function server(script: Parameters<typeof scripted>[0]): Promise<ScriptedServer> {
  const made = await scripted(script);
  servers.push(made);
  return made;
}

/** What an attack cost the game loop: the longest frame (gap between two frames), and heap growth. */
interface Cost {
  longestFrameMs: number;
  heapGrowthMiB: number;
  elapsedMs: number;
}

/** Runs a 4 ms game loop on `who` until `done()` holds, measuring what it cost. */
async function underAttack(who: Player, done: () => boolean, what: string): Promise<Cost> {
  const heapBefore = process.memoryUsage().heapUsed;
  const start = performance.now();
  let last = start;
  let longest = 0;
  await pump(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    return done();
  }, what, 20_000);
  const cost = { longestFrameMs: Math.round(longest), heapGrowthMiB: (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20, elapsedMs: Math.round(performance.now() - start) };
  // The figures docs/reliability.md quotes ("Hostile servers").
  process.stdout.write(`hostile server, ${what}: ${JSON.stringify(cost)}\n`);
  return cost;
}

const joinAs = (id: number, mesh = true): string[] => [encodeMessage(MessageType.ID, id, String(mesh)), encodeMessage(MessageType.JOIN, 0, "L")];

describe("SignalingClient: talking to other servers", () => {
  it("as a client, connects only to the host when a server (Godot's Node one) announces every member", async () => {
    const fake = await server([encodeMessage(MessageType.ID, 5, ""), encodeMessage(MessageType.PEER_CONNECT, 1), encodeMessage(MessageType.PEER_CONNECT, 7), encodeMessage(MessageType.JOIN, 0, "L")]);
    const guest = player();
    guest.client.start(fake.url, "L", false);
    await pump(() => guest.events.includes("lobby_joined L") && fakesOf(guest).length === 1, "the scripted lobby");
    expect(guest.client.multiplayer_peer.has_peer(1)).toBe(true);
    expect(guest.client.multiplayer_peer.has_peer(7)).toBe(false);
    expect(fakesOf(guest)).toHaveLength(1);
  });

  it("ignores frames from the server that are not protocol messages", async () => {
    const fake = await server([Buffer.from([1, 2, 3]), "not json", '{"type":1,"id":"x"}', encodeMessage(MessageType.ID, 1, "true"), encodeMessage(99, 0), encodeMessage(MessageType.CANDIDATE, 1, "bad"), encodeMessage(MessageType.JOIN, 0, "L")]);
    const host = player();
    host.client.start(fake.url);
    await pump(() => host.events.includes("lobby_joined L"), "the scripted lobby");
    expect(host.events).toEqual(["connected 1 true", "lobby_joined L"]);
  });
});

describe("SignalingClient: hostile servers (issue 13)", () => {
  it("13.2 no cap on announced peers: 10,000 PEER_CONNECTs in one burst open at most max_peers_per_lobby - 1 connections, a few per frame", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const fake = await server((send) => {
      joinAs(1).forEach(send);
      for (let id = 2; id < 10_002; id++) send(encodeMessage(MessageType.PEER_CONNECT, id));
    });
    const host = player({ max_peers_per_lobby: 64 });
    host.client.start(fake.url);
    const cost = await underAttack(host, () => errors.mock.calls.some((call) => /9000 refused so far/.test(String(call[0]))) && fakesOf(host).length === 63, "10,000 PEER_CONNECTs");
    expect(fakesOf(host)).toHaveLength(63);
    expect(Object.keys(host.client.multiplayer_peer.get_peers())).toHaveLength(63);
    const logged = errors.mock.calls.map((call) => String(call[0]));
    expect(logged[0]).toMatch(/refused PEER_CONNECT for peer 65: the lobby would hold more than max_peers_per_lobby \(64\) peers \(1 refused so far\)/);
    expect(logged.length).toBeLessThan(30); // one line per refusal would be 9,937

    expect(cost.heapGrowthMiB).toBeLessThan(64);
    expect(cost.longestFrameMs).toBeLessThan(1000);
  });

  it("13.2 sets up at most SETUPS_PER_POLL announced peers per poll(), so a burst cannot freeze one frame", async () => {
    const fake = await server((send) => {
      joinAs(1).forEach(send);
      for (let id = 2; id < 40; id++) send(encodeMessage(MessageType.PEER_CONNECT, id));
      send(encodeMessage(MessageType.SEAL, 0));
    });
    const host = player();
    host.client.start(fake.url);
    // No frame runs until the whole burst is in (the SEAL after it is read from the socket, not from poll()).
    await until(() => host.client.is_sealed(), "the burst to arrive");
    expect(fakesOf(host)).toHaveLength(0);
    const counts: number[] = [];
    while (fakesOf(host).length < 38) {
      const before = fakesOf(host).length;
      host.client.poll();
      counts.push(fakesOf(host).length - before);
    }
    expect(Math.max(...counts)).toBe(SETUPS_PER_POLL);
    expect(counts.length).toBeGreaterThanOrEqual(Math.ceil(38 / SETUPS_PER_POLL));
  });

  it("13.4 a PEER_CONNECT carrying the client's own id adds itself as a peer: refused and logged; so are id 0 and duplicates", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const fake = await server([...joinAs(9), encodeMessage(MessageType.PEER_CONNECT, 9), encodeMessage(MessageType.PEER_CONNECT, 0), encodeMessage(MessageType.PEER_CONNECT, 3), encodeMessage(MessageType.PEER_CONNECT, 3), encodeMessage(MessageType.PEER_CONNECT, 2147483648)]);
    const member = player();
    member.client.start(fake.url);
    await pump(() => member.events.includes("lobby_joined L") && fakesOf(member).length === 1, "the scripted lobby");
    for (let frame = 0; frame < 5; frame++) member.client.poll();
    expect(Object.keys(member.client.multiplayer_peer.get_peers())).toEqual(["3"]);
    expect(fakesOf(member)).toHaveLength(1);
    const logged = errors.mock.calls.map((call) => String(call[0]));
    expect(logged.some((line) => /refused PEER_CONNECT for peer 9: that is our own id/.test(line))).toBe(true);
    expect(logged.some((line) => /refused PEER_CONNECT for peer 0: the id is outside 1…2147483647/.test(line))).toBe(true);
    expect(logged.some((line) => /refused PEER_CONNECT for peer 3: already announced/.test(line))).toBe(true);
  });

  it("13.5 a 1.2 MB SDP with 20,000 candidates and JSON nested a million levels deep are dropped before parsing", async () => {
    const warnings = vi.spyOn(console, "warn").mockImplementation(() => {});
    const hugeSdp = "v=0\r\n" + "a=candidate:1 1 udp 2122252543 10.0.0.1 50000 typ host\r\n".repeat(20_000);
    const deep = "[".repeat(1_000_000) + "]".repeat(1_000_000);
    const fake = await server([...joinAs(1), encodeMessage(MessageType.PEER_CONNECT, 2), encodeMessage(MessageType.OFFER, 2, hugeSdp), deep, deep, encodeMessage(MessageType.SEAL, 0)]);
    const host = player();
    host.client.start(fake.url);
    const cost = await underAttack(host, () => host.events.includes("lobby_sealed") && fakesOf(host).length === 1, "1.2 MB SDP + 2 × 2 MB nesting");
    expect(fakesOf(host)[0]!.callsOf("setRemoteDescription")).toHaveLength(0);
    expect(warnings.mock.calls.filter((call) => /ignored a \d+-character frame from the server \(max_message_size 65536/.test(String(call[0])))).toHaveLength(3);
    expect(cost.longestFrameMs).toBeLessThan(1000);
    expect(cost.heapGrowthMiB).toBeLessThan(64);
  });

  it("13.5 an SDP small enough to parse but carrying 1,000 candidate lines is not handed to the browser", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const sdp = "v=0\r\n" + "a=candidate:1 1 udp 1 1.1.1.1 9 typ host\r\n".repeat(1000);
    const fake = await server([...joinAs(1), encodeMessage(MessageType.PEER_CONNECT, 2), encodeMessage(MessageType.OFFER, 2, sdp), encodeMessage(MessageType.OFFER, 2, "v=0\r\na=candidate:1 1 udp 1 1.1.1.1 9 typ host\r\n"), encodeMessage(MessageType.SEAL, 0)]);
    const host = player({ max_message_size: 1 << 20 });
    host.client.start(fake.url);
    await pump(() => host.events.includes("lobby_sealed") && fakesOf(host).length === 1, "the scripted lobby");
    await pump(() => fakesOf(host)[0]!.callsOf("setRemoteDescription").length > 0, "an offer to be applied");
    for (let frame = 0; frame < 5; frame++) host.client.poll();
    const applied = fakesOf(host)[0]!.callsOf("setRemoteDescription").map((call) => (call.args[0] as RTCSessionDescriptionInit).sdp);
    expect(applied).toEqual(["v=0\r\na=candidate:1 1 udp 1 1.1.1.1 9 typ host\r\n"]);
  });

  it("13.5 a peer streaming candidates is held to MAX_CANDIDATES_PER_PEER per description, the rest dropped and warned", async () => {
    const warnings = vi.spyOn(console, "warn").mockImplementation(() => {});
    const fake = await server((send) => {
      [...joinAs(1), encodeMessage(MessageType.PEER_CONNECT, 2)].forEach(send);
      for (let n = 0; n < 5000; n++) send(encodeMessage(MessageType.CANDIDATE, 2, encodeCandidate("0", 0, `candidate:${n} 1 udp 1 10.0.0.1 ${n} typ host`)));
      send(encodeMessage(MessageType.SEAL, 0));
    });
    const host = player();
    host.client.start(fake.url);
    await pump(() => host.events.includes("lobby_sealed") && fakesOf(host).length === 1, "the candidate flood");
    const peerConnection = host.client.multiplayer_peer.get_peer(2).connection!;
    expect(peerConnection).toBeInstanceOf(WebRTCPeerConnection);
    expect(warnings.mock.calls.some((call) => /dropping candidates from peer 2: more than 256 for one description/.test(String(call[0])))).toBe(true);
    // Held (no remote description yet) by the connection, at most the bound of them.
    peerConnection.set_remote_description("offer", "v=0 fake");
    expect(fakesOf(host)[0]!.callsOf("addIceCandidate").length).toBeLessThanOrEqual(MAX_CANDIDATES_PER_PEER);
  });
});
