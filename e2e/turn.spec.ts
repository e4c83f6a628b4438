// A real TURN relay (Debian's coturn on 127.0.0.1, started by the test with a generated user and password)
// between two peers in one Chromium page, with iceTransportPolicy "relay": the only way through is the relay.
// Then a wrong password, and the relay going away under a live connection. Figures go to docs/reliability.md.
import { expect, test } from "@playwright/test";
import "./support/page-globals";
import { openHarness } from "./support/pages";
import { startTurnServer, type TurnServer } from "./support/turn-server";

/** What `iceServers` gets: the relay's URL and a user and password (right or wrong). */
interface RelayLogin {
  url: string;
  username: string;
  credential: string;
}

let turn: TurnServer;

test.beforeAll(async () => {
  turn = await startTurnServer();
});

test.afterAll(async () => {
  await turn?.stop();
});

test.beforeEach(async ({ page }) => openHarness(page));

function login(server: TurnServer, credential = server.credential): RelayLogin {
  return { url: server.url, username: server.username, credential };
}

test("with iceTransportPolicy relay, two peers connect through coturn only and exchange data", async ({ page }) => {
  const seen = await page.evaluate(async ({ url, username, credential }) => {
    const { harness, GodotWebRTC } = window;
    const { WebRTCPeerConnection } = GodotWebRTC;
    const { RecordingPeerConnection } = harness;
    const first = RecordingPeerConnection.instances.length;
    WebRTCPeerConnection.set_default_extension(RecordingPeerConnection);
    const [a, b] = [new WebRTCPeerConnection(), new WebRTCPeerConnection()];
    const initialized = [a, b].map((peer) => peer.initialize({ iceServers: [{ urls: [url], username, credential }], iceTransportPolicy: "relay" }));
    WebRTCPeerConnection.set_default_extension(null);
    const browserPcs = RecordingPeerConnection.instances.slice(first);
    const candidates: string[] = [];
    const failures: string[] = [];
    for (const peer of [a, b]) {
      peer.ice_candidate_created.connect((_media, _index, name) => candidates.push(name));
      peer.operation_failed.connect((operation, message) => failures.push(`${operation}: ${message}`));
    }
    const negotiatedA = a.create_data_channel("game", { negotiated: true, id: 3 })!;
    const negotiatedB = b.create_data_channel("game", { negotiated: true, id: 3 })!;
    const inBand = a.create_data_channel("chat")!;
    let received: ReturnType<typeof a.create_data_channel> = null;
    b.data_channel_received.connect((channel) => (received = channel));
    const stop = harness.pollLoop([a, b]);
    const started = performance.now();
    await harness.link(a, b);
    const connectMs = performance.now() - started;
    await harness.until(() => received !== null, 10_000, "data_channel_received on b");
    await harness.openChannels([negotiatedA, negotiatedB, inBand, received!]);
    negotiatedA.put_packet(new TextEncoder().encode("through the relay"));
    negotiatedB.put_packet(new Uint8Array([0, 1, 2, 253, 254, 255]));
    received!.put_packet(new TextEncoder().encode("in-band back"));
    await harness.packetsArrived(negotiatedB, 1);
    await harness.packetsArrived(negotiatedA, 1);
    await harness.packetsArrived(inBand, 1);
    const packets = {
      toB: harness.readAll(negotiatedB).map(({ bytes, wasString }) => ({ text: new TextDecoder().decode(new Uint8Array(bytes)), wasString })),
      toA: harness.readAll(negotiatedA),
      inBandToA: harness.readAll(inBand).map(({ bytes }) => new TextDecoder().decode(new Uint8Array(bytes))),
    };
    // The pair ICE chose, from the browser's own statistics: both ends must be relay candidates.
    const selectedPairs: { local: unknown; remote: unknown }[] = [];
    for (const pc of browserPcs) {
      const stats = [...(await pc.getStats()).values()] as Record<string, unknown>[];
      const byId = new Map(stats.map((entry) => [entry.id, entry]));
      const transport = stats.find((entry) => entry.type === "transport" && entry.selectedCandidatePairId);
      const pair = byId.get(transport?.selectedCandidatePairId);
      selectedPairs.push({
        local: byId.get(pair?.localCandidateId)?.candidateType,
        remote: byId.get(pair?.remoteCandidateId)?.candidateType,
      });
    }
    stop();
    a.close();
    b.close();
    return { initialized, browserPcs: browserPcs.length, connectMs, candidates, failures, packets, selectedPairs };
  }, login(turn));

  console.log(`[turn] relay-only connect took ${seen.connectMs.toFixed(0)} ms`);
  expect(seen.initialized).toEqual([0, 0]);
  expect(seen.browserPcs).toBe(2);
  expect(seen.candidates.length, "no candidate was emitted").toBeGreaterThan(0);
  for (const candidate of seen.candidates) expect(candidate, "a non-relay candidate was emitted").toMatch(/ typ relay( |$)/);
  expect(seen.selectedPairs).toEqual([{ local: "relay", remote: "relay" }, { local: "relay", remote: "relay" }]);
  expect(seen.packets).toEqual({
    toB: [{ text: "through the relay", wasString: false }],
    toA: [{ bytes: [0, 1, 2, 253, 254, 255], wasString: false }],
    inBandToA: ["in-band back"],
  });
  expect(seen.failures).toEqual([]);
});

test("a wrong TURN password: no candidate, operation_failed(\"ice_candidate\", \"…401…\") within 5 s, then STATE_FAILED within 10 s", async ({ page }) => {
  const seen = await page.evaluate(async ({ url, username, credential }) => {
    const { harness, GodotWebRTC } = window;
    const { WebRTCPeerConnection } = GodotWebRTC;
    const [a, b] = [new WebRTCPeerConnection(), new WebRTCPeerConnection()];
    for (const peer of [a, b]) peer.initialize({ iceServers: [{ urls: [url], username, credential }], iceTransportPolicy: "relay" });
    const candidates: string[] = [];
    const failures: { peer: string; operation: string; message: string; ms: number }[] = [];
    const started = performance.now();
    for (const [name, peer] of [["a", a], ["b", b]] as const) {
      peer.ice_candidate_created.connect((_media, _index, candidate) => candidates.push(candidate));
      peer.operation_failed.connect((operation, message) => failures.push({ peer: name, operation, message, ms: performance.now() - started }));
    }
    a.create_data_channel("game", { negotiated: true, id: 3 });
    b.create_data_channel("game", { negotiated: true, id: 3 });
    harness.wire(a, b);
    const stop = harness.pollLoop([a, b]);
    a.create_offer();
    await harness.until(() => failures.some(({ peer }) => peer === "a") && failures.some(({ peer }) => peer === "b"), 5_000, "operation_failed on both peers");
    await harness.until(() => a.get_gathering_state() === 2 && b.get_gathering_state() === 2, 10_000, "gathering complete on both peers");
    await harness.until(() => a.get_connection_state() === 4 && b.get_connection_state() === 4, 10_000, "STATE_FAILED on both peers");
    const failedMs = performance.now() - started;
    const states = [a.get_connection_state(), b.get_connection_state()];
    await harness.until(() => failures.filter(({ operation }) => operation === "gather_candidates").length === 2, 5_000, "gather_candidates reported by both peers");
    stop();
    a.close();
    b.close();
    return { candidates, failures, states, failedMs };
  }, login(turn, "not-the-password"));

  const slowest = Math.max(...seen.failures.map(({ ms }) => ms));
  console.log(`[turn] wrong password: ${seen.failures.length} operation_failed, last after ${slowest.toFixed(0)} ms; STATE_FAILED after ${seen.failedMs.toFixed(0)} ms`);
  expect(seen.candidates).toEqual([]);
  const byRelay = seen.failures.filter(({ operation }) => operation === "ice_candidate");
  expect(byRelay.length).toBeGreaterThan(0);
  for (const failure of byRelay) expect(failure.message).toMatch(new RegExp(`^${turn.url.replace(/\./g, "\\.")}\\S*: 401 `));
  // Chromium 156 keeps connectionState "new" forever here (measured: still so after 100 s); the library reads
  // STATE_FAILED once gathering completes without a candidate, and says why.
  expect(seen.failures.filter(({ operation }) => operation === "gather_candidates").map(({ peer }) => peer).sort()).toEqual(["a", "b"]);
  expect(seen.states).toEqual([4, 4]);
});

test("the relay stops under a live connection: DISCONNECTED, then FAILED within 45 s with channels CLOSED; a packet that arrived before stays readable", async ({ page }) => {
  test.setTimeout(120_000);
  const own = await startTurnServer();
  try {
    await page.evaluate(async ({ url, username, credential }) => {
      const { harness, GodotWebRTC } = window;
      const [a, b] = [new GodotWebRTC.WebRTCPeerConnection(), new GodotWebRTC.WebRTCPeerConnection()];
      for (const peer of [a, b]) peer.initialize({ iceServers: [{ urls: [url], username, credential }], iceTransportPolicy: "relay" });
      const channels = [a.create_data_channel("game", { negotiated: true, id: 3 })!, b.create_data_channel("game", { negotiated: true, id: 3 })!];
      const stop = harness.pollLoop([a, b]);
      await harness.link(a, b);
      await harness.openChannels(channels);
      channels[0]!.put_packet(new TextEncoder().encode("before the relay went away"));
      await harness.packetsArrived(channels[1]!, 1);
      Object.assign(window, { relayPair: { a, b, channels, stop } });
    }, login(own));
    await own.stop();
    const seen = await page.evaluate(async () => {
      const { harness } = window;
      const { a, b, channels, stop } = (window as unknown as { relayPair: { a: any; b: any; channels: any[]; stop: () => void } }).relayPair;
      const started = performance.now();
      const firstDrop: number[] = [];
      const lostOrFailed = (peer: any): boolean => peer.get_connection_state() === 3 || peer.get_connection_state() === 4;
      await harness.until(() => {
        if (firstDrop.length === 0 && (lostOrFailed(a) || lostOrFailed(b))) firstDrop.push(performance.now() - started);
        return lostOrFailed(a) && lostOrFailed(b);
      }, 45_000, "both peers DISCONNECTED or FAILED after the relay stopped");
      const bothMs = performance.now() - started;
      const statesAtLoss = [a.get_connection_state(), b.get_connection_state()];
      // DISCONNECTED may still recover; wait for the browser to give up (FAILED) and the channels to close.
      await harness.until(() => a.get_connection_state() === 4 && b.get_connection_state() === 4, 45_000, "both peers FAILED after the relay stopped");
      const failedMs = performance.now() - started;
      // Chromium 156 keeps the browser's channels "open" after ICE failed (still so 150 s later); the shim's read CLOSED.
      const channelStatesAtFailed = channels.map((channel) => channel.get_ready_state());
      const unread = new TextDecoder().decode(channels[1].get_packet());
      stop();
      a.close();
      b.close();
      return { channelStatesAtFailed, firstMs: firstDrop[0] ?? bothMs, bothMs, statesAtLoss, failedMs, states: [a.get_connection_state(), b.get_connection_state()], unread };
    });
    console.log(`[turn] relay stopped: first peer lost after ${seen.firstMs.toFixed(0)} ms, both after ${seen.bothMs.toFixed(0)} ms (states ${seen.statesAtLoss.join(", ")}), FAILED after ${seen.failedMs.toFixed(0)} ms, channel ready states then ${seen.channelStatesAtFailed.join(", ")}`);
    expect(seen.unread).toBe("before the relay went away");
    expect(seen.channelStatesAtFailed, "channels of the FAILED connection").toEqual([3, 3]);
    expect(seen.states).toEqual([5, 5]); // STATE_CLOSED after close()
  } finally {
    await own.stop();
  }
});
