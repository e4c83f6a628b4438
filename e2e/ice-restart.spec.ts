// restart_ice() in real Chromium (issue 12.1): two WebRTCPeerConnections in one page, a sequence-numbered stream
// on a reliable channel, and an ICE restart in the middle of it — by the offerer, then by the answerer. The new
// offer carries fresh ICE credentials, goes through the same signals as the first, and the stream loses nothing:
// the SCTP association, the channels, their ids and their queues are those of before.
import { expect, test } from "@playwright/test";
import "./support/page-globals";
import { openHarness } from "./support/pages";

test.beforeEach(async ({ page }) => openHarness(page));

test("an ICE restart mid-stream, from either side: fresh credentials, same channels, every packet once and in order", async ({ page }) => {
  const seen = await page.evaluate(async () => {
    const { harness } = window;
    const [a, b] = harness.newPair();
    const sender = a.create_data_channel("stream", { negotiated: true, id: 1 })!;
    const receiver = b.create_data_channel("stream", { negotiated: true, id: 1 })!;
    const ufrags: Record<string, string[]> = { a: [], b: [] };
    const offers: string[] = [];
    for (const [name, peer] of [["a", a], ["b", b]] as const) {
      peer.session_description_created.connect((type, sdp) => {
        if (type === "offer") offers.push(name);
        ufrags[name]!.push(/a=ice-ufrag:(\S+)/.exec(sdp)?.[1] ?? "?");
      });
    }
    const failures: string[] = [];
    for (const peer of [a, b]) peer.operation_failed.connect((operation, message) => failures.push(`${operation}: ${message}`));
    const stop = harness.pollLoop([a, b]);
    await harness.link(a, b);
    await harness.openChannels([sender, receiver]);

    // The stream: a numbered packet every 2 ms (a game's tick is slower); the receiver checks each one.
    let next = 0;
    let expected = 0;
    let outOfOrder = -1;
    const pump = setInterval(() => {
      for (let i = 0; i < 4; i++) if (sender.put_packet(harness.numbered(next)) === 0) next++;
      while (receiver.get_available_packet_count() > 0) {
        const got = harness.sequenceOf(receiver.get_packet());
        if (got !== expected && outOfOrder < 0) outOfOrder = expected;
        expected++;
      }
    }, 2);
    const ids = [sender.get_id(), receiver.get_id()];
    const restarts: number[] = [];
    for (const [restarter, peer] of [["a", a], ["b", b]] as const) {
      const from = expected;
      await harness.until(() => expected >= from + 300, 15_000, `300 packets before ${restarter}'s restart`);
      const before = ufrags[restarter]!.length;
      const start = performance.now();
      if (peer.restart_ice() !== 0) throw new Error(`${restarter}.restart_ice() did not return OK`);
      await harness.until(() => ufrags[restarter]!.length > before, 10_000, `${restarter}'s restart offer`);
      await harness.until(() => a.get_signaling_state() === 0 && b.get_signaling_state() === 0 && a.get_connection_state() === 2 && b.get_connection_state() === 2, 15_000, `${restarter}'s restart answered and connected`);
      restarts.push(performance.now() - start);
      const after = expected;
      await harness.until(() => expected >= after + 300, 15_000, `300 packets after ${restarter}'s restart`);
    }
    clearInterval(pump);
    const sent = next;
    await harness.until(() => {
      while (receiver.get_available_packet_count() > 0) {
        const got = harness.sequenceOf(receiver.get_packet());
        if (got !== expected && outOfOrder < 0) outOfOrder = expected;
        expected++;
      }
      return expected === sent;
    }, 15_000, "every packet sent to arrive");
    stop();
    const result = {
      sent, received: expected, outOfOrder, failures, offers, ufrags, restarts,
      idsKept: sender.get_id() === ids[0] && receiver.get_id() === ids[1],
      open: [sender.get_ready_state(), receiver.get_ready_state()],
    };
    a.close();
    b.close();
    return result;
  });

  console.log(`ICE restart mid-stream: ${seen.sent} packets, restart → answered and connected in ${seen.restarts.map((ms) => `${ms.toFixed(0)} ms`).join(" (a), ")} (b)`);
  expect(seen.failures).toEqual([]);
  expect(seen.offers).toEqual(["a", "a", "b"]); // the first offer, a's restart, b's restart
  // Fresh ICE credentials in every restart offer and in the answers to them.
  for (const name of ["a", "b"] as const) expect(new Set(seen.ufrags[name]).size, `${name}'s ufrags ${seen.ufrags[name]!.join(", ")}`).toBe(seen.ufrags[name]!.length);
  expect(seen.received).toBe(seen.sent);
  expect(seen.outOfOrder).toBe(-1);
  expect(seen.idsKept).toBe(true);
  expect(seen.open).toEqual([1, 1]);
});
