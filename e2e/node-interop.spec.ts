// A Node peer (node-datachannel, i.e. libdatachannel: the stack of Godot's native webrtc plugin) and a Chromium
// page connect through a loopback relay and exchange packets on negotiated and in-band channels, reliable and
// unreliable, in binary, text and put_var form. The page echoes what it gets, so both directions are checked.
import { expect, test } from "@playwright/test";
import { WebSocket } from "ws";
import { shutdownNodeDataChannel, useNodeDataChannel, Vector2, WebRTCDataChannel, WebRTCPeerConnection } from "../src/node";
import { openHarness } from "./support/pages";
import { startRelay, type Relay } from "./support/relay";

type Library = typeof import("../src/index");
/** A signal as it crosses the relay (the same shape e2e/fixtures/relay-peer.ts uses). */
type RelayedSignal = { kind: "description"; type: string; sdp: string } | { kind: "candidate"; media: string; index: number; name: string };

/** Polls the Node peer until `done()` holds; fails naming `what` after `ms`. */
async function until(what: string, peer: WebRTCPeerConnection, done: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    peer.poll();
    if (done()) return;
    if (Date.now() > deadline) throw new Error(`Node side: timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

let relay: Relay;
let socket: WebSocket | null = null;
let peer: WebRTCPeerConnection | null = null;
test.beforeAll(() => {
  expect(useNodeDataChannel()).toBe(0);
});
test.beforeEach(async () => {
  relay = await startRelay();
});
test.afterEach(async () => {
  peer?.close();
  socket?.close();
  await relay.close();
});
test.afterAll(() => {
  WebRTCPeerConnection.set_default_extension(null);
  shutdownNodeDataChannel();
});

test("a Node peer and a Chromium page exchange packets on negotiated and in-band channels, reliable and unreliable", async ({ page }) => {
  await openHarness(page);
  // The page: answers, makes the two negotiated channels, takes the in-band ones, and echoes every packet
  // (the "chat" channel decodes with get_var and answers with put_var).
  await page.evaluate(async (url) => {
    const { WebRTCPeerConnection: PeerConnection, WebRTCDataChannel: Channel } = (window as unknown as { GodotWebRTC: Library }).GodotWebRTC;
    const pc = new PeerConnection();
    pc.initialize({ iceServers: [] });
    const ws = new WebSocket(url);
    await new Promise((resolve, reject) => {
      ws.onopen = resolve;
      ws.onerror = () => reject(new Error(`page: could not reach the relay at ${url}`));
    });
    const send = (signal: RelayedSignal): void => ws.send(JSON.stringify(signal));
    pc.session_description_created.connect((type, sdp) => {
      pc.set_local_description(type, sdp);
      send({ kind: "description", type, sdp });
    });
    pc.ice_candidate_created.connect((media, index, name) => send({ kind: "candidate", media, index, name }));
    ws.onmessage = ({ data }) => {
      const signal = JSON.parse(String(data)) as RelayedSignal;
      if (signal.kind === "description") pc.set_remote_description(signal.type, signal.sdp);
      else pc.add_ice_candidate(signal.media, signal.index, signal.name);
    };
    const channels = [
      pc.create_data_channel("reliable", { negotiated: true, id: 1 })!,
      pc.create_data_channel("unreliable", { negotiated: true, id: 2, ordered: false, maxRetransmits: 0 })!,
    ];
    pc.data_channel_received.connect((channel) => channels.push(channel));
    setInterval(() => {
      pc.poll();
      for (const channel of channels) {
        while (channel.get_available_packet_count() > 0) {
          if (channel.get_label() === "chat") {
            channel.put_var({ echo: channel.get_var(), from: "chromium" });
            continue;
          }
          const packet = channel.get_packet();
          channel.set_write_mode(channel.was_string_packet() ? Channel.WRITE_MODE_TEXT : Channel.WRITE_MODE_BINARY);
          channel.put_packet(packet);
        }
      }
    }, 4);
    Object.assign(window, { interop: { pc, channels } });
  }, relay.url);

  // The Node side: offers, and makes the negotiated channels plus two in-band ones.
  const ws = new WebSocket(relay.url);
  socket = ws;
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  await relay.waitForClients(2);
  const node = new WebRTCPeerConnection();
  peer = node;
  expect(node.initialize({ iceServers: [] })).toBe(0);
  const send = (signal: RelayedSignal): void => ws.send(JSON.stringify(signal));
  node.session_description_created.connect((type, sdp) => {
    node.set_local_description(type, sdp);
    send({ kind: "description", type, sdp });
  });
  node.ice_candidate_created.connect((media, index, name) => send({ kind: "candidate", media, index, name }));
  ws.on("message", (data) => {
    const signal = JSON.parse(String(data)) as RelayedSignal;
    if (signal.kind === "description") node.set_remote_description(signal.type, signal.sdp);
    else node.add_ice_candidate(signal.media, signal.index, signal.name);
  });
  const channels = {
    reliable: node.create_data_channel("reliable", { negotiated: true, id: 1 }),
    unreliable: node.create_data_channel("unreliable", { negotiated: true, id: 2, ordered: false, maxRetransmits: 0 }),
    chat: node.create_data_channel("chat"),
    positions: node.create_data_channel("positions", { ordered: false, maxRetransmits: 0 }),
  };
  const all = Object.values(channels).filter((c): c is WebRTCDataChannel => c !== null);
  expect(all).toHaveLength(4);
  expect(node.create_offer()).toBe(0);

  await until("STATE_CONNECTED", node, () => node.get_connection_state() === WebRTCPeerConnection.STATE_CONNECTED);
  await until("all four channels to open", node, () => all.every((c) => c.get_ready_state() === WebRTCDataChannel.STATE_OPEN));
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { interop: { channels: WebRTCDataChannel[] } }).interop.channels.map((c) => `${c.get_label()}:${c.get_ready_state()}`).sort()), {
      message: "the page has all four channels open",
    })
    .toEqual(["chat:1", "positions:1", "reliable:1", "unreliable:1"]);

  // Binary and text on every raw channel, echoed back by Chromium on the same channel.
  const raw = [channels.reliable, channels.unreliable, channels.positions] as WebRTCDataChannel[];
  raw.forEach((channel, index) => {
    channel.set_write_mode(WebRTCDataChannel.WRITE_MODE_BINARY);
    expect(channel.put_packet(Uint8Array.of(index, 0xff, 0, 7))).toBe(0);
    channel.set_write_mode(WebRTCDataChannel.WRITE_MODE_TEXT);
    expect(channel.put_packet(new TextEncoder().encode(`hello ${channel.get_label()} ✓`))).toBe(0);
  });
  expect(channels.chat?.put_var({ n: 1, pos: new Vector2(1.5, -2), big: 2n ** 40n, tags: ["a", "é"] })).toBe(0);

  await until("two echoes on each raw channel and one on chat", node, () =>
    raw.every((c) => c.get_available_packet_count() === 2) && channels.chat?.get_available_packet_count() === 1);
  for (const [index, channel] of raw.entries()) {
    // The unreliable channels are unordered: take the two echoes in whichever order they came.
    const echoes = [0, 1].map(() => ({ bytes: channel.get_packet(), text: channel.was_string_packet() }));
    const binary = echoes.find((e) => !e.text);
    const text = echoes.find((e) => e.text);
    expect(binary?.bytes, `binary echo on ${channel.get_label()}`).toEqual(Uint8Array.of(index, 0xff, 0, 7));
    expect(new TextDecoder().decode(text?.bytes), `text echo on ${channel.get_label()}`).toBe(`hello ${channel.get_label()} ✓`);
  }
  expect(channels.chat?.get_var()).toEqual({ echo: { n: 1, pos: new Vector2(1.5, -2), big: 2 ** 40, tags: ["a", "é"] }, from: "chromium" });
});
