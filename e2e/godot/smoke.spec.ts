// The real Godot 4.6 web build and a shim peer in one page: Godot offers, both sides open a negotiated channel and
// each reads the other's packet.
import { expect, test } from "@playwright/test";
import { GODOT_TEST_TIMEOUT_MS, startGodot } from "../support/godot-peer";
import { forwardPageProblems } from "../support/pages";

test.describe.configure({ timeout: GODOT_TEST_TIMEOUT_MS });

const MAIN_GD = `extends Node

var pc := WebRTCPeerConnection.new()
var channel: WebRTCDataChannel
var sent := false


func _ready() -> void:
	pc.initialize({"iceServers": []})
	channel = pc.create_data_channel("smoke", {"negotiated": true, "id": 1})
	Bridge.link_peer(pc)
	await Bridge.next("go")
	pc.create_offer()


func _process(_delta: float) -> void:
	pc.poll()
	if channel.get_ready_state() != WebRTCDataChannel.STATE_OPEN:
		return
	if not sent:
		sent = true
		channel.put_packet("from godot".to_utf8_buffer())
	while channel.get_available_packet_count() > 0:
		var packet := channel.get_packet()
		Bridge.post("got", {"text": packet.get_string_from_utf8(), "was_string": channel.was_string_packet()})
`;

test("a Godot 4.6 peer and a shim peer in one page connect and exchange a packet both ways", async ({ page }) => {
  forwardPageProblems(page, "godot page");
  const godot = await startGodot(page, { scripts: { "main.gd": MAIN_GD } });
  const shimGot = page.evaluate(async () => {
    const { GodotWebRTC, harness, linkToGodot } = window;
    const pc = new GodotWebRTC.WebRTCPeerConnection();
    pc.initialize({ iceServers: [] });
    const channel = pc.create_data_channel("smoke", { negotiated: true, id: 1 })!;
    linkToGodot(pc);
    const stop = harness.pollLoop([pc]);
    window.godotBridge.send("go", true);
    await harness.openChannels([channel]);
    channel.put_packet(new TextEncoder().encode("from shim"));
    await harness.packetsArrived(channel, 1);
    const [packet] = harness.readAll(channel);
    stop();
    return new TextDecoder().decode(new Uint8Array(packet!.bytes));
  });
  expect(await godot.next("got"), "what Godot read from the shim").toEqual({ text: "from shim", was_string: false });
  expect(await shimGot, "what the shim read from Godot").toBe("from godot");
});
