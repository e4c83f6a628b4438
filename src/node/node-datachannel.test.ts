// @vitest-environment node
import { RTCPeerConnection as PolyfillPeerConnection } from "node-datachannel/polyfill";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { GodotError } from "../godot/godot-error";
import { Vector2 } from "../variant/vector2";
import { linkDirectly } from "../test-support/signaling-relay";
import { until } from "../test-support/until";
import { shutdownNodeDataChannel, useNodeDataChannel, WebRTCDataChannel, WebRTCPeerConnection } from "../node";

/** Polls `peers` (a game's frame) until `done()` holds, or fails with `what` after `ms`. */
function polling(what: string, peers: WebRTCPeerConnection[], done: () => boolean, ms = 10_000): Promise<void> {
  return until(done, what, ms, () => {
    for (const peer of peers) peer.poll();
  });
}

const opened: WebRTCPeerConnection[] = [];
beforeAll(() => {
  expect(useNodeDataChannel()).toBe(GodotError.OK);
});
afterEach(() => {
  for (const peer of opened.splice(0)) peer.close();
});
afterAll(() => {
  WebRTCPeerConnection.set_default_extension(null);
  shutdownNodeDataChannel();
});

function newPeer(): WebRTCPeerConnection {
  const peer = new WebRTCPeerConnection();
  expect(peer.initialize({ iceServers: [] })).toBe(GodotError.OK);
  opened.push(peer);
  return peer;
}

describe("node-datachannel's polyfill fits what the library relies on", () => {
  it("its objects are EventTargets whose listeners an AbortSignal detaches (the listener bag)", () => {
    const pc = new PolyfillPeerConnection({ iceServers: [] });
    const channel = pc.createDataChannel("probe");
    const controller = new AbortController();
    let calls = 0;
    channel.addEventListener("message", () => calls++, { signal: controller.signal });
    channel.dispatchEvent(new MessageEvent("message", { data: "x" }));
    controller.abort();
    channel.dispatchEvent(new MessageEvent("message", { data: "y" }));
    expect(calls).toBe(1);
    channel.binaryType = "arraybuffer";
    expect(channel.binaryType).toBe("arraybuffer");
    pc.close();
  });
});

describe("two Node peers over loopback with iceServers: []", () => {
  it("connect and exchange packets on negotiated and in-band channels, reliable and unreliable", async () => {
    const a = newPeer();
    const b = newPeer();
    linkDirectly(a, b);
    const reliableA = a.create_data_channel("reliable", { negotiated: true, id: 1 });
    const reliableB = b.create_data_channel("reliable", { negotiated: true, id: 1 });
    const unreliableA = a.create_data_channel("unreliable", { negotiated: true, id: 2, ordered: false, maxRetransmits: 0 });
    const unreliableB = b.create_data_channel("unreliable", { negotiated: true, id: 2, ordered: false, maxRetransmits: 0 });
    const inBandReliable = a.create_data_channel("chat");
    const inBandUnreliable = a.create_data_channel("positions", { ordered: false, maxPacketLifeTime: 100 });
    const received = new Map<string, WebRTCDataChannel>();
    b.data_channel_received.connect((channel) => received.set(channel.get_label(), channel));
    expect(a.create_offer()).toBe(GodotError.OK);

    await polling("both connections to be connected", [a, b], () =>
      a.get_connection_state() === WebRTCPeerConnection.STATE_CONNECTED && b.get_connection_state() === WebRTCPeerConnection.STATE_CONNECTED);
    const channels = [reliableA, reliableB, unreliableA, unreliableB, inBandReliable, inBandUnreliable];
    await polling("every channel to open on both sides", [a, b], () =>
      received.size === 2 && [...channels, ...received.values()].every((c) => c?.get_ready_state() === WebRTCDataChannel.STATE_OPEN));

    const chat = received.get("chat");
    const positions = received.get("positions");
    expect(chat?.is_negotiated()).toBe(false);
    expect(inBandUnreliable?.is_ordered()).toBe(false);
    expect(inBandUnreliable?.get_max_packet_life_time()).toBe(100);
    expect(unreliableB?.get_max_retransmits()).toBe(0);
    // node-datachannel limitation: a received channel always reports ordered / no lifetime / no retransmit
    // limit, whatever the creator asked for (libdatachannel does not expose them); the transport still honours them.
    expect(positions?.is_ordered()).toBe(true);

    const pairs: [WebRTCDataChannel | null | undefined, WebRTCDataChannel | null | undefined][] = [
      [reliableA, reliableB],
      [reliableB, reliableA],
      [unreliableA, unreliableB],
      [inBandReliable, chat],
      [inBandUnreliable, positions],
    ];
    for (const [index, [from]] of pairs.entries()) {
      expect(from?.put_packet(Uint8Array.of(index, 1, 2, 3))).toBe(GodotError.OK);
    }
    await polling("one packet on every receiving channel", [a, b], () => pairs.every(([, to]) => to?.get_available_packet_count() === 1));
    for (const [index, [, to]] of pairs.entries()) {
      expect(to?.get_packet()).toEqual(Uint8Array.of(index, 1, 2, 3));
      expect(to?.was_string_packet()).toBe(false);
    }

    // Text mode and put_var work the same as in the browser.
    reliableA?.set_write_mode(WebRTCDataChannel.WRITE_MODE_TEXT);
    reliableA?.put_packet(new TextEncoder().encode("héllo"));
    chat && inBandReliable?.put_var({ pos: new Vector2(1, 2), big: 2n ** 40n + 1n });
    await polling("the text packet and the put_var packet", [a, b], () =>
      reliableB?.get_available_packet_count() === 1 && chat?.get_available_packet_count() === 1);
    expect(new TextDecoder().decode(reliableB?.get_packet())).toBe("héllo");
    expect(reliableB?.was_string_packet()).toBe(true);
    expect(chat?.get_var()).toEqual({ pos: new Vector2(1, 2), big: 2 ** 40 + 1 });
  });

  it("close() on one side closes the channels on the other", async () => {
    const a = newPeer();
    const b = newPeer();
    linkDirectly(a, b);
    const sent = a.create_data_channel("game");
    let got: WebRTCDataChannel | null = null;
    b.data_channel_received.connect((channel) => (got = channel));
    a.create_offer();
    await polling("the in-band channel to open", [a, b], () => got?.get_ready_state() === WebRTCDataChannel.STATE_OPEN);
    a.close();
    // node-datachannel closes a channel on the next tick (a browser moves to "closing" at once).
    await polling("both ends of the channel to close", [b], () =>
      sent?.get_ready_state() === WebRTCDataChannel.STATE_CLOSED && (got as WebRTCDataChannel | null)?.get_ready_state() === WebRTCDataChannel.STATE_CLOSED);
  });
});

describe("regression: on Node, remote candidates that arrive before the remote description were lost", () => {
  it("the answerer's candidates reach the offerer before the answer: they are held, applied after it, and the peers connect", async () => {
    const a = newPeer();
    const b = newPeer();
    const failures: string[] = [];
    for (const peer of [a, b]) peer.operation_failed.connect((operation, message) => failures.push(`${operation}: ${message}`));
    const early: [string, number, string][] = [];
    let answer: string | null = null;
    a.session_description_created.connect((type, sdp) => {
      a.set_local_description(type, sdp);
      b.set_remote_description(type, sdp);
    });
    a.ice_candidate_created.connect((media, index, name) => b.add_ice_candidate(media, index, name));
    // The answer is held back until b's candidates have all been handed to a.
    b.session_description_created.connect((type, sdp) => {
      b.set_local_description(type, sdp);
      answer = sdp;
    });
    b.ice_candidate_created.connect((media, index, name) => {
      early.push([media, index, name]);
      a.add_ice_candidate(media, index, name);
    });
    const channel = a.create_data_channel("game", { negotiated: true, id: 1 });
    const other = b.create_data_channel("game", { negotiated: true, id: 1 });
    a.create_offer();
    await polling("b's answer and candidates", [a, b], () => answer !== null && early.length > 0 && b.get_gathering_state() === 2);
    a.set_remote_description("answer", answer as unknown as string);
    await polling("both ends of the channel to open", [a, b], () =>
      channel?.get_ready_state() === WebRTCDataChannel.STATE_OPEN && other?.get_ready_state() === WebRTCDataChannel.STATE_OPEN);
    expect(failures).toEqual([]);
  });
});
