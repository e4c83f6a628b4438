import { TransferMode } from "../godot/enums";
import { GodotError } from "../godot/godot-error";
import { ConnectionStatus } from "../godot/enums";
import { fail } from "../internal/log";
import { PathCache } from "./path-cache";
import { RpcMode, type RpcMethod } from "./rpc-config";
import { rpcTableOf, type RpcNode } from "./rpc-node";
import { decodeRpcArgs, encodeRpcArgs } from "./rpc-args";
import type { SceneContext } from "./scene-context";
import { BYTE_ONLY_OR_NO_ARGS_FLAG, Command, FULL_PATH_FLAG, NAME_ID_COMPRESSION_SHIFT, NODE_ID_COMPRESSION_SHIFT, NodeIdCompression } from "./scene-protocol";
import { concat, cstring, readCString, readU16, readU32, u16, u32 } from "./packet-bytes";

const MD5_LENGTH = 32;
const SIMPLIFY_MIN = 1 + MD5_LENGTH + 1 + 4;

/**
 * Godot's `SceneRPCInterface` and the path-cache messages of `SceneCacheInterface`: builds REMOTE_CALL packets
 * with Godot's node and method ids and argument encoding, and runs the ones peers send, with Godot's checks
 * (declared node and method, `RPC_MODE_AUTHORITY`) plus one of ours: a node whose RPC config hash differs
 * between the two sides is refused both ways, where Godot only logs and then calls the wrong methods.
 */
export class SceneRpc {
  readonly #ctx: SceneContext;
  readonly cache = new PathCache();

  constructor(context: SceneContext) {
    this.#ctx = context;
  }

  /** `MultiplayerAPI.rpc(peer, node, method, args)`. */
  rpc(node: RpcNode, peer: number, method: string, args: readonly unknown[]): GodotError {
    const ctx = this.#ctx;
    const multiplayerPeer = ctx.peer();
    if (multiplayerPeer === null) return fail(GodotError.ERR_UNCONFIGURED, "rpc", "no multiplayer peer is active");
    if (multiplayerPeer.get_connection_status() !== ConnectionStatus.CONNECTION_CONNECTED) return fail(GodotError.ERR_CONNECTION_ERROR, "rpc", "the multiplayer peer is not connected");
    if (!Number.isInteger(peer) || typeof method !== "string") return fail(GodotError.ERR_INVALID_PARAMETER, "rpc", "expected an integer peer id and a method name");
    const config = rpcTableOf(node).byName(method);
    if (config === undefined) return fail(GodotError.ERR_INVALID_PARAMETER, "rpc", `"${method}" is not an RPC method of ${node.get_path()}`);
    const self = ctx.uniqueId();
    if (peer === self && !config.call_local) return fail(GodotError.ERR_INVALID_PARAMETER, "rpc", `RPC '${method}' on yourself is not allowed by selected mode`);
    if (args.length > 255) return fail(GodotError.ERR_INVALID_PARAMETER, "rpc", "too many arguments (>255)");
    const encoded = encodeRpcArgs(args);
    if (!encoded.ok) return fail(GodotError.ERR_INVALID_PARAMETER, "rpc", `${method}: ${encoded.message}`);
    if (peer !== self) {
      const err = this.#send(node, peer, config, encoded.bytes, encoded.raw, args.length);
      if (err !== GodotError.OK) return err;
    }
    const local = peer === 0 || peer === self || (peer < 0 && peer !== -self);
    if (local && config.call_local) {
      const values = decodeRpcArgs(encoded.bytes, encoded.raw, encoded.raw ? args.length : args.length);
      ctx.later(() => this.#invoke(node, config, self, values.ok ? values.values : []));
    }
    return GodotError.OK;
  }

  #send(node: RpcNode, to: number, config: RpcMethod, args: Uint8Array, raw: boolean, argc: number): GodotError {
    const ctx = this.#ctx;
    const connected = ctx.connectedPeers();
    if (to !== 0 && !connected.has(Math.abs(to))) return fail(GodotError.ERR_INVALID_PARAMETER, "rpc", `unknown peer id ${to}`);
    const path = ctx.relativePath(node);
    if (path === null) return fail(GodotError.ERR_INVALID_PARAMETER, "rpc", `${node.get_path()} is not under root_path`);
    const absolute = node.get_path();
    const targets = to > 0 ? [to] : [...connected].filter((id) => id !== -to);
    const table = rpcTableOf(node);
    const id = this.cache.idOf(absolute);
    for (const target of targets) {
      if (this.cache.announce(absolute, target)) {
        const simplify = concat(Command.SIMPLIFY_PATH, cstring(table.md5), u32(id), cstring(path));
        ctx.sendCommand(target, simplify, TransferMode.TRANSFER_MODE_RELIABLE, 0);
      }
    }
    const allConfirmed = targets.every((target) => this.cache.isConfirmed(absolute, target));
    const nameId = config.id <= 0xff ? Uint8Array.of(config.id) : u16(config.id);
    const tail = concat(nameId, raw ? new Uint8Array(0) : Uint8Array.of(argc), args);
    const flags = (config.id <= 0xff ? 0 : 1 << NAME_ID_COMPRESSION_SHIFT) | (raw ? BYTE_ONLY_OR_NO_ARGS_FLAG : 0);
    for (const target of targets) {
      if (this.cache.isMismatched(target, absolute)) {
        ctx.drop("rpc", `not sent to peer ${target}: it reported a different RPC config for ${absolute} (declare the same @rpc methods on both sides)`);
        continue;
      }
      let packet: Uint8Array;
      if (allConfirmed && id <= 0xff) packet = concat(Command.REMOTE_CALL | flags, id, tail);
      else if (allConfirmed && id <= 0xffff) packet = concat(Command.REMOTE_CALL | flags | (NodeIdCompression.U16 << NODE_ID_COMPRESSION_SHIFT), u16(id), tail);
      else if (this.cache.isConfirmed(absolute, target)) packet = concat(Command.REMOTE_CALL | flags | (NodeIdCompression.U32 << NODE_ID_COMPRESSION_SHIFT), u32(id), tail);
      else packet = concat(Command.REMOTE_CALL | flags | (NodeIdCompression.U32 << NODE_ID_COMPRESSION_SHIFT), u32(FULL_PATH_FLAG | (5 + tail.length)), tail, cstring(path));
      ctx.sendCommand(target, packet, config.transfer_mode, config.channel);
    }
    return GodotError.OK;
  }

  /** A REMOTE_CALL from `from`. */
  processRpc(from: number, packet: Uint8Array): void {
    const meta = packet[0] ?? 0;
    const nodeCompression = (meta >> NODE_ID_COMPRESSION_SHIFT) & 3;
    const nodeIdSize = [1, 2, 4][nodeCompression];
    if (nodeIdSize === undefined) return this.#ctx.drop("REMOTE_CALL", `from ${from}: invalid node id compression`);
    const nameIdSize = meta & (1 << NAME_ID_COMPRESSION_SHIFT) ? 2 : 1;
    const headerSize = 1 + nodeIdSize + nameIdSize;
    if (packet.length < headerSize) return this.#ctx.drop("REMOTE_CALL", `from ${from}: ${packet.length} bytes, too small`);
    const target = nodeIdSize === 1 ? (packet[1] ?? 0) : nodeIdSize === 2 ? readU16(packet, 1) : readU32(packet, 1);
    let path: string | undefined;
    let end = packet.length;
    if (nodeIdSize === 4 && target & FULL_PATH_FLAG) {
      const offset = target & ~FULL_PATH_FLAG;
      if (offset < headerSize || offset >= packet.length) return this.#ctx.drop("REMOTE_CALL", `from ${from}: path offset ${offset} outside the packet`);
      path = readCString(packet.subarray(offset));
      end = offset;
    } else {
      path = this.cache.pathOf(from, target);
      if (path === undefined) return this.#ctx.drop("REMOTE_CALL", `from ${from}: cache id ${target} not found in its cache`);
    }
    const node = this.#ctx.nodeAt(path);
    if (node === undefined) return this.#ctx.drop("REMOTE_CALL", `from ${from}: no RPC node declared at "${path}"`);
    if (this.cache.isMismatched(from, node.get_path())) return this.#ctx.drop("REMOTE_CALL", `from ${from}: the RPC config of ${node.get_path()} differs between the peers (checksum failed)`);
    const nameId = nameIdSize === 1 ? (packet[1 + nodeIdSize] ?? 0) : readU16(packet, 1 + nodeIdSize);
    const config = rpcTableOf(node).byId(nameId);
    if (config === undefined) return this.#ctx.drop("REMOTE_CALL", `from ${from}: ${node.get_path()} has no RPC method with id ${nameId}`);
    const mode = config.rpc_mode;
    const allowed = mode === RpcMode.RPC_MODE_ANY_PEER || (mode === RpcMode.RPC_MODE_AUTHORITY && from === node.get_multiplayer_authority());
    if (!allowed) return this.#ctx.drop("REMOTE_CALL", `RPC '${config.name}' is not allowed on node ${node.get_path()} from: ${from}. Mode is ${mode}, authority is ${node.get_multiplayer_authority()}.`);
    const body = packet.subarray(headerSize, end);
    const raw = (meta & BYTE_ONLY_OR_NO_ARGS_FLAG) !== 0;
    if (!raw && body.length < 1) return this.#ctx.drop("REMOTE_CALL", `from ${from}: no argument count`);
    const args = raw ? decodeRpcArgs(body, true, body.length > 0 ? 1 : 0) : decodeRpcArgs(body.subarray(1), false, body[0] ?? 0);
    if (!args.ok) return this.#ctx.drop("REMOTE_CALL", `from ${from}, ${config.name}: ${args.message}`);
    this.#invoke(node, config, from, args.values);
  }

  #invoke(node: RpcNode, config: RpcMethod, sender: number, args: Parameters<NonNullable<RpcMethod["call"]>>): void {
    const call = config.call;
    if (call === undefined) return this.#ctx.drop("REMOTE_CALL", `${node.get_path()}.${config.name} has no call handler`);
    this.#ctx.callAs(sender, `${node.get_path()}.${config.name}`, () => call(...args));
  }

  /** A SIMPLIFY_PATH from `from`: remember its id for the path, answer CONFIRM_PATH (valid = hashes agree). */
  processSimplify(from: number, packet: Uint8Array): void {
    if (packet.length < SIMPLIFY_MIN) return this.#ctx.drop("SIMPLIFY_PATH", `from ${from}: ${packet.length} bytes, too small`);
    const md5 = readCString(packet.subarray(1, 1 + MD5_LENGTH));
    const id = readU32(packet, 1 + MD5_LENGTH + 1);
    const path = readCString(packet.subarray(SIMPLIFY_MIN));
    const node = this.#ctx.nodeAt(path);
    if (node === undefined) return this.#ctx.drop("SIMPLIFY_PATH", `from ${from}: no RPC node declared at "${path}" (not confirmed)`);
    const valid = rpcTableOf(node).md5 === md5;
    const error = this.cache.receive(from, id, node.get_path(), valid);
    if (error !== null) return this.#ctx.drop("SIMPLIFY_PATH", error);
    if (!valid) this.#ctx.drop("SIMPLIFY_PATH", `The rpc node checksum failed. Make sure to have the same methods on both nodes. Node path: ${path} (peer ${from})`);
    this.#ctx.sendCommand(from, concat(Command.CONFIRM_PATH, valid ? 1 : 0, u32(id)), TransferMode.TRANSFER_MODE_RELIABLE, 0);
  }

  /** A CONFIRM_PATH from `from`. */
  processConfirm(from: number, packet: Uint8Array): void {
    if (packet.length !== 6) return this.#ctx.drop("CONFIRM_PATH", `from ${from}: ${packet.length} bytes, expected 6`);
    const valid = packet[1] !== 0;
    const result = this.cache.confirm(from, readU32(packet, 2), valid);
    if (result !== null && typeof result === "object") return this.#ctx.drop("CONFIRM_PATH", result.error);
    if (!valid && result !== null) this.#ctx.drop("CONFIRM_PATH", `The rpc node checksum failed. Make sure to have the same methods on both nodes. Node path: ${result} (peer ${from})`);
  }
}
