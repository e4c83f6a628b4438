// @vitest-environment node
// get_stats() in Node on node-datachannel (useNodeDataChannel): two peers on loopback read a host pair and an RTT
// in milliseconds. Regression: node-datachannel 0.33 reports round-trip times in ms where the W3C stats say
// seconds, so a 3 ms loopback RTT read 3000 ms until NodeRTCPeerConnection converted it.
import { RTCPeerConnection as PolyfillPeerConnection } from "node-datachannel/polyfill";
import { afterAll, expect, it, vi } from "vitest";
import { GodotError } from "../godot/godot-error";
import { NodeRTCPeerConnection, shutdownNodeDataChannel, useNodeDataChannel, WebRTCPeerConnection } from "../node";

afterAll(() => {
  WebRTCPeerConnection.set_default_extension(null);
  shutdownNodeDataChannel();
});

it("NodeRTCPeerConnection.getStats() gives the pair's round-trip times in seconds (the polyfill's are in ms)", async () => {
  const polyfill = vi.spyOn(PolyfillPeerConnection.prototype, "getStats").mockResolvedValue(
    new Map([["P", { id: "P", type: "candidate-pair", currentRoundTripTime: 3, totalRoundTripTime: 12 }]]) as unknown as RTCStatsReport,
  );
  const pc = new NodeRTCPeerConnection({ iceServers: [] });
  const report = (await pc.getStats()) as unknown as Map<string, Record<string, unknown>>;
  pc.close();
  polyfill.mockRestore();
  expect(report.get("P")).toMatchObject({ currentRoundTripTime: 0.003, totalRoundTripTime: 0.012 });
});

it("two Node peers on loopback: get_stats() reads a host candidate and an RTT in ms, not seconds × 1000", async () => {
  expect(useNodeDataChannel()).toBe(GodotError.OK);
  const [a, b] = [new WebRTCPeerConnection(), new WebRTCPeerConnection()];
  for (const peer of [a, b]) {
    peer.initialize({ iceServers: [] });
    peer.set_stats_interval(100);
  }
  for (const [from, to] of [[a, b], [b, a]] as const) {
    from.session_description_created.connect((type, sdp) => {
      from.set_local_description(type, sdp);
      to.set_remote_description(type, sdp);
    });
    from.ice_candidate_created.connect((media, index, name) => to.add_ice_candidate(media, index, name));
  }
  const channel = a.create_data_channel("probe", { negotiated: true, id: 1 })!;
  b.create_data_channel("probe", { negotiated: true, id: 1 });
  a.create_offer();
  const deadline = Date.now() + 15_000;
  while (a.get_stats().round_trip_time_ms === null) {
    if (Date.now() > deadline) throw new Error(`no RTT within 15 s; stats ${JSON.stringify(a.get_stats())}`);
    a.poll();
    b.poll();
    if (channel.get_ready_state() === 1) channel.put_packet([1]);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const stats = a.get_stats();
  a.close();
  b.close();
  expect(stats.has_selected_pair).toBe(true);
  expect(stats.local_candidate_type).toBe("host");
  // Loopback answers within milliseconds; the unconverted figure was a thousand times that.
  expect(stats.round_trip_time_ms).toBeLessThan(1000);
}, 30_000);
