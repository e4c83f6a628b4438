// get_stats() in real Chromium (issue 12.4): the selected pair reads "host" on loopback and "relay" through a
// local coturn, and the transport's RTT agrees (within 2×) with a ping-pong timed on the same data channel. The
// RTT comparison runs on the relayed path with a delay in front of coturn: on bare loopback Chromium reports RTT
// in whole milliseconds (0–3 ms seen) while a ping-pong takes ~0.3 ms, so a ratio there says nothing.
import { expect, test } from "@playwright/test";
import "./support/page-globals";
import { openHarness } from "./support/pages";
import { startDelayProxy } from "./support/delay-proxy";
import { useTurnServer } from "./support/turn-server";

/** What one scenario measured in the page. */
interface Measured {
  stats: Record<string, unknown>[];
  pairChanges: string[][];
  rttSamples: number[];
  pingMs: number[];
  emptyBefore: boolean;
  emptyAfterClose: boolean;
}

const turnServer = useTurnServer(test);
test.beforeEach(async ({ page }) => openHarness(page));

/**
 * Connects two peers with `iceServers` / `policy`, reads get_stats() until both have a pair and an RTT, then
 * times `pings` round trips on the negotiated channel, then waits for `readings` different RTT values on a: b echoes from the browser channel's own message event
 * (no poll() in the way), a stamps the answer the same way, so both figures cover the same network path.
 */
function measure(page: import("@playwright/test").Page, config: RTCConfiguration, pings: number, readings: number): Promise<Measured> {
  return page.evaluate(async ({ config, pings, readings }) => {
    const { harness, GodotWebRTC } = window;
    const { WebRTCPeerConnection } = GodotWebRTC;
    const browserChannels: RTCDataChannel[] = [];
    class Tapped extends RTCPeerConnection {
      override createDataChannel(label: string, init?: RTCDataChannelInit): RTCDataChannel {
        const channel = super.createDataChannel(label, init);
        browserChannels.push(channel);
        return channel;
      }
    }
    WebRTCPeerConnection.set_default_extension(Tapped);
    const [a, b] = [new WebRTCPeerConnection(), new WebRTCPeerConnection()];
    for (const peer of [a, b]) {
      peer.initialize(config);
      peer.set_stats_interval(200);
    }
    WebRTCPeerConnection.set_default_extension(null);
    const emptyBefore = !a.get_stats().has_selected_pair;
    const pairChanges: string[][] = [];
    a.selected_candidate_pair_changed.connect((local, remote, protocol) => pairChanges.push([local, remote, protocol]));
    const channels = [a.create_data_channel("ping", { negotiated: true, id: 5 })!, b.create_data_channel("ping", { negotiated: true, id: 5 })!];
    const stop = harness.pollLoop([a, b]);
    await harness.link(a, b);
    await harness.openChannels(channels);
    const [rawA, rawB] = browserChannels as [RTCDataChannel, RTCDataChannel];
    rawB.addEventListener("message", ({ data }) => rawB.send(data as ArrayBuffer));
    const pingMs: number[] = [];
    for (let i = 0; i < pings; i++) {
      const answered = new Promise<number>((resolve) => rawA.addEventListener("message", () => resolve(performance.now()), { once: true }));
      const sent = performance.now();
      channels[0]!.put_packet(harness.numbered(i, 16));
      pingMs.push((await answered) - sent);
    }
    const rttSamples: number[] = [];
    await harness.until(() => {
      const rtt = a.get_stats().round_trip_time_ms;
      if (rtt !== null && rttSamples.at(-1) !== rtt) rttSamples.push(rtt);
      return rttSamples.length >= readings && b.get_stats().round_trip_time_ms !== null && pairChanges.length > 0;
    }, 20_000, `${readings} different RTT readings on a, one on b, and selected_candidate_pair_changed from a's poll()`);
    const stats = [a.get_stats(), b.get_stats()] as unknown as Record<string, unknown>[];
    stop();
    a.close();
    b.close();
    const emptyAfterClose = !a.get_stats().has_selected_pair;
    return { stats, pairChanges, rttSamples, pingMs, emptyBefore, emptyAfterClose };
  }, { config, pings, readings });
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

test("loopback: get_stats() reads a host/host UDP pair, counts the traffic, and is empty before and after", async ({ page }) => {
  // One RTT reading: on loopback Chromium reports whole milliseconds, and the value may never change.
  const seen = await measure(page, { iceServers: [] }, 10, 1);
  console.log(`[diagnostics] loopback: transport RTT samples ${seen.rttSamples.join(", ")} ms; ping-pong median ${median(seen.pingMs).toFixed(2)} ms; stats ${JSON.stringify(seen.stats[0])}`);
  expect(seen.emptyBefore).toBe(true);
  expect(seen.emptyAfterClose).toBe(true);
  for (const stats of seen.stats) {
    expect(stats).toMatchObject({ has_selected_pair: true, local_candidate_type: "host", remote_candidate_type: "host", protocol: "udp" });
    expect(stats.messages_sent).toBeGreaterThan(0);
    expect(stats.bytes_received).toBeGreaterThan(0);
    expect(stats.round_trip_time_ms).toEqual(expect.any(Number));
  }
  // Chromium may move between host pairs (another interface) before it settles; each one is host/host.
  expect(seen.pairChanges.length).toBeGreaterThan(0);
  for (const change of seen.pairChanges) expect(change).toEqual(["host", "host", "udp"]);
});

test("through coturn with iceTransportPolicy relay: get_stats() reads relay/relay; its RTT is within 2× of a ping-pong on the channel", async ({ page }) => {
  // 10 ms each way in front of coturn: a round trip crosses it four times (a → relay → b and back), ~40 ms.
  const turn = turnServer();
  const proxy = await startDelayProxy(turn.port, 10);
  try {
    const url = `turn:127.0.0.1:${proxy.port}`;
    const config: RTCConfiguration = { iceServers: [{ urls: [url], username: turn.username, credential: turn.credential }], iceTransportPolicy: "relay" };
    const seen = await measure(page, config, 20, 3);
    const rtt = median(seen.rttSamples);
    const ping = median(seen.pingMs);
    console.log(`[diagnostics] relay (+4×10 ms): transport RTT samples ${seen.rttSamples.join(", ")} ms (median ${rtt}); ping-pong median ${ping.toFixed(1)} ms (${seen.pingMs.length} pings); ratio ${(rtt / ping).toFixed(2)}; stats ${JSON.stringify(seen.stats[0])}`);
    for (const stats of seen.stats) {
      expect(stats).toMatchObject({ has_selected_pair: true, local_candidate_type: "relay", remote_candidate_type: "relay", relay_protocol: "udp" });
    }
    // Each allocation pairing is a pair of its own; Chromium may settle on a second relay/relay one.
    expect(seen.pairChanges.length).toBeGreaterThan(0);
    for (const change of seen.pairChanges) expect(change).toEqual(["relay", "relay", "udp"]);
    expect(rtt / ping, `transport RTT ${rtt} ms vs ping-pong ${ping.toFixed(1)} ms`).toBeGreaterThanOrEqual(0.5);
    expect(rtt / ping, `transport RTT ${rtt} ms vs ping-pong ${ping.toFixed(1)} ms`).toBeLessThanOrEqual(2);
  } finally {
    await proxy.stop();
  }
});
