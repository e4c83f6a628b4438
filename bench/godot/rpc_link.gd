# The Godot end of the mixed RPC rows (shim↔Godot, issue 16 §2; the page end is rpc-link.ts): a third
# SceneMultiplayer, on this node's branch (SceneTree.set_multiplayer), polled by the SceneTree every frame, over a
# WebRTCMultiplayerPeer whose one peer is linked to the page's shim through Bridge.link_peer, as the data path's
# shim↔Godot peer is. Its Sync child (sync.gd) counts calls. bench.gd compiles this text at run time (LINK_SOURCE)
# and names the node "Link", so its RPC path on the wire is "Sync", as the page's is.
extends Node

const GODOT_ID := 1
const SHIM_ID := 2
## The same sending rule as bench.gd's rpc_flood(): calls go out while the channel holds fewer bytes than this.
const RPC_HIGH := 65536
const QUIET_USEC := 1000000
const SETTLE_MAX_USEC := 10000000

var sync = null
var scene: SceneMultiplayer = null
var channel: WebRTCDataChannel = null


func link(sync_source: String) -> bool:
	var script := GDScript.new()
	script.source_code = sync_source
	script.reload()
	sync = Node.new()
	sync.set_script(script)
	sync.name = "Sync"
	add_child(sync)
	var mp := WebRTCMultiplayerPeer.new()
	mp.create_mesh(GODOT_ID)
	scene = SceneMultiplayer.new()
	get_tree().set_multiplayer(scene, get_path())
	var pc := WebRTCPeerConnection.new()
	pc.initialize({"iceServers": []})
	mp.add_peer(pc, SHIM_ID)
	scene.multiplayer_peer = mp
	Bridge.link_peer(pc)
	Bridge.post("rpc_linked", true)
	var deadline := Time.get_ticks_msec() + 30000
	while Time.get_ticks_msec() < deadline and scene.get_peers().size() < 1:
		await get_tree().process_frame
	if scene.get_peers().size() < 1:
		return false
	channel = mp.get_peer(SHIM_ID)["channels"][0]
	return true


func count(large: bool) -> int:
	return sync.large_calls if large else sync.small_calls


# Godot's half of one mixed flood turn: role "send" calls `kind` on the shim once per frame for `seconds` by
# rpc_flood()'s rule; role "receive" posts "rpc_link_ready" and counts the shim's calls, its window opening at the first arrival and staying
# open until nothing arrived for QUIET_USEC, as bench.gd's flood() does.
func flood(cmd: Dictionary) -> Dictionary:
	var large: bool = cmd["kind"] == "large"
	var sending: bool = cmd["role"] == "send"
	var payload := PackedByteArray()
	payload.resize(1024)
	var v := Vector2(1.5, 2.5)
	var before := count(large)
	if not sending:
		# The SceneTree runs the shim's calls as they arrive: the page starts sending only once this count is taken.
		Bridge.post("rpc_link_ready", true)
	var sent := 0
	var refused := 0
	var frames := 0
	var received := 0
	var in_window := 0
	var t0 := Time.get_ticks_usec()
	var window := int(float(cmd["seconds"]) * 1e6)
	var first := -1
	var last_arrival := -1
	while true:
		var now := Time.get_ticks_usec()
		if sending:
			if now - t0 >= window:
				break
			frames += 1
			while channel.get_buffered_amount() < RPC_HIGH:
				var error: Error = sync.large.rpc_id(SHIM_ID, payload) if large else sync.small.rpc_id(SHIM_ID, 7, v)
				if error != OK:
					refused += 1
					break
				sent += 1
		else:
			var waiting := first < 0 and now - t0 < window + SETTLE_MAX_USEC
			var listening := first >= 0 and (now - first < window or now - last_arrival < QUIET_USEC)
			if (not waiting and not listening) or now - t0 > window + SETTLE_MAX_USEC:
				break
			frames += 1
		await get_tree().process_frame
		var got := count(large) - before
		if got != received:
			var at := Time.get_ticks_usec()
			if first < 0:
				first = at
			last_arrival = at
			received = got
			if at - first <= window:
				in_window = received
	return {"sent": sent, "refused": refused, "received": received, "receivedInWindow": in_window, "ms": window / 1000.0, "frames": frames}
