# Autoload `Bridge` of every Godot test project (e2e/support/godot-peer.ts): values to and from the test through
# page globals (window.godotBridge, e2e/fixtures/godot-bridge.ts). JSON on the wire; a PackedByteArray anywhere
# in a value travels as {"__bytes": base64}. JSON has one number type: whole numbers arrive as float; use int().
extends Node

const BYTES = "__bytes"


func _ready() -> void:
	post("__ready", true)


## Sends `value` to the test, which reads it with `godot.next(name)` (or `godotBridge.next(name)` in the page).
func post(name: String, value: Variant) -> void:
	var json := JSON.stringify(_to_wire(value))
	JavaScriptBridge.eval("godotBridge.fromGodot(%s, %s)" % [JSON.stringify(name), JSON.stringify(json)], true)


## The next value the test sent under `name` (`godot.send(name, value)`), or null if none is queued.
func take(name: String) -> Variant:
	var json: Variant = JavaScriptBridge.eval("godotBridge.toGodot(%s)" % JSON.stringify(name), true)
	if json == null:
		return null
	return _from_wire(JSON.parse_string(json))


## Waits (a frame at a time) for the next value the test sends under `name`.
func next(name: String) -> Variant:
	while true:
		var value: Variant = take(name)
		if value != null:
			return value
		await get_tree().process_frame
	return null


## Runs JavaScript in the page and returns its result (numbers, strings, booleans; null otherwise).
func js(code: String) -> Variant:
	return JavaScriptBridge.eval(code, true)


func _to_wire(value: Variant) -> Variant:
	if value is PackedByteArray:
		return {BYTES: Marshalls.raw_to_base64(value)}
	if value is Array:
		return value.map(_to_wire)
	if value is Dictionary:
		var out := {}
		for key in value:
			out[str(key)] = _to_wire(value[key])
		return out
	return value


func _from_wire(value: Variant) -> Variant:
	if value is Dictionary:
		if value.size() == 1 and value.has(BYTES):
			return Marshalls.base64_to_raw(value[BYTES])
		var out := {}
		for key in value:
			out[key] = _from_wire(value[key])
		return out
	if value is Array:
		return value.map(_from_wire)
	return value


## Signals of `pc` go to the test page (posted as "signal_from_godot"), and what the page sends as
## "signal_to_godot" is applied to `pc`: {"kind": "sdp", "type", "sdp"} or {"kind": "ice", "media", "index", "name"}.
## The page side is `linkToGodot(shimPeer)` (e2e/fixtures/godot.ts). One linked peer per engine.
func link_peer(pc: WebRTCPeerConnection) -> void:
	_linked = pc
	pc.session_description_created.connect(func(type: String, sdp: String) -> void:
		pc.set_local_description(type, sdp)
		post("signal_from_godot", {"kind": "sdp", "type": type, "sdp": sdp}))
	pc.ice_candidate_created.connect(func(media: String, index: int, name: String) -> void:
		post("signal_from_godot", {"kind": "ice", "media": media, "index": index, "name": name}))


var _linked: WebRTCPeerConnection = null


func _process(_delta: float) -> void:
	if _linked == null:
		return
	var message: Variant = take("signal_to_godot")
	while message != null:
		if message["kind"] == "sdp":
			_linked.set_remote_description(message["type"], message["sdp"])
		else:
			_linked.add_ice_candidate(message["media"], int(message["index"]), message["name"])
		message = take("signal_to_godot")
