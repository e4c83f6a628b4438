// What README's "Differences from Godot" and docs/native-godot.md say about Godot's web build, checked against
// the real Godot 4.6 engine next to a shim peer: signals fire without poll(), candidates before the remote
// description, an empty put_packet, a bogus write mode, the 64 KiB receive ring, unread packets on close, and
// the lifetime WebRTCMultiplayerPeer's channels 2 and 3 do not get.
import { expect, test } from "@playwright/test";
import type { WebRTCDataChannel } from "../../src/index";
import { GODOT_TEST_TIMEOUT_MS, startGodot } from "../support/godot-peer";
import { forwardPageProblems } from "../support/pages";

test.describe.configure({ timeout: GODOT_TEST_TIMEOUT_MS });

const MAIN_GD = `extends Node

var pc := WebRTCPeerConnection.new()
var main: WebRTCDataChannel
var spare: WebRTCDataChannel
var frames := 0
var offer_frame := -1
var ice_codes := []
var reported_open := false
var reading := false
var last_count := -1
var stable_frames := 0
var spare_reported := false


func _ready() -> void:
	pc.initialize({"iceServers": []})
	main = pc.create_data_channel("main", {"negotiated": true, "id": 1})
	spare = pc.create_data_channel("spare", {"negotiated": true, "id": 2})
	pc.session_description_created.connect(func(type: String, sdp: String) -> void:
		if offer_frame < 0:
			offer_frame = frames
		pc.set_local_description(type, sdp)
		Bridge.post("signal_from_godot", {"kind": "sdp", "type": type, "sdp": sdp}))
	pc.ice_candidate_created.connect(func(media: String, index: int, name: String) -> void:
		Bridge.post("signal_from_godot", {"kind": "ice", "media": media, "index": index, "name": name}))
	pc.create_offer()
	Bridge.post("mp_layout", multiplayer_layout())


## The channels WebRTCMultiplayerPeer makes for a peer, as that peer's channels read their options.
func multiplayer_layout() -> Array:
	var mp := WebRTCMultiplayerPeer.new()
	mp.create_mesh(1)
	var other := WebRTCPeerConnection.new()
	other.initialize({"iceServers": []})
	mp.add_peer(other, 2)
	var layout := []
	for ch: WebRTCDataChannel in mp.get_peer(2)["channels"]:
		layout.append({"label": ch.get_label(), "id": ch.get_id(), "ordered": ch.is_ordered(), "negotiated": ch.is_negotiated(),
			"max_packet_life_time": ch.get_max_packet_life_time(), "max_retransmits": ch.get_max_retransmits()})
	mp.close()
	return layout


func _process(_delta: float) -> void:
	frames += 1
	if frames > 30:
		pc.poll()
	if frames == 31:
		Bridge.post("offer_frame", offer_frame)
	var message: Variant = Bridge.take("signal_to_godot")
	while message != null:
		if message["kind"] == "sdp":
			Bridge.post("ice_codes", ice_codes)
			pc.set_remote_description(message["type"], message["sdp"])
		else:
			ice_codes.append(pc.add_ice_candidate(message["media"], int(message["index"]), message["name"]))
		message = Bridge.take("signal_to_godot")
	if not reported_open and main.get_ready_state() == WebRTCDataChannel.STATE_OPEN:
		reported_open = true
		Bridge.post("empty_put", main.put_packet(PackedByteArray()))
		main.put_packet("after empty".to_utf8_buffer())
		main.set("write_mode", 7)
		main.put_packet("bogus mode".to_utf8_buffer())
		Bridge.post("bogus_mode", main.get_write_mode())
		Bridge.post("open", true)
	if Bridge.take("count") != null:
		reading = true
	if reading:
		var count := main.get_available_packet_count()
		stable_frames = stable_frames + 1 if count == last_count else 0
		last_count = count
		if stable_frames == 20:
			reading = false
			Bridge.post("ring_count", count)
	if not spare_reported and reported_open and spare.get_ready_state() == WebRTCDataChannel.STATE_CLOSED:
		spare_reported = true
		var left := spare.get_available_packet_count()
		spare.get_packet()
		Bridge.post("spare_after_close", {"count": left, "error": spare.get_packet_error()})
`;

interface Side {
  main: WebRTCDataChannel;
  spare: WebRTCDataChannel;
}
declare global {
  interface Window {
    /** This spec's shim channels. */
    quirkSide: Side;
  }
}

test("Godot 4.6's web build behaves as README's Differences table says", async ({ page }) => {
  forwardPageProblems(page, "godot page");
  const uncaught: string[] = [];
  page.on("pageerror", (error) => uncaught.push(error.message));
  const godot = await startGodot(page, { scripts: { "main.gd": MAIN_GD } });

  // WebRTCMultiplayerPeer's channels: negotiated ids 1-3; the misspelt maxPacketLifetime leaves 2 and 3 without a
  // lifetime, so they are reliable (README: "ordered" / "unreliable" channels).
  const channel = (id: number, label: string, ordered: boolean) => ({ label, id, ordered, negotiated: true, max_packet_life_time: 0, max_retransmits: 0 });
  expect(await godot.next("mp_layout"), "Godot's multiplayer channels").toEqual([
    channel(1, "reliable", true), channel(2, "ordered", true), channel(3, "unreliable", false),
  ]);

  // The web build emits session_description_created without poll() (the README: "synchronously").
  expect(await godot.next("offer_frame"), "frame of the offer signal, with no poll() before frame 31").toBeLessThan(31);

  // The shim answers; its candidates reach Godot before the answer does.
  await page.evaluate(async () => {
    const { GodotWebRTC, harness, godotBridge } = window;
    const pc = new GodotWebRTC.WebRTCPeerConnection();
    pc.initialize({ iceServers: [] });
    const side = {
      main: pc.create_data_channel("main", { negotiated: true, id: 1 })!,
      spare: pc.create_data_channel("spare", { negotiated: true, id: 2 })!,
    };
    window.quirkSide = side;
    let answer: string | null = null;
    let candidates = 0;
    pc.session_description_created.connect((type, sdp) => {
      pc.set_local_description(type, sdp);
      answer = sdp;
    });
    pc.ice_candidate_created.connect((media, index, name) => {
      candidates += 1;
      godotBridge.send("signal_to_godot", { kind: "ice", media, index, name });
    });
    godotBridge.subscribe("signal_from_godot", (value) => {
      const m = value as { kind: string; type: string; sdp: string; media: string; index: number; name: string };
      if (m.kind === "sdp") pc.set_remote_description(m.type, m.sdp);
      else pc.add_ice_candidate(m.media, m.index, m.name);
    });
    harness.pollLoop([pc]);
    await harness.until(() => answer !== null && candidates > 0, 20_000, "the shim's answer and a candidate");
    godotBridge.send("signal_to_godot", { kind: "sdp", type: "answer", sdp: answer });
    await harness.openChannels([side.main, side.spare]);
  });
  // Godot returns OK for each early candidate (the browser rejects them later, unhandled; the README row).
  const iceCodes = await godot.next<number[]>("ice_codes");
  expect(iceCodes.length, "candidates that reached Godot before the answer").toBeGreaterThan(0);
  expect(new Set(iceCodes), "add_ice_candidate's return before the remote description").toEqual(new Set([0]));
  expect(uncaught.filter((m) => m.includes("addIceCandidate")).length, "the browser's unhandled rejections").toBe(iceCodes.length);
  await godot.next("open");

  // An empty put_packet returns OK and sends nothing; a bogus write mode is stored and sends text.
  expect(await godot.next("empty_put"), "put_packet(empty)").toBe(0);
  expect(await godot.next("bogus_mode"), "get_write_mode() after setting 7").toBe(7);
  const first = await page.evaluate(async () => {
    const { main } = window.quirkSide;
    await window.harness.packetsArrived(main, 2);
    return window.harness.readAll(main).map((p) => ({ text: new TextDecoder().decode(new Uint8Array(p.bytes)), wasString: p.wasString }));
  });
  expect(first, "what the shim received").toEqual([{ text: "after empty", wasString: false }, { text: "bogus mode", wasString: true }]);

  // The 64 KiB ring: of 70 messages of 1000 bytes sent before Godot reads, 65 fit (N·(L+5) ≤ 65535).
  await page.evaluate(async () => {
    const { main } = window.quirkSide;
    for (let i = 0; i < 70; i++) main.put_packet(new Uint8Array(1000).fill(i));
    await window.harness.until(() => main.get_buffered_amount() === 0, 20_000, "the 70 messages sent");
  });
  await godot.send("count", true);
  expect(await godot.next("ring_count"), "messages Godot kept").toBe(65);
  await expect.poll(() => godot.errors.some((line) => line.includes("Buffer full! Dropping data.")), { message: "Godot's drop message" }).toBe(true);

  // Unread packets are gone once the channel closes, and get_packet refuses with ERR_UNCONFIGURED (3).
  await page.evaluate(async () => {
    const { spare } = window.quirkSide;
    for (let i = 0; i < 3; i++) spare.put_packet(new Uint8Array([i]));
    await window.harness.until(() => spare.get_buffered_amount() === 0, 20_000, "three packets sent");
    spare.close();
  });
  expect(await godot.next("spare_after_close"), "Godot's spare channel after the shim closed it").toEqual({ count: 0, error: 3 });
});
