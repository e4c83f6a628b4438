// The core in real Chromium, closing: a channel or a whole peer connection closed on one side, as the other side
// sees it. Each test runs in the page (e2e/fixtures/pair.html) and returns what it observed.
import { expect, test } from "@playwright/test";
import "./support/page-globals";
import { openHarness } from "./support/pages";

test.beforeEach(async ({ page }) => openHarness(page));

test("closing a channel on one side closes it on the other; packets received before stay readable", async ({ page }) => {
  const seen = await page.evaluate(async () => {
    const { harness, GodotWebRTC } = window;
    const { STATE_CLOSED } = GodotWebRTC.WebRTCDataChannel;
    const [a, b] = harness.newPair();
    const onA = a.create_data_channel("doomed", { negotiated: true, id: 2 })!;
    const onB = b.create_data_channel("doomed", { negotiated: true, id: 2 })!;
    const stop = harness.pollLoop([a, b]);
    await harness.link(a, b);
    await harness.openChannels([onA, onB]);
    for (const sequence of [0, 1, 2]) onA.put_packet(harness.numbered(sequence));
    onB.put_packet([42]);
    await harness.packetsArrived(onB, 3);
    await harness.packetsArrived(onA, 1);
    onA.close();
    await harness.until(() => onB.get_ready_state() === STATE_CLOSED, 10_000, "b's channel to read STATE_CLOSED");
    const result = {
      states: [onA.get_ready_state(), onB.get_ready_state()],
      onB: harness.firstOutOfOrder(onB, 3),
      onA: Array.from(onA.get_packet()),
      putAfterClose: onB.put_packet([1]),
      peersStillConnected: [a.get_connection_state(), b.get_connection_state()],
    };
    stop();
    a.close();
    b.close();
    return result;
  });

  expect(seen.states).toEqual([3, 3]);
  expect(seen.onB, "packets received before the close were lost or reordered").toBe(-1);
  expect(seen.onA, "the closing side lost what it had received").toEqual([42]);
  expect(seen.putAfterClose, "put_packet on a closed channel is ERR_UNCONFIGURED").toBe(3);
  expect(seen.peersStillConnected, "closing a channel must not close the connection").toEqual([2, 2]);
});

test("closing the peer connection on one side closes the other side's channels; their packets stay readable", async ({ page }) => {
  const seen = await page.evaluate(async () => {
    const { harness, GodotWebRTC } = window;
    const { STATE_CLOSED } = GodotWebRTC.WebRTCDataChannel;
    const [a, b] = harness.newPair();
    const onA = a.create_data_channel("data", { negotiated: true, id: 2 })!;
    const onB = b.create_data_channel("data", { negotiated: true, id: 2 })!;
    const stop = harness.pollLoop([a, b]);
    await harness.link(a, b);
    await harness.openChannels([onA, onB]);
    onA.put_packet([1, 2, 3]);
    onB.put_packet([4, 5]);
    await harness.packetsArrived(onB, 1);
    await harness.packetsArrived(onA, 1);
    const started = performance.now();
    a.close();
    const closedSide = { connection: a.get_connection_state(), signaling: a.get_signaling_state() };
    await harness.until(() => onA.get_ready_state() === STATE_CLOSED, 10_000, "a's own channel to read STATE_CLOSED after a.close()");
    await harness.until(() => onB.get_ready_state() === STATE_CLOSED, 10_000, "b's channel to read STATE_CLOSED after a.close()");
    const result = {
      closedSide,
      closeTookMs: performance.now() - started,
      onB: Array.from(onB.get_packet()),
      onA: Array.from(onA.get_packet()),
      idempotent: (a.close(), a.get_connection_state()),
    };
    stop();
    b.close();
    return result;
  });

  expect(seen.closedSide).toEqual({ connection: 5, signaling: 5 });
  expect(seen.onB, "b lost a packet received before a closed").toEqual([1, 2, 3]);
  expect(seen.onA, "a lost a packet received before its own close()").toEqual([4, 5]);
  expect(seen.idempotent).toBe(5);
});
