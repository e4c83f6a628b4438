import type { TransferMode } from "../godot/enums";
import { GodotError } from "../godot/godot-error";
import { fail } from "../internal/log";
import type { ScenePeer } from "./scene-peer";
import { Command, SysCommand } from "./scene-protocol";
import { concat, u32 } from "./packet-bytes";

/** What the router needs to know to send: the peer, our id, the admitted peers and whether to relay. */
export interface RouteState {
  readonly peer: ScenePeer;
  readonly self: number;
  readonly connected: ReadonlySet<number>;
  readonly relay: boolean;
}

/** Whether SceneMultiplayer relays through the server with this peer (server/client mode, `server_relay` on). */
export function relays(peer: ScenePeer, serverRelay: boolean): boolean {
  try {
    return serverRelay && peer.is_server_relay_supported?.() === true;
  } catch {
    return false;
  }
}

/** `[07][sub][i32 peer][payload]`. */
export function sysPacket(sub: number, peer: number, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
  return concat(Command.SYS, sub, u32(peer), payload);
}

/** Puts `packet` to `target` with the given mode and channel. */
export function put(peer: ScenePeer, target: number, packet: Uint8Array, mode: TransferMode, channel: number): GodotError {
  peer.set_transfer_mode(mode);
  peer.set_transfer_channel(channel);
  peer.set_target_peer(target);
  return peer.put_packet(packet);
}

/**
 * Godot's `SceneMultiplayer::send_command`: a client with relay sends everything not meant for the server
 * wrapped in SYS RELAY `[07][03][i32 destination]` to the server; otherwise straight to `to` (a peer id, 0 for
 * every admitted peer, −id for all but that one).
 */
export function sendCommand(state: RouteState, to: number, packet: Uint8Array, mode: TransferMode, channel: number): GodotError {
  const { peer, self, connected } = state;
  if (state.relay && self !== 1 && to !== 1) return put(peer, 1, concat(sysPacket(SysCommand.RELAY, to), packet), mode, channel);
  if (to > 0) {
    if (!connected.has(to)) return fail(GodotError.ERR_BUG, "send", `peer ${to} is not connected`);
    return put(peer, to, packet, mode, channel);
  }
  for (const id of connected) if (id !== -to) put(peer, id, packet, mode, channel);
  return GodotError.OK;
}

/** A SYS RELAY the server forwards: to whom, and whether the server processes it too (as coming from `from`). */
export function relayTargets(connected: ReadonlySet<number>, from: number, destination: number): { targets: number[]; local: boolean } {
  if (destination > 0) return { targets: connected.has(destination) ? [destination] : [], local: false };
  const targets = [...connected].filter((id) => id !== from && id !== -destination);
  return { targets, local: destination !== -1 };
}

