// A shim peer and the real Godot 4.6 peer in one page, both directions: negotiated and in-band channels with
// their options as each side sees them, text and binary packets with was_string_packet on each side, the whole
// Variant corpus through put_var / get_var both ways, candidates that reach the shim before Godot's offer, and
// each side seeing the other close.
import { expect, test } from "@playwright/test";
import { bytes_to_var, var_to_bytes } from "../../src/variant";
import type { WebRTCDataChannel, WebRTCPeerConnection } from "../../src/index";
import { GODOT_TEST_TIMEOUT_MS, startGodot } from "../support/godot-peer";
import { forwardPageProblems } from "../support/pages";
import { corpusGd, VARIANT_CORPUS } from "./variant-corpus";

test.describe.configure({ timeout: GODOT_TEST_TIMEOUT_MS });

const MAIN_GD = `extends Node

var pc := WebRTCPeerConnection.new()
var channels := {}
var reliable: WebRTCDataChannel
var corpus: Array
var described := false
var texts := []
var results := []
var closed_seen := {}


func same(a: Variant, b: Variant) -> bool:
	if typeof(a) == TYPE_FLOAT and typeof(b) == TYPE_FLOAT and is_nan(a) and is_nan(b):
		return true
	return a == b


func describe(ch: WebRTCDataChannel) -> Dictionary:
	return {"label": ch.get_label(), "protocol": ch.get_protocol(), "id": ch.get_id(), "ordered": ch.is_ordered(),
		"max_retransmits": ch.get_max_retransmits(), "max_packet_life_time": ch.get_max_packet_life_time(),
		"negotiated": ch.is_negotiated()}


func _ready() -> void:
	corpus = ${corpusGd()}
	pc.initialize({"iceServers": []})
	reliable = pc.create_data_channel("reliable", {"negotiated": true, "id": 3, "protocol": "p-reliable"})
	channels["reliable"] = reliable
	channels["lossy"] = pc.create_data_channel("lossy", {"negotiated": true, "id": 4, "ordered": false, "maxRetransmits": 0, "protocol": "p-lossy"})
	channels["g-inband"] = pc.create_data_channel("g-inband", {"ordered": false, "maxPacketLifeTime": 500, "protocol": "g-proto"})
	pc.data_channel_received.connect(func(ch: WebRTCDataChannel) -> void: channels[ch.get_label()] = ch)
	Bridge.link_peer(pc)
	pc.create_offer()


func _process(_delta: float) -> void:
	pc.poll()
	if not described:
		if channels.size() < 4 or channels.values().any(func(ch: WebRTCDataChannel) -> bool: return ch.get_ready_state() != WebRTCDataChannel.STATE_OPEN):
			return
		described = true
		var seen := {}
		for label in channels:
			seen[label] = describe(channels[label])
		Bridge.post("channels", seen)
		reliable.write_mode = WebRTCDataChannel.WRITE_MODE_TEXT
		reliable.put_packet("text from godot".to_utf8_buffer())
		reliable.write_mode = WebRTCDataChannel.WRITE_MODE_BINARY
		reliable.put_packet(PackedByteArray([0, 1, 2, 255]))
		for value in corpus:
			reliable.put_var(value)
	while reliable.get_ready_state() == WebRTCDataChannel.STATE_OPEN and reliable.get_available_packet_count() > 0:
		if texts.size() < 2:
			var packet := reliable.get_packet()
			texts.append({"bytes": packet, "was_string": reliable.was_string_packet()})
			if texts.size() == 2:
				Bridge.post("texts", texts)
			continue
		var value: Variant = reliable.get_var()
		var want: Variant = corpus[results.size()]
		results.append({"eq": same(value, want), "type": type_string(typeof(value)), "want": type_string(typeof(want))})
		if results.size() == corpus.size():
			Bridge.post("corpus", results)
	for label in ["s-inband", "reliable"]:
		if described and not closed_seen.has(label) and channels[label].get_ready_state() == WebRTCDataChannel.STATE_CLOSED:
			closed_seen[label] = true
			Bridge.post("closed", label)
	if Bridge.take("close_g_inband") != null:
		channels["g-inband"].close()
`;

/** What the shim side keeps on `window` between the steps of the test. */
interface ShimSide {
  pc: WebRTCPeerConnection;
  channels: Map<string, WebRTCDataChannel>;
  earlyCandidates: number;
  stop: () => void;
}
declare global {
  interface Window {
    /** This spec's shim peer and its channels, kept in the page between steps. */
    shimSide: ShimSide;
  }
}

test("shim ↔ Godot 4.6 in one page: channel options, text/binary, every Variant both ways, early candidates, close", async ({ page }) => {
  forwardPageProblems(page, "godot page");
  const godot = await startGodot(page, { scripts: { "main.gd": MAIN_GD } });

  // Godot offers. The shim gets Godot's candidates before the offer (so it must hold them) and keeps its own
  // candidates to itself, so the connection only comes up if the held candidates were applied.
  const shimChannels = await page.evaluate(async () => {
    const { GodotWebRTC, harness, godotBridge } = window;
    const pc = new GodotWebRTC.WebRTCPeerConnection();
    pc.initialize({ iceServers: [] });
    const channels = new Map<string, WebRTCDataChannel>();
    channels.set("reliable", pc.create_data_channel("reliable", { negotiated: true, id: 3, protocol: "p-reliable" })!);
    channels.set("lossy", pc.create_data_channel("lossy", { negotiated: true, id: 4, ordered: false, maxRetransmits: 0, protocol: "p-lossy" })!);
    channels.set("s-inband", pc.create_data_channel("s-inband", { maxRetransmits: 5, protocol: "s-proto" })!);
    pc.data_channel_received.connect((channel) => channels.set(channel.get_label(), channel));
    pc.session_description_created.connect((type, sdp) => {
      pc.set_local_description(type, sdp);
      godotBridge.send("signal_to_godot", { kind: "sdp", type, sdp });
    });
    const side = { pc, channels, earlyCandidates: 0, stop: harness.pollLoop([pc]) };
    window.shimSide = side;
    let offer: string | null = null;
    let offerApplied = false;
    godotBridge.subscribe("signal_from_godot", (value) => {
      const message = value as { kind: string; sdp: string; media: string; index: number; name: string };
      if (message.kind === "sdp") offer = message.sdp;
      else {
        pc.add_ice_candidate(message.media, message.index, message.name);
        if (!offerApplied) side.earlyCandidates += 1;
      }
    });
    await harness.until(() => offer !== null && side.earlyCandidates > 0, 20_000, "Godot's offer and a first candidate");
    offerApplied = true;
    pc.set_remote_description("offer", offer!);
    await harness.until(() => channels.size === 4 && [...channels.values()].every((c) => c.get_ready_state() === 1), 20_000, "all four channels open");
    const seen: Record<string, unknown> = {};
    for (const [label, c] of channels) {
      seen[label] = { label: c.get_label(), protocol: c.get_protocol(), id: c.get_id(), ordered: c.is_ordered(),
        max_retransmits: c.get_max_retransmits(), max_packet_life_time: c.get_max_packet_life_time(), negotiated: c.is_negotiated() };
    }
    return seen;
  });
  expect(await page.evaluate(() => window.shimSide.earlyCandidates), "candidates held before the offer").toBeGreaterThan(0);

  // The same options on both sides; an unset lifetime or retransmit count reads 0 in Godot's web build (the
  // browser's null through WASM) and 65535 in the shim (what Godot documents): README, "Differences".
  const godotChannels = await godot.next<Record<string, { id: number }>>("channels");
  const inbandIds = { g: godotChannels["g-inband"]!.id, s: godotChannels["s-inband"]!.id };
  const expected = (unset: number) => ({
    reliable: { label: "reliable", protocol: "p-reliable", id: 3, ordered: true, max_retransmits: unset, max_packet_life_time: unset, negotiated: true },
    lossy: { label: "lossy", protocol: "p-lossy", id: 4, ordered: false, max_retransmits: 0, max_packet_life_time: unset, negotiated: true },
    "g-inband": { label: "g-inband", protocol: "g-proto", id: inbandIds.g, ordered: false, max_retransmits: unset, max_packet_life_time: 500, negotiated: false },
    "s-inband": { label: "s-inband", protocol: "s-proto", id: inbandIds.s, ordered: true, max_retransmits: 5, max_packet_life_time: unset, negotiated: false },
  });
  expect(godotChannels, "the channels as Godot sees them").toEqual(expected(0));
  expect(shimChannels, "the channels as the shim sees them").toEqual(expected(65535));
  expect(inbandIds.g, "the two in-band channels got different ids").not.toBe(inbandIds.s);

  // Text and binary, then the corpus, on the reliable channel, both ways.
  const ourBytes = VARIANT_CORPUS.map(({ js }) => [...var_to_bytes(js)]);
  const fromGodot = await page.evaluate(async (corpus) => {
    const { GodotWebRTC, GodotVariant, harness } = window;
    const reliable = window.shimSide.channels.get("reliable")!;
    reliable.set_write_mode(GodotWebRTC.WriteMode.WRITE_MODE_TEXT);
    reliable.put_packet(new TextEncoder().encode("text from shim"));
    reliable.set_write_mode(GodotWebRTC.WriteMode.WRITE_MODE_BINARY);
    reliable.put_packet(new Uint8Array([0, 1, 2, 255]));
    for (const bytes of corpus) reliable.put_var(GodotVariant.bytes_to_var(bytes));
    await harness.packetsArrived(reliable, 2 + corpus.length);
    const packets = [0, 1].map(() => ({ bytes: [...reliable.get_packet()], wasString: reliable.was_string_packet() }));
    const values = corpus.map(() => [...GodotVariant.var_to_bytes(reliable.get_var())]);
    return { packets, values };
  }, ourBytes);
  expect(fromGodot.packets, "Godot's text and binary packets in the shim").toEqual([
    { bytes: [...new TextEncoder().encode("text from godot")], wasString: true },
    { bytes: [0, 1, 2, 255], wasString: false },
  ]);
  VARIANT_CORPUS.forEach(({ gd, js }, i) => {
    expect.soft(bytes_to_var(new Uint8Array(fromGodot.values[i]!)), `Godot's put_var(${gd}) through the shim's get_var`).toStrictEqual(js);
  });
  expect(await godot.next("texts"), "the shim's text and binary packets in Godot").toEqual([
    { bytes: new TextEncoder().encode("text from shim"), was_string: true },
    { bytes: new Uint8Array([0, 1, 2, 255]), was_string: false },
  ]);
  const results = await godot.next<{ eq: boolean; type: string; want: string }[]>("corpus");
  VARIANT_CORPUS.forEach(({ gd }, i) => {
    expect.soft(results[i], `the shim's put_var(${gd}) through Godot's get_var`).toEqual({ eq: true, type: results[i]!.want, want: results[i]!.want });
  });

  // Close: the shim closes its in-band channel, Godot closes its own, then the shim closes the connection.
  await page.evaluate(() => window.shimSide.channels.get("s-inband")!.close());
  expect(await godot.next("closed"), "Godot sees the shim's channel close").toBe("s-inband");
  await godot.send("close_g_inband", true);
  await page.evaluate(() => window.harness.until(() => window.shimSide.channels.get("g-inband")!.get_ready_state() === 3, 20_000, "Godot's in-band channel CLOSED in the shim"));
  await page.evaluate(() => {
    window.shimSide.pc.close();
    window.shimSide.stop();
  });
  expect(await godot.next("closed"), "Godot sees the shim's connection close").toBe("reliable");
});
