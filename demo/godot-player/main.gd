# The Godot player of demo/godot-player/: a Godot 4.6 game's networking as a game writes it, WebRTCMultiplayerPeer
# in a mesh under the SceneTree's SceneMultiplayer, and two @rpc methods the web players declare alike:
# `moved(position)` (unreliable-ordered, channel 1) and `said(text)`. Its dot circles the arena; it greets every
# player that joins. The page links its connections (window.godotDemo, demo/godot-player/main.ts) and draws it.
extends Node

const ARENA := Vector2(800, 500)

var peer := WebRTCMultiplayerPeer.new()
var pcs := {}
var me := 0
var angle := 0.0
var since_sent := 0.0
var seen := {}


func _ready() -> void:
	me = int(_js("godotDemo.id"))
	peer.create_mesh(me, [MultiplayerPeer.TRANSFER_MODE_UNRELIABLE_ORDERED])
	multiplayer.multiplayer_peer = peer
	multiplayer.peer_connected.connect(func(id: int) -> void: said.rpc_id(id, "hello from Godot"))
	for remote in JSON.parse_string(_js("JSON.stringify(godotDemo.peers)")):
		_link(int(remote))


@rpc("any_peer", "call_remote", "unreliable_ordered", 1)
func moved(position: Vector2) -> void:
	seen[multiplayer.get_remote_sender_id()] = position


@rpc("any_peer", "call_local")
func said(text: String) -> void:
	_js("godotDemo.godotHeard(%d, %s)" % [multiplayer.get_remote_sender_id(), JSON.stringify(text)])


func _process(delta: float) -> void:
	_signaling()
	angle += delta
	since_sent += delta
	if since_sent < 0.05 or multiplayer.get_peers().is_empty():
		return
	since_sent = 0.0
	moved.rpc(ARENA / 2 + Vector2(cos(angle) * 220, sin(angle * 1.3) * 150))
	var report := {}
	for id in seen:
		report[str(id)] = [seen[id].x, seen[id].y]
	_js("godotDemo.godotSees(%s)" % JSON.stringify(report))


func _link(remote: int) -> void:
	var pc := WebRTCPeerConnection.new()
	pc.initialize({"iceServers": []})
	pc.session_description_created.connect(func(type: String, sdp: String) -> void:
		pc.set_local_description(type, sdp)
		_js("godotDemo.fromGodot(%s)" % JSON.stringify({"to": remote, "kind": "sdp", "type": type, "sdp": sdp})))
	pc.ice_candidate_created.connect(func(media: String, index: int, name: String) -> void:
		_js("godotDemo.fromGodot(%s)" % JSON.stringify({"to": remote, "kind": "ice", "media": media, "index": index, "name": name})))
	peer.add_peer(pc, remote)
	pcs[remote] = pc


func _signaling() -> void:
	var json: Variant = _js("godotDemo.toGodot()")
	while json != null:
		var message: Dictionary = JSON.parse_string(json)
		var pc: WebRTCPeerConnection = pcs.get(int(message["from"]))
		if pc != null and message["kind"] == "sdp":
			pc.set_remote_description(message["type"], message["sdp"])
		elif pc != null:
			pc.add_ice_candidate(message["media"], int(message["index"]), message["name"])
		json = _js("godotDemo.toGodot()")


func _js(code: String) -> Variant:
	return JavaScriptBridge.eval(code, true)
