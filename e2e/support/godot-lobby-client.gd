# A lobby client in GDScript for the Godot test peers, written from the protocol of Godot's webrtc_signaling demo
# (docs: JSON text frames {"type", "id", "data"} over a WebSocket; src/signaling/protocol.ts has the table), and
# wiring a WebRTCMultiplayerPeer the way a Godot game does: create_mesh / create_server / create_client from the
# ID message, one WebRTCPeerConnection per announced peer added with add_peer, the higher id making the offer.
# Use: `const LobbyClient = preload("res://lobby_client.gd")`, `add_child(client)`, `client.start(url, "", true)`;
# poll `client.rtc_mp` yourself, or give it to `multiplayer.multiplayer_peer`. No ICE servers (loopback only).
extends Node

enum Message { JOIN, ID, PEER_CONNECT, PEER_DISCONNECT, OFFER, ANSWER, CANDIDATE, SEAL }

signal lobby_joined(lobby: String)
signal connected(id: int, use_mesh: bool)
signal disconnected(code: int, reason: String)

var ws := WebSocketPeer.new()
var rtc_mp := WebRTCMultiplayerPeer.new()
var lobby := ""
var mesh := true
var _join_sent := false
var _closed := false


## Connects to the signaling server at `url` and joins `lobby_name` ("" creates one; `use_mesh` false: client/server).
func start(url: String, lobby_name: String, use_mesh: bool) -> Error:
	lobby = lobby_name
	mesh = use_mesh
	return ws.connect_to_url(url)


## Leaves: closes the socket and every connection.
func stop() -> void:
	ws.close()
	rtc_mp.close()


func _process(_delta: float) -> void:
	ws.poll()
	var state := ws.get_ready_state()
	if state == WebSocketPeer.STATE_OPEN:
		if not _join_sent:
			_join_sent = true
			_send(Message.JOIN, 0 if mesh else 1, lobby)
		while ws.get_available_packet_count() > 0:
			_handle(ws.get_packet().get_string_from_utf8())
	elif state == WebSocketPeer.STATE_CLOSED and _join_sent and not _closed:
		_closed = true
		disconnected.emit(ws.get_close_code(), ws.get_close_reason())


func _send(type: int, id: int, data: String) -> void:
	ws.send_text(JSON.stringify({"type": type, "id": id, "data": data}))


func _handle(text: String) -> void:
	var message: Variant = JSON.parse_string(text)
	if not (message is Dictionary and message.has("type") and message.has("id") and message.has("data")):
		push_error("lobby client: not a protocol message: " + text)
		return
	var type := int(message["type"])
	var id := int(message["id"])
	var data := str(message["data"])
	match type:
		Message.JOIN:
			lobby = data
			lobby_joined.emit(data)
		Message.ID:
			var use_mesh := data == "true"
			if use_mesh:
				rtc_mp.create_mesh(id)
			elif id == 1:
				rtc_mp.create_server()
			else:
				rtc_mp.create_client(id)
			connected.emit(id, use_mesh)
		Message.PEER_CONNECT:
			_add_peer(id)
		Message.PEER_DISCONNECT:
			if rtc_mp.has_peer(id):
				rtc_mp.remove_peer(id)
		Message.OFFER, Message.ANSWER:
			if rtc_mp.has_peer(id):
				rtc_mp.get_peer(id)["connection"].set_remote_description("offer" if type == Message.OFFER else "answer", data)
		Message.CANDIDATE:
			var parts := data.split("\n", false)
			if parts.size() == 3 and rtc_mp.has_peer(id):
				rtc_mp.get_peer(id)["connection"].add_ice_candidate(parts[0], int(parts[1]), parts[2])


func _add_peer(id: int) -> void:
	var pc := WebRTCPeerConnection.new()
	pc.initialize({"iceServers": []})
	pc.session_description_created.connect(func(type: String, sdp: String) -> void:
		pc.set_local_description(type, sdp)
		_send(Message.OFFER if type == "offer" else Message.ANSWER, id, sdp))
	pc.ice_candidate_created.connect(func(media: String, index: int, name: String) -> void:
		_send(Message.CANDIDATE, id, "\n%s\n%d\n%s" % [media, index, name]))
	rtc_mp.add_peer(pc, id)
	if id < rtc_mp.get_unique_id():
		pc.create_offer()
