# The Godot 4.6 side of the benchmark (bench/godot/godot.bench.ts): commands arrive through the Bridge autoload as
# {"op": …}, each is run and its result posted back as "result". Everything that moves packets runs once per
# frame (a coroutine resumed on every process_frame, which is when _process runs): poll, send while the channel's
# get_buffered_amount() is under HIGH (Godot has no send flow control of its own, so this is what a Godot
# developer writes), then drain with get_packet() until get_available_packet_count() is 0.
extends Node

## Send while fewer bytes than this are buffered (the same rule the page uses for raw and the shim).
const HIGH := 1048576
const PLAYERS := 20

var pcs: Array[WebRTCPeerConnection] = []
var channels := {}
var linked: WebRTCPeerConnection = null
var linked_channels := {}


func _ready() -> void:
	while true:
		var cmd: Dictionary = await Bridge.next("cmd")
		var result: Variant = null
		match cmd["op"]:
			"codec":
				result = codec(int(cmd["ms"]))
			"pair":
				result = await make_pair()
			"link":
				result = await link_shim()
			"flood":
				result = await flood(cmd)
			"ping":
				result = await ping(cmd)
			"echo":
				result = await echo(cmd)
			"setup":
				result = await setup()
			"mesh":
				result = await mesh(cmd)
			"rpc_pair":
				result = await rpc_pair()
			"rpc_flood":
				result = await rpc_flood(cmd)
			"rpc_ping":
				result = await rpc_ping(cmd)
			"rpc_cost":
				result = await rpc_cost(cmd)
			"rpc_link":
				result = await rpc_link()
			"rpc_link_flood":
				result = await link_node.flood(cmd)
		Bridge.post("result", result)


# The game state of bench/page/codec.ts, built by the same rule: int keys, float32 Vector2s, an int, a String.
func state() -> Dictionary:
	var s := {}
	for i in range(1, PLAYERS + 1):
		s[i] = {
			"position": Vector2(100.37 * i + 0.25, -57.91 * i + 3.5),
			"velocity": Vector2(1.13 * i - 4, 0.77 * i + 2.2),
			"hp": 100 - i,
			"name": "player_%d" % i,
		}
	return s


func codec(ms: int) -> Dictionary:
	var s := state()
	var bytes := var_to_bytes(s)
	var limit := ms * 1000
	var n := 0
	var t0 := Time.get_ticks_usec()
	while Time.get_ticks_usec() - t0 < limit:
		for _k in 50:
			var_to_bytes(s)
		n += 50
	var encode_ops := n * 1e6 / (Time.get_ticks_usec() - t0)
	n = 0
	t0 = Time.get_ticks_usec()
	while Time.get_ticks_usec() - t0 < limit:
		for _k in 50:
			bytes_to_var(bytes)
		n += 50
	var decode_ops := n * 1e6 / (Time.get_ticks_usec() - t0)
	return {"encodeOps": encode_ops, "decodeOps": decode_ops, "bytes": bytes.size(), "data": bytes}


func new_peer() -> WebRTCPeerConnection:
	var pc := WebRTCPeerConnection.new()
	pc.initialize({"iceServers": []})
	return pc


func open_channels(pc: WebRTCPeerConnection) -> Dictionary:
	return {
		"reliable": pc.create_data_channel("reliable", {"negotiated": true, "id": 0}),
		"unreliable": pc.create_data_channel("unreliable", {"negotiated": true, "id": 1, "ordered": false, "maxRetransmits": 0}),
	}


func _on_sdp(type: String, sdp: String, from: WebRTCPeerConnection, to: WebRTCPeerConnection) -> void:
	from.set_local_description(type, sdp)
	to.set_remote_description(type, sdp)


func _on_ice(media: String, index: int, name: String, to: WebRTCPeerConnection) -> void:
	to.add_ice_candidate(media, index, name)


func wire(a: WebRTCPeerConnection, b: WebRTCPeerConnection) -> void:
	a.session_description_created.connect(_on_sdp.bind(a, b))
	b.session_description_created.connect(_on_sdp.bind(b, a))
	a.ice_candidate_created.connect(_on_ice.bind(b))
	b.ice_candidate_created.connect(_on_ice.bind(a))


func all_open(list: Array) -> bool:
	for channel: WebRTCDataChannel in list:
		if channel.get_ready_state() != WebRTCDataChannel.STATE_OPEN:
			return false
	return true


func poll_all() -> void:
	for pc in pcs:
		pc.poll()
	if linked != null:
		linked.poll()


# Godot↔Godot: two peers in this engine, wired through their signals; their channels stay open for the run.
func make_pair() -> bool:
	var a := new_peer()
	var b := new_peer()
	pcs = [a, b]
	channels = {"a": open_channels(a), "b": open_channels(b)}
	wire(a, b)
	a.create_offer()
	var list: Array = channels["a"].values() + channels["b"].values()
	while not all_open(list):
		poll_all()
		await get_tree().process_frame
	return true


# Godot↔shim: one peer linked to the page's shim peer through Bridge.link_peer; the page calls create_offer().
func link_shim() -> bool:
	linked = new_peer()
	linked_channels = open_channels(linked)
	Bridge.link_peer(linked)
	Bridge.post("linked", true)
	while not all_open(linked_channels.values()):
		poll_all()
		await get_tree().process_frame
	return true


func channel_for(side: String, reliable: bool) -> WebRTCDataChannel:
	var group: Dictionary = linked_channels if side == "link" else channels[side]
	return group["reliable" if reliable else "unreliable"]


# Sends packets tagged `tag` (their first byte) from `from` (a side, or "" for none) for `seconds` and drains
# `to` (or "") once per frame, counting only this turn's tag. The receiver's window opens at its first arrival
# and it drains on after it until nothing arrived for QUIET_USEC, as page.ts does.
const QUIET_USEC := 1000000
const SETTLE_MAX_USEC := 10000000


func flood(cmd: Dictionary) -> Dictionary:
	var reliable: bool = cmd["reliable"]
	var sender: WebRTCDataChannel = channel_for(cmd["from"], reliable) if cmd["from"] != "" else null
	var receiver: WebRTCDataChannel = channel_for(cmd["to"], reliable) if cmd["to"] != "" else null
	var tag := int(cmd["tag"])
	var packet := PackedByteArray()
	packet.resize(int(cmd["size"]))
	packet.fill(tag)
	var sent := 0
	var refused := 0
	var received := 0
	var in_window := 0
	var frames := 0
	var t0 := Time.get_ticks_usec()
	var window := int(float(cmd["seconds"]) * 1e6)
	var first := -1
	var last_arrival := -1
	while true:
		var now := Time.get_ticks_usec()
		var sending := sender != null and now - t0 < window
		var receiving := false
		if receiver != null:
			if first < 0:
				receiving = now - t0 < window + SETTLE_MAX_USEC
			else:
				receiving = now - first < window or now - last_arrival < QUIET_USEC
		var draining := sender != null and sender.get_buffered_amount() > 0
		if (not sending and not receiving and not draining) or now - t0 > window + SETTLE_MAX_USEC:
			break
		poll_all()
		if sending:
			frames += 1
			while sender.get_buffered_amount() < HIGH:
				if sender.put_packet(packet) != OK:
					refused += 1
					break
				sent += 1
		if receiver != null:
			if sender == null:
				frames += 1
			var arrived := 0
			while receiver.get_available_packet_count() > 0:
				var got := receiver.get_packet()
				if got.size() > 0 and got[0] == tag:
					arrived += 1
			if arrived > 0:
				if first < 0:
					first = now
				last_arrival = now
				received += arrived
				if now - first <= window:
					in_window = received
		await get_tree().process_frame
	return {"sent": sent, "refused": refused, "received": received, "receivedInWindow": in_window, "ms": window / 1000.0, "frames": frames}


# Ping-pong of 64-byte packets between the two Godot peers, each side answering once per frame.
func ping(cmd: Dictionary) -> Array:
	var a: WebRTCDataChannel = channel_for("a", true)
	var b: WebRTCDataChannel = channel_for("b", true)
	var packet := PackedByteArray()
	packet.resize(64)
	var samples := []
	var sent_at := Time.get_ticks_usec()
	a.put_packet(packet)
	while samples.size() < int(cmd["rounds"]):
		poll_all()
		while b.get_available_packet_count() > 0:
			b.put_packet(b.get_packet())
		while a.get_available_packet_count() > 0:
			a.get_packet()
			var now := Time.get_ticks_usec()
			samples.append((now - sent_at) / 1000.0)
			sent_at = now
			a.put_packet(packet)
		await get_tree().process_frame
	return samples


# Answers every packet on the linked peer's reliable channel, once per frame, for `seconds`.
func echo(cmd: Dictionary) -> int:
	var channel: WebRTCDataChannel = channel_for("link", true)
	var answered := 0
	var stop := Time.get_ticks_usec() + int(float(cmd["seconds"]) * 1e6)
	while Time.get_ticks_usec() < stop:
		poll_all()
		while channel.get_available_packet_count() > 0:
			channel.put_packet(channel.get_packet())
			answered += 1
		await get_tree().process_frame
	return answered


# A fresh Godot↔Godot pair: create_offer() to the channel open on both sides, polled once per frame, in ms.
func setup() -> float:
	var a := new_peer()
	var b := new_peer()
	var ca := a.create_data_channel("setup", {"negotiated": true, "id": 3})
	var cb := b.create_data_channel("setup", {"negotiated": true, "id": 3})
	wire(a, b)
	var t0 := Time.get_ticks_usec()
	a.create_offer()
	while not all_open([ca, cb]):
		a.poll()
		b.poll()
		await get_tree().process_frame
	var ms := (Time.get_ticks_usec() - t0) / 1000.0
	a.close()
	b.close()
	return ms


# Issue 16 §4: a mesh of `size` WebRTCMultiplayerPeers in this engine (the three default channels plus one custom
# per connection), then the time of one frame's poll() + drain over all of them, idle and with a 64-byte packet
# from everyone to everyone every third frame (20 Hz at 60 frames/s), in µs per frame.
func mesh(cmd: Dictionary) -> Dictionary:
	var size := int(cmd["size"])
	var frames := int(cmd["frames"])
	var mps: Array[WebRTCMultiplayerPeer] = []
	var counts := []
	for i in size:
		var mp := WebRTCMultiplayerPeer.new()
		mp.create_mesh(i + 1, [MultiplayerPeer.TRANSFER_MODE_RELIABLE])
		counts.append(0)
		var index := i
		mp.peer_connected.connect(func(_id: int) -> void: counts[index] += 1)
		mps.append(mp)
	for i in size:
		for j in range(i + 1, size):
			var a := new_peer()
			var b := new_peer()
			mps[i].add_peer(a, j + 1)
			mps[j].add_peer(b, i + 1)
			wire(a, b)
			a.create_offer()
	var deadline := Time.get_ticks_msec() + 60000
	while Time.get_ticks_msec() < deadline and counts.count(size - 1) < size:
		for mp in mps:
			mp.poll()
		await get_tree().process_frame
	var state := PackedByteArray()
	state.resize(64)
	state.fill(9)
	var result := {"connected": counts.count(size - 1) == size}
	for every in [0, 3]:
		var samples := []
		for frame in frames:
			if every > 0 and frame % every == 0:
				for mp in mps:
					mp.set_target_peer(0)
					mp.put_packet(state)
			await get_tree().process_frame
			var t0 := Time.get_ticks_usec()
			for mp in mps:
				mp.poll()
				while mp.get_available_packet_count() > 0:
					mp.get_packet()
			samples.append(Time.get_ticks_usec() - t0)
		result["state20Hz" if every > 0 else "idle"] = samples
	for mp in mps:
		mp.close()
	return result


# Issue 16 §2: two SceneMultiplayers in this engine, each on its own branch (SceneTree.set_multiplayer), over a
# WebRTCMultiplayerPeer pair; the SceneTree polls them every frame. Their Sync nodes (sync.gd) count calls.
# godot.bench.ts appends sync.gd's text as SYNC_SOURCE, compiled here: a second script file in the pack
# crashed the engine at start ("table index is out of bounds"), reported to the harness's owner.
var sync_a = null
var sync_b = null
var rpc_channel: WebRTCDataChannel = null
var rpc_scenes := []
var rpc_mps := []


func rpc_pair() -> bool:
	var script := GDScript.new()
	script.source_code = SYNC_SOURCE
	script.reload()
	var scenes := []
	var syncs := []
	var mps := []
	for id in [1, 2]:
		var branch := Node.new()
		branch.name = "Branch%d" % id
		add_child(branch)
		var sync := Node.new()
		sync.set_script(script)
		sync.name = "Sync"
		branch.add_child(sync)
		var mp := WebRTCMultiplayerPeer.new()
		mp.create_mesh(id)
		var scene := SceneMultiplayer.new()
		get_tree().set_multiplayer(scene, branch.get_path())
		scenes.append(scene)
		syncs.append(sync)
		mps.append(mp)
	var pa := new_peer()
	var pb := new_peer()
	mps[0].add_peer(pa, 2)
	mps[1].add_peer(pb, 1)
	wire(pa, pb)
	scenes[0].multiplayer_peer = mps[0]
	scenes[1].multiplayer_peer = mps[1]
	pa.create_offer()
	var deadline := Time.get_ticks_msec() + 30000
	while Time.get_ticks_msec() < deadline and (scenes[0].get_peers().size() < 1 or scenes[1].get_peers().size() < 1):
		await get_tree().process_frame
	sync_a = syncs[0]
	sync_b = syncs[1]
	rpc_scenes = scenes
	rpc_mps = mps
	rpc_channel = mps[0].get_peer(2)["channels"][0]
	return scenes[0].get_peers().size() == 1 and scenes[1].get_peers().size() == 1


# The mixed rows' Godot end: rpc_link.gd (appended as LINK_SOURCE, compiled here as sync.gd is) on a node "Link".
var link_node = null


func rpc_link() -> bool:
	var script := GDScript.new()
	script.source_code = LINK_SOURCE
	script.reload()
	link_node = Node.new()
	link_node.set_script(script)
	link_node.name = "Link"
	add_child(link_node)
	return await link_node.link(SYNC_SOURCE)


# Calls `kind` ("small": an int and a Vector2; "large": a 1 KiB PackedByteArray) from A to B while A's reliable
# channel holds fewer than RPC_HIGH bytes, once per frame, for `seconds`; B's count after it went quiet is
# `received`. RPC_HIGH is smaller than the data path's HIGH: a small call is ~20 bytes, and 1 MiB of them would
# make one frame last seconds.
const RPC_HIGH := 65536
func rpc_flood(cmd: Dictionary) -> Dictionary:
	var large: bool = cmd["kind"] == "large"
	var payload := PackedByteArray()
	payload.resize(1024)
	var v := Vector2(1.5, 2.5)
	var before: int = sync_b.large_calls if large else sync_b.small_calls
	var sent := 0
	var refused := 0
	var frames := 0
	var received := 0
	var in_window := 0
	var t0 := Time.get_ticks_usec()
	var window := int(float(cmd["seconds"]) * 1e6)
	var last_change := t0
	while true:
		var now := Time.get_ticks_usec()
		var sending := now - t0 < window
		if not sending and (now - last_change > QUIET_USEC or now - t0 > window + SETTLE_MAX_USEC):
			break
		if sending:
			frames += 1
			while rpc_channel.get_buffered_amount() < RPC_HIGH:
				var error: Error = sync_a.large.rpc_id(2, payload) if large else sync_a.small.rpc_id(2, 7, v)
				if error != OK:
					refused += 1
					break
				sent += 1
		await get_tree().process_frame
		var count: int = (sync_b.large_calls if large else sync_b.small_calls) - before
		if count != received:
			received = count
			last_change = Time.get_ticks_usec()
		if Time.get_ticks_usec() - t0 <= window:
			in_window = received
	return {"sent": sent, "refused": refused, "received": received, "receivedInWindow": in_window, "ms": window / 1000.0, "frames": frames}


# Ping-pong RPCs A → B → A, both sides polled by the SceneTree once per frame; round trips in ms.
func rpc_ping(cmd: Dictionary) -> Array:
	var samples := []
	var seen: int = sync_a.pongs
	var sent_at := Time.get_ticks_usec()
	sync_a.ping.rpc_id(2)
	var deadline := Time.get_ticks_msec() + 60000
	while samples.size() < int(cmd["rounds"]) and Time.get_ticks_msec() < deadline:
		await get_tree().process_frame
		if sync_a.pongs != seen:
			seen = sync_a.pongs
			var now := Time.get_ticks_usec()
			samples.append((now - sent_at) / 1000.0)
			sent_at = now
			sync_a.ping.rpc_id(2)
	return samples


# The cost per call, timed directly as rpc.ts rpcCost() does: `count` calls made back to back on A, then, with the
# SceneTree's own polling paused, B's one SceneMultiplayer.poll() that decodes and runs them all. µs per call.
func rpc_cost(cmd: Dictionary) -> Dictionary:
	var large: bool = cmd["kind"] == "large"
	var count := int(cmd["count"])
	var payload := PackedByteArray()
	payload.resize(1024)
	var v := Vector2(1.5, 2.5)
	get_tree().multiplayer_poll = false
	var before: int = sync_b.large_calls if large else sync_b.small_calls
	var t0 := Time.get_ticks_usec()
	for i in count:
		if large:
			sync_a.large.rpc_id(2, payload)
		else:
			sync_a.small.rpc_id(2, 7, v)
	var send_us := float(Time.get_ticks_usec() - t0) / count
	var deadline := Time.get_ticks_msec() + 30000
	while rpc_mps[1].get_available_packet_count() < count and Time.get_ticks_msec() < deadline:
		rpc_mps[0].poll()
		rpc_mps[1].poll()
		await get_tree().process_frame
	t0 = Time.get_ticks_usec()
	rpc_scenes[1].poll()
	var receive_us := float(Time.get_ticks_usec() - t0) / count
	get_tree().multiplayer_poll = true
	var ran: int = (sync_b.large_calls if large else sync_b.small_calls) - before
	return {"sendUs": send_us, "receiveUs": receive_us, "ran": ran}
