import { GodotError } from "../godot/godot-error";
import { isIntegerIn, isPlainObject } from "../internal/checks";
import { fail } from "../internal/log";
import { checkMethod, RpcTable, type RpcMethod, type RpcMethodConfig } from "./rpc-config";

/** How an `RpcNode` reaches the `SceneMultiplayer` that made it. */
export interface RpcNodeHost {
  /** Sends (and, with `call_local`, schedules) `method` to `peer` as `MultiplayerAPI.rpc` does. */
  rpc(node: RpcNode, peer: number, method: string, args: readonly unknown[]): GodotError;
}

type Methods = Map<string, Omit<RpcMethod, "id">>;

/** Checks a `{ name: config }` map; the methods, or why not. */
export function checkMethods(rpcs: unknown): Methods | string {
  if (!isPlainObject(rpcs)) return "rpcs must be a plain object { method_name: { rpc_mode, transfer_mode, call_local, channel, call } }";
  const methods: Methods = new Map();
  for (const [name, config] of Object.entries(rpcs)) {
    const method = checkMethod(name, config);
    if (typeof method === "string") return method;
    methods.set(name, method);
  }
  return methods;
}

const tables = new WeakMap<RpcNode, () => RpcTable>();

/** The current method table of `node` (ids, hash, handlers); for `SceneMultiplayer` only. */
export function rpcTableOf(node: RpcNode): RpcTable {
  return (tables.get(node) as () => RpcTable)();
}

/**
 * A stand-in for one node of the Godot scene tree that shares RPCs with Godot peers: JS has no scene tree, so a
 * game declares, with `SceneMultiplayer.add_rpc_node(path, rpcs)`, the node path and the `@rpc` methods of the
 * Godot script at that path. Same names and settings give the same method ids and config hash as Godot's.
 */
export class RpcNode {
  readonly #host: RpcNodeHost;
  readonly #path: string;
  readonly #script: Methods;
  readonly #node: Methods = new Map();
  #table: RpcTable;
  #authority = 1;

  /** @internal Made by `SceneMultiplayer.add_rpc_node`. */
  constructor(host: RpcNodeHost, path: string, script: Methods) {
    this.#host = host;
    this.#path = path;
    this.#script = script;
    this.#table = new RpcTable(script, this.#node);
    tables.set(this, () => this.#table);
  }

  /** The node's absolute path (Godot's `Node.get_path()`), e.g. `"/root/Main"`. */
  get_path(): string {
    return this.#path;
  }

  /**
   * Calls `method` on every peer (Godot's `Node.rpc`), and here too when it is `call_local`. `OK`, or as Godot:
   * `ERR_UNCONFIGURED` without a peer, `ERR_CONNECTION_ERROR` when not connected, `ERR_INVALID_PARAMETER` for an
   * undeclared method or arguments that cannot be encoded.
   */
  rpc(method: string, ...args: unknown[]): GodotError {
    return this.#host.rpc(this, 0, method, args);
  }

  /** Calls `method` on peer `peer_id` only (Godot's `Node.rpc_id`); a negative id means everyone but that peer. */
  rpc_id(peer_id: number, method: string, ...args: unknown[]): GodotError {
    return this.#host.rpc(this, peer_id, method, args);
  }

  /**
   * Declares a node-level RPC (Godot's `Node.rpc_config(method, config)`), as opposed to the script's `@rpc`
   * methods given to `add_rpc_node`: node-level ids come first and have bit 15 set. `null` removes it.
   */
  rpc_config(method: string, config: RpcMethodConfig | null): GodotError {
    if (typeof method !== "string") return fail(GodotError.ERR_INVALID_PARAMETER, "rpc_config", "method must be a string");
    if (config === null) {
      this.#node.delete(method);
    } else {
      const checked = checkMethod(method, config);
      if (typeof checked === "string") return fail(GodotError.ERR_INVALID_PARAMETER, "rpc_config", checked);
      this.#node.set(method, checked);
    }
    this.#table = new RpcTable(this.#script, this.#node);
    return GodotError.OK;
  }

  /** Sets the peer allowed to call this node's `RPC_MODE_AUTHORITY` methods (default 1, the server). */
  set_multiplayer_authority(id: number): GodotError {
    if (!isIntegerIn(id, 1, 2147483647)) return fail(GodotError.ERR_INVALID_PARAMETER, "set_multiplayer_authority", "expected a peer id in 1…2147483647");
    this.#authority = id;
    return GodotError.OK;
  }

  /** The peer allowed to call `RPC_MODE_AUTHORITY` methods (default 1). */
  get_multiplayer_authority(): number {
    return this.#authority;
  }
}

/** Whether `value` is an `RpcNode` made here; never throws (a Proxy's `getPrototypeOf` trap may). */
export function isRpcNode(value: unknown): value is RpcNode {
  return typeof value === "object" && value !== null && tables.has(value as RpcNode);
}
