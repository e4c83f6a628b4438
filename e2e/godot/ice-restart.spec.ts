// restart_ice() against the real Godot 4.6 web build (issue 12.1). Godot's web peer refuses any remote offer
// once past STATE_NEW (webrtc_peer_connection_js.cpp: `ERR_FAIL_COND_V(_conn_state != STATE_NEW, FAILED)`), so it
// cannot answer an ICE restart. What the shim promises instead, checked here: the restart offer is refused by
// Godot with FAILED and no answer, the connection and a numbered reliable stream to Godot go on untouched, and
// set_local_description("rollback", "") brings the shim back to SIGNALING_STATE_STABLE.
import { expect, test } from "@playwright/test";
import { GODOT_TEST_TIMEOUT_MS, startGodot } from "../support/godot-peer";
import { forwardPageProblems } from "../support/pages";

test.describe.configure({ timeout: GODOT_TEST_TIMEOUT_MS });

// Links its peer itself (not Bridge.link_peer) to report what each set_remote_description returned.
const MAIN_GD = `extends Node

var pc := WebRTCPeerConnection.new()
var channel: WebRTCDataChannel
var expected := 0
var out_of_order := -1


func _ready() -> void:
	pc.initialize({"iceServers": []})
	channel = pc.create_data_channel("stream", {"negotiated": true, "id": 1})
	pc.session_description_created.connect(func(type: String, sdp: String) -> void:
		pc.set_local_description(type, sdp)
		Bridge.post("signal_from_godot", {"kind": "sdp", "type": type, "sdp": sdp}))
	pc.ice_candidate_created.connect(func(media: String, index: int, name: String) -> void:
		Bridge.post("signal_from_godot", {"kind": "ice", "media": media, "index": index, "name": name}))
	await Bridge.next("go")
	pc.create_offer()


func _process(_delta: float) -> void:
	pc.poll()
	var message: Variant = Bridge.take("signal_to_godot")
	while message != null:
		if message["kind"] == "sdp":
			var code := pc.set_remote_description(message["type"], message["sdp"])
			Bridge.post("remote_description", {"type": message["type"], "code": code})
		else:
			pc.add_ice_candidate(message["media"], int(message["index"]), message["name"])
		message = Bridge.take("signal_to_godot")
	while channel.get_available_packet_count() > 0:
		var packet := channel.get_packet()
		if packet.decode_u32(0) != expected and out_of_order < 0:
			out_of_order = expected
		expected += 1
	if Bridge.take("count?") != null:
		Bridge.post("count", {"received": expected, "out_of_order": out_of_order, "state": pc.get_connection_state()})
`;

test("a Godot 4.6 web peer refuses the shim's ICE restart offer; the stream goes on and a rollback restores the shim", async ({ page }) => {
  forwardPageProblems(page, "godot page");
  const godot = await startGodot(page, { scripts: { "main.gd": MAIN_GD } });
  const restartOffered = page.evaluate(async () => {
    const { GodotWebRTC, harness, linkToGodot } = window;
    const pc = new GodotWebRTC.WebRTCPeerConnection();
    pc.initialize({ iceServers: [] });
    const channel = pc.create_data_channel("stream", { negotiated: true, id: 1 })!;
    const offers: string[] = [];
    pc.session_description_created.connect((type) => {
      if (type === "offer") offers.push(type);
    });
    linkToGodot(pc);
    const stopPolling = harness.pollLoop([pc]);
    window.godotBridge.send("go", true);
    await harness.openChannels([channel]);
    const stream = { next: 0, stop: () => {} };
    const timer = setInterval(() => {
      for (let i = 0; i < 4; i++) if (channel.put_packet(harness.numbered(stream.next)) === 0) stream.next++;
    }, 2);
    stream.stop = () => {
      clearInterval(timer);
      stopPolling();
    };
    await harness.until(() => stream.next >= 300, 15_000, "300 packets sent before the restart");
    if (pc.restart_ice() !== 0) throw new Error("restart_ice() did not return OK");
    await harness.until(() => offers.length === 1 && pc.get_signaling_state() === 1, 10_000, "the restart offer applied locally (have-local-offer)");
    Object.assign(window, { restartTest: { pc, channel, stream } });
    return offers;
  });
  expect(await godot.next("remote_description"), "Godot applying the shim's first answer").toEqual({ type: "answer", code: 0 });
  expect(await restartOffered).toEqual(["offer"]);
  // Godot's web build: FAILED (1) for an offer once connected, no answer, no browser call.
  expect(await godot.next("remote_description"), "Godot given the shim's restart offer").toEqual({ type: "offer", code: 1 });

  const shim = await page.evaluate(async () => {
    const { harness } = window;
    const { pc, channel, stream } = (window as unknown as { restartTest: { pc: import("../../src/index").WebRTCPeerConnection; channel: import("../../src/index").WebRTCDataChannel; stream: { next: number; stop: () => void } } }).restartTest;
    const rolledBack = pc.set_local_description("rollback", "");
    await harness.until(() => pc.get_signaling_state() === 0, 10_000, "the rollback back to SIGNALING_STATE_STABLE");
    const from = stream.next;
    await harness.until(() => stream.next >= from + 300, 15_000, "300 more packets after the rollback");
    stream.stop();
    return { rolledBack, sent: stream.next, state: pc.get_connection_state(), channel: channel.get_ready_state() };
  });
  expect(shim.rolledBack).toBe(0);
  expect([shim.state, shim.channel], "the shim's connection and channel after the refused restart").toEqual([2, 1]);
  await expect.poll(async () => {
    await godot.send("count?", true);
    return godot.next<{ received: number; out_of_order: number; state: number }>("count");
  }, { message: "Godot received every packet", timeout: 20_000 }).toEqual({ received: shim.sent, out_of_order: -1, state: 2 });
});
