// The core in real Chromium, opening channels: in-band and negotiated channels between two WebRTCPeerConnections
// in one page (no server), and the options the receiving side reads. Each test runs in the page (e2e/fixtures/pair.html) and returns what it observed.
import { expect, test } from "@playwright/test";
import "./support/page-globals";
import { openHarness } from "./support/pages";

test.beforeEach(async ({ page }) => openHarness(page));

test("an in-band channel arrives through data_channel_received with its label and protocol", async ({ page }) => {
  const seen = await page.evaluate(async () => {
    const { harness, GodotWebRTC } = window;
    const [a, b] = harness.newPair();
    const sent = a.create_data_channel("chat", { protocol: "chat-v1" })!;
    const received: InstanceType<typeof GodotWebRTC.WebRTCDataChannel>[] = [];
    b.data_channel_received.connect((channel) => received.push(channel));
    const stop = harness.pollLoop([a, b]);
    await harness.link(a, b);
    await harness.until(() => received.length > 0, 10_000, "data_channel_received on b");
    const [channel] = received;
    await harness.openChannels([sent, channel!]);
    sent.put_packet(new TextEncoder().encode("hi"));
    await harness.packetsArrived(channel!, 1);
    const result = {
      count: received.length,
      isDataChannel: channel instanceof GodotWebRTC.WebRTCDataChannel,
      label: channel!.get_label(),
      protocol: channel!.get_protocol(),
      negotiated: channel!.is_negotiated(),
      sameId: channel!.get_id() === sent.get_id(),
      packet: new TextDecoder().decode(channel!.get_packet()),
    };
    stop();
    a.close();
    b.close();
    return result;
  });

  expect(seen).toEqual({ count: 1, isDataChannel: true, label: "chat", protocol: "chat-v1", negotiated: false, sameId: true, packet: "hi" });
});

test("a negotiated channel uses the same id on both sides and never fires data_channel_received", async ({ page }) => {
  const seen = await page.evaluate(async () => {
    const { harness } = window;
    const [a, b] = harness.newPair();
    const onA = a.create_data_channel("game", { negotiated: true, id: 7 })!;
    const onB = b.create_data_channel("game", { negotiated: true, id: 7 })!;
    // An in-band channel beside it proves data_channel_received works in this very connection.
    a.create_data_channel("lobby");
    const receivedLabels: string[] = [];
    for (const peer of [a, b]) peer.data_channel_received.connect((channel) => receivedLabels.push(channel.get_label()));
    const stop = harness.pollLoop([a, b]);
    await harness.link(a, b);
    await harness.openChannels([onA, onB]);
    await harness.until(() => receivedLabels.length > 0, 10_000, "the in-band lobby channel on b");
    onA.put_packet([1]);
    onB.put_packet([2]);
    await harness.packetsArrived(onA, 1);
    await harness.packetsArrived(onB, 1);
    const result = {
      ids: [onA.get_id(), onB.get_id()],
      negotiated: [onA.is_negotiated(), onB.is_negotiated()],
      packets: [Array.from(onA.get_packet()), Array.from(onB.get_packet())],
      receivedLabels,
    };
    stop();
    a.close();
    b.close();
    return result;
  });

  expect(seen.ids).toEqual([7, 7]);
  expect(seen.negotiated).toEqual([true, true]);
  expect(seen.packets).toEqual([[2], [1]]);
  expect(seen.receivedLabels, "only the in-band channel may arrive through data_channel_received").toEqual(["lobby"]);
});

test("an unordered maxRetransmits: 0 channel shows its options on the receiving side", async ({ page }) => {
  const seen = await page.evaluate(async () => {
    const { harness, GodotWebRTC } = window;
    const [a, b] = harness.newPair();
    a.create_data_channel("fast", { ordered: false, maxRetransmits: 0 });
    a.create_data_channel("reliable");
    const received = new Map<string, InstanceType<typeof GodotWebRTC.WebRTCDataChannel>>();
    b.data_channel_received.connect((channel) => received.set(channel.get_label(), channel));
    const stop = harness.pollLoop([a, b]);
    await harness.link(a, b);
    await harness.until(() => received.size === 2, 10_000, "both channels on b");
    const options = (label: string) => {
      const channel = received.get(label)!;
      return { ordered: channel.is_ordered(), retransmits: channel.get_max_retransmits(), lifetime: channel.get_max_packet_life_time() };
    };
    const result = { fast: options("fast"), reliable: options("reliable") };
    stop();
    a.close();
    b.close();
    return result;
  });

  expect(seen.fast).toEqual({ ordered: false, retransmits: 0, lifetime: 65535 });
  expect(seen.reliable, "a reliable channel reads 65535 for both unset limits").toEqual({ ordered: true, retransmits: 65535, lifetime: 65535 });
});
