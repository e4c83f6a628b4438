import type { ConnectionStatus, TransferMode } from "../godot/enums";
import type { GodotError } from "../godot/godot-error";
import type { PackedByteArray } from "../internal/bytes";
import type { MultiplayerPeer } from "../multiplayer/multiplayer-peer";

/**
 * What `SceneMultiplayer` needs of its `multiplayer_peer`: Godot's `MultiplayerPeer` API (the packet source
 * and target, the connection status, `peer_connected` / `peer_disconnected`). `WebRTCMultiplayerPeer` is one;
 * any other `MultiplayerPeer` subclass with these methods works too.
 */
export type ScenePeer = MultiplayerPeer & {
  poll(): GodotError;
  get_available_packet_count(): number;
  get_packet_peer(): number;
  get_packet_channel(): number;
  get_packet_mode(): TransferMode;
  put_packet(buffer: PackedByteArray): GodotError;
  get_unique_id(): number;
  get_connection_status(): ConnectionStatus;
  disconnect_peer(peer_id: number, force?: boolean): void;
  /** Whether SceneMultiplayer may relay through the server (Godot: server and client mode, not mesh). */
  is_server_relay_supported?(): boolean;
};

const REQUIRED = ["poll", "get_available_packet_count", "get_packet_peer", "get_packet_channel", "get_packet_mode", "get_packet", "put_packet", "set_target_peer", "set_transfer_mode", "set_transfer_channel", "get_unique_id", "get_connection_status", "disconnect_peer"] as const;

/** Whether `value` offers the methods and signals a `ScenePeer` needs; never throws. */
export function isScenePeer(value: unknown): value is ScenePeer {
  try {
    if (typeof value !== "object" || value === null) return false;
    const peer = value as Record<string, unknown>;
    const signals = [peer["peer_connected"], peer["peer_disconnected"]];
    return REQUIRED.every((name) => typeof peer[name] === "function") && signals.every((s) => typeof (s as { connect?: unknown } | undefined)?.connect === "function");
  } catch {
    return false;
  }
}
