# The RPC node of the Godot↔Godot RPC benchmark (bench.gd rpc_pair()): one under each of two SceneMultiplayer
# branches of the same engine, counting what reaches it.
extends Node

var small_calls := 0
var large_calls := 0
var pongs := 0


@rpc("any_peer")
func small(_n: int, _v: Vector2) -> void:
	small_calls += 1


@rpc("any_peer")
func large(_bytes: PackedByteArray) -> void:
	large_calls += 1


@rpc("any_peer")
func ping() -> void:
	pong.rpc_id(multiplayer.get_remote_sender_id())


@rpc("any_peer")
func pong() -> void:
	pongs += 1
