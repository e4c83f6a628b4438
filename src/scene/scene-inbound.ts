import { ConnectionStatus, TransferMode } from "../godot/enums";
import { GodotError } from "../godot/godot-error";
import { toBytes } from "../internal/bytes";
import { isIntegerIn } from "../internal/checks";
import { fail } from "../internal/log";
import { readU32 } from "./packet-bytes";
import { put, relays, relayTargets, sendCommand, sysPacket } from "./scene-packets";
import { CMD_MASK, Command, SYS_HEADER_SIZE, SysCommand } from "./scene-protocol";
import type { SceneRpc } from "./scene-rpc";
import type { SceneState } from "./scene-state";
import { concat } from "./packet-bytes";

const MAX_ID = 2147483647;

/**
 * What `SceneMultiplayer.poll()` does (Godot's `poll`, `_process_packet`, `_process_sys`, `_add_peer`,
 * `_admit_peer`, `_del_peer`): tracks the peer's status, admits peers (after authentication when an
 * `auth_callback` is set), relays and announces peers as a server, and hands each packet to its handler.
 */
export class SceneInbound {
  readonly #s: SceneState;
  readonly #rpc: SceneRpc;
  constructor(state: SceneState, rpc: SceneRpc) {
    this.#s = state;
    this.#rpc = rpc;
    state.cacheOf = rpc.cache;
    state.onPeerConnected = (id) => this.#add(id);
    state.onPeerDisconnected = (id) => this.remove(id, true);
  }

  poll(rpc: SceneRpc): GodotError {
    const s = this.#s;
    s.polling = true;
    try {
      for (const fn of s.later.splice(0)) fn();
      this.#updateStatus(rpc);
      const peer = s.peer;
      if (peer === null || s.lastStatus === ConnectionStatus.CONNECTION_DISCONNECTED) return GodotError.OK;
      peer.poll();
      if (!this.#updateStatus(rpc)) return GodotError.OK;
      while (peer.get_available_packet_count() > 0) {
        const sender = peer.get_packet_peer();
        const channel = peer.get_packet_channel();
        const mode = peer.get_packet_mode();
        const packet = peer.get_packet();
        if (peer.get_packet_error() !== GodotError.OK) break;
        this.#receive(sender, packet, mode, channel);
        if (!this.#updateStatus(rpc)) return GodotError.OK;
      }
      for (const id of s.admission.expire(Date.now(), s.authTimeoutMs)) {
        peer.disconnect_peer(id);
        s.emit("peer_authentication_failed", [id]);
      }
      this.#updateStatus(rpc);
      return GodotError.OK;
    } finally {
      s.polling = false;
    }
  }

  /** Whether the peer is connected after noticing a change (Godot's `_update_status`). */
  #updateStatus(rpc: SceneRpc): boolean {
    const s = this.#s;
    const status = s.peer?.get_connection_status() ?? ConnectionStatus.CONNECTION_DISCONNECTED;
    if (status !== s.lastStatus) {
      if (status === ConnectionStatus.CONNECTION_DISCONNECTED) {
        s.emit(s.lastStatus === ConnectionStatus.CONNECTION_CONNECTING ? "connection_failed" : "server_disconnected", []);
        s.clear(rpc);
      }
      s.lastStatus = status;
    }
    return status === ConnectionStatus.CONNECTION_CONNECTED;
  }

  #receive(sender: number, packet: Uint8Array, mode: TransferMode, channel: number): void {
    const s = this.#s;
    const isAuth = packet.length >= 2 && ((packet[0] ?? 0) & CMD_MASK) === Command.SYS && packet[1] === SysCommand.AUTH;
    if (s.admission.has(sender)) {
      if (!isAuth) return s.drop("poll", `peer ${sender} sent a packet before completing authentication`);
      if (packet.length > 2) {
        const callback = s.authCallback;
        if (callback !== null) s.callAs(sender, "auth_callback", () => callback(sender, packet.slice(2)));
      } else if (s.admission.completeRemote(sender)) this.admit(sender);
      return;
    }
    if (!s.connected.has(sender)) return s.drop("poll", `packet from peer ${sender}, which is not connected`);
    if (packet.length > 0 && ((packet[0] ?? 0) & CMD_MASK) === Command.SYS) {
      if (isAuth) return void (packet.length !== 2 && s.drop("poll", `authentication data from peer ${sender} after it was admitted`));
      return this.#sys(sender, packet, mode, channel);
    }
    this.#process(sender, packet);
  }

  #process(from: number, packet: Uint8Array): void {
    const s = this.#s;
    if (packet.length < 1) return s.drop("poll", `empty packet from ${from}: Invalid packet received. Size too small.`);
    switch ((packet[0] ?? 0) & CMD_MASK) {
      case Command.SIMPLIFY_PATH:
        return this.#rpc.processSimplify(from, packet);
      case Command.CONFIRM_PATH:
        return this.#rpc.processConfirm(from, packet);
      case Command.REMOTE_CALL:
        return this.#rpc.processRpc(from, packet);
      case Command.RAW:
        if (packet.length < 2) return s.drop("RAW", `from ${from}: Invalid packet received. Size too small.`);
        return s.callAs(from, "peer_packet", () => s.emit("peer_packet", [from, packet.slice(1)]));
      case Command.SPAWN:
        return s.replication.spawn(from, packet);
      case Command.DESPAWN:
        return s.replication.despawn(from, packet);
      case Command.SYNC:
        return s.replication.sync(from, packet);
      default:
        return s.drop("poll", `Invalid network command from ${from}`);
    }
  }

  #sys(from: number, packet: Uint8Array, mode: TransferMode, channel: number): void {
    const s = this.#s;
    const route = this.#s.route();
    if (route === null) return;
    if (packet.length < SYS_HEADER_SIZE) return s.drop("SYS", `from ${from}: Invalid packet received. Size too small.`);
    const peer = readU32(packet, 2) | 0;
    const relay = relays(route.peer, s.serverRelay);
    switch (packet[1]) {
      case SysCommand.ADD_PEER:
      case SysCommand.DEL_PEER:
        if (!relay || route.self === 1 || from !== 1) return s.drop("SYS", `peer announcement from ${from} refused (only a relaying server announces peers)`);
        return packet[1] === SysCommand.ADD_PEER ? this.admit(peer) : this.remove(peer, true);
      case SysCommand.RELAY: {
        if (!relay) return s.drop("SYS", `relay from ${from} refused: server_relay is off or the peer does not support it`);
        if (packet.length < SYS_HEADER_SIZE + 1) return s.drop("SYS", `empty relay from ${from}`);
        const inner = packet.subarray(SYS_HEADER_SIZE);
        if (route.self !== 1) {
          if (from !== 1) return s.drop("SYS", `relay from ${from}, which is not the server`);
          return this.#relayed(peer, inner);
        }
        const { targets, local } = relayTargets(s.connected, from, peer);
        if (peer > 0 && targets.length === 0) return s.drop("SYS", `relay from ${from} to ${peer}, which is not connected`);
        const forward = concat(sysPacket(SysCommand.RELAY, from), inner);
        for (const target of targets) put(route.peer, target, forward, mode, channel);
        if (local) this.#relayed(from, inner);
        return;
      }
      default:
        return s.drop("SYS", `unknown SYS command ${packet[1] ?? "?"} from ${from}`);
    }
  }

  #relayed(source: number, inner: Uint8Array): void {
    this.#s.callAs(source, "relay", () => this.#process(source, inner));
  }

  #add(id: number): void {
    const s = this.#s;
    if (s.authCallback !== null) {
      s.admission.start(id, Date.now());
      s.emit("peer_authenticating", [id]);
    } else this.admit(id);
  }

  /** Godot's `_admit_peer`: a relaying server tells everyone about the newcomer and the newcomer about everyone. */
  admit(id: number): void {
    const s = this.#s;
    const route = this.#s.route();
    if (route !== null && route.self === 1 && relays(route.peer, s.serverRelay)) {
      for (const other of s.connected) {
        put(route.peer, other, sysPacket(SysCommand.ADD_PEER, id), TransferMode.TRANSFER_MODE_RELIABLE, 0);
        put(route.peer, id, sysPacket(SysCommand.ADD_PEER, other), TransferMode.TRANSFER_MODE_RELIABLE, 0);
      }
    }
    s.connected.add(id);
    if (id === 1) s.emit("connected_to_server", []);
    s.emit("peer_connected", [id]);
  }

  /** Godot's `_del_peer` (`signal` false for `disconnect_peer`, which blocks the signals). */
  remove(id: number, signal: boolean): void {
    const s = this.#s;
    if (s.admission.remove(id)) return void (signal && s.emit("peer_authentication_failed", [id]));
    if (!s.connected.has(id)) return;
    const route = this.#s.route();
    if (route !== null && route.self === 1 && relays(route.peer, s.serverRelay)) {
      for (const other of s.connected) if (other !== id) put(route.peer, other, sysPacket(SysCommand.DEL_PEER, id), TransferMode.TRANSFER_MODE_RELIABLE, 0);
    }
    this.#rpc.cache.removePeer(id);
    s.replication.removePeer(id);
    s.connected.delete(id);
    if (signal) s.emit("peer_disconnected", [id]);
  }

  /** `SceneMultiplayer.send_bytes`: `[03][bytes]` through `send_command`. */
  sendBytes(bytes: unknown, id: unknown, mode: unknown, channel: unknown): GodotError {
    const data = toBytes(bytes);
    if (data === null) return fail(GodotError.ERR_INVALID_PARAMETER, "send_bytes", "expected bytes");
    if (data.length === 0) return fail(GodotError.ERR_INVALID_DATA, "send_bytes", "Trying to send an empty raw packet.");
    const route = this.#s.route();
    if (route === null) return fail(GodotError.ERR_UNCONFIGURED, "send_bytes", "no connected multiplayer peer");
    if (!isIntegerIn(id, -2147483647, 2147483647) || !isIntegerIn(mode, 0, 2) || !isIntegerIn(channel, 0, 65535)) return fail(GodotError.ERR_INVALID_PARAMETER, "send_bytes", "bad id, mode or channel");
    return sendCommand(route, id, concat(Command.RAW, data), mode as TransferMode, channel);
  }

  /** `SceneMultiplayer.send_auth`. */
  sendAuth(id: number, data: unknown): GodotError {
    if (!isIntegerIn(id, 1, MAX_ID)) return fail(GodotError.ERR_INVALID_PARAMETER, "send_auth", "expected a peer id");
    const bytes = toBytes(data);
    const route = this.#s.route();
    if (route === null) return fail(GodotError.ERR_UNCONFIGURED, "send_auth", "no connected multiplayer peer");
    const state = this.#s.admission.state(id);
    if (state === undefined || bytes === null || bytes.length === 0) return fail(GodotError.ERR_INVALID_PARAMETER, "send_auth", "the peer is not authenticating, or the data is empty");
    if (state.local || state.remote) return fail(GodotError.ERR_FILE_CANT_WRITE, "send_auth", "The authentication session was already marked as completed.");
    return put(route.peer, id, concat(Command.SYS, SysCommand.AUTH, bytes), TransferMode.TRANSFER_MODE_RELIABLE, 0);
  }

  /** `SceneMultiplayer.complete_auth`: tells the peer, and admits it if its side completed already. */
  completeAuth(id: number): GodotError {
    if (!isIntegerIn(id, 1, MAX_ID)) return fail(GodotError.ERR_INVALID_PARAMETER, "complete_auth", "expected a peer id");
    const route = this.#s.route();
    if (route === null) return fail(GodotError.ERR_UNCONFIGURED, "complete_auth", "no connected multiplayer peer");
    const state = this.#s.admission.state(id);
    if (state === undefined) return fail(GodotError.ERR_INVALID_PARAMETER, "complete_auth", `peer ${id} is not authenticating`);
    if (state.local) return fail(GodotError.ERR_FILE_CANT_WRITE, "complete_auth", "The authentication session was already marked as completed.");
    const err = put(route.peer, id, Uint8Array.of(Command.SYS, SysCommand.AUTH), TransferMode.TRANSFER_MODE_RELIABLE, 0);
    if (this.#s.admission.completeLocal(id)) this.admit(id);
    return err;
  }

  /** `SceneMultiplayer.disconnect_peer`: forgets `id` without signals (as Godot blocks them), then drops it. */
  disconnectPeer(id: number): GodotError {
    if (!isIntegerIn(id, 1, MAX_ID)) return fail(GodotError.ERR_INVALID_PARAMETER, "disconnect_peer", "expected a peer id");
    const route = this.#s.route();
    if (route === null) return fail(GodotError.ERR_UNCONFIGURED, "disconnect_peer", "no connected multiplayer peer");
    this.remove(id, false);
    route.peer.disconnect_peer(id);
    return GodotError.OK;
  }
}
