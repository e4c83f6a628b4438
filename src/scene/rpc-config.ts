import { TransferMode } from "../godot/enums";
import type { Variant } from "../variant/variant-codec";
import { isIntegerIn, isPlainObject } from "../internal/checks";
import { md5Hex } from "./md5";
import { NODE_METHOD_FLAG } from "./scene-protocol";

/** `MultiplayerAPI.RPCMode`: who may call an RPC. */
export const RpcMode = Object.freeze({ RPC_MODE_DISABLED: 0, RPC_MODE_ANY_PEER: 1, RPC_MODE_AUTHORITY: 2 } as const);
/** An `RpcMode` value. */
export type RpcMode = (typeof RpcMode)[keyof typeof RpcMode];

/**
 * One RPC method of a node, as GDScript's `@rpc(...)` annotation or `Node.rpc_config(method, config)` declares
 * it. Every field but `call` has `@rpc`'s default: `RPC_MODE_AUTHORITY`, `TRANSFER_MODE_RELIABLE`, no
 * `call_local`, channel 0. `call` receives the decoded arguments, from `SceneMultiplayer.poll()`.
 */
export interface RpcMethodConfig {
  /** Who may call it: `RPC_MODE_ANY_PEER` (1), `RPC_MODE_AUTHORITY` (2, default) or `RPC_MODE_DISABLED` (0). */
  rpc_mode?: RpcMode;
  /** How it travels (default `TRANSFER_MODE_RELIABLE`). */
  transfer_mode?: TransferMode;
  /** Whether `rpc()` also runs it here (GDScript's `"call_local"`; default false). */
  call_local?: boolean;
  /** The transfer channel (default 0; n > 0 is the peer's n-th `channels_config` channel). */
  channel?: number;
  /** The handler, run with the decoded arguments; `get_remote_sender_id()` tells who called. */
  call?: (...args: Variant[]) => void;
}

/** A method's settings once checked, and its id. */
export interface RpcMethod {
  readonly name: string;
  readonly id: number;
  readonly rpc_mode: RpcMode;
  readonly transfer_mode: TransferMode;
  readonly call_local: boolean;
  readonly channel: number;
  readonly call: ((...args: Variant[]) => void) | undefined;
}

/** Godot's `String < String`: by Unicode code point (JS's default sort compares UTF-16 units). */
function byCodePoint(a: string, b: string): number {
  const left = Array.from(a, (c) => c.codePointAt(0) ?? 0);
  const right = Array.from(b, (c) => c.codePointAt(0) ?? 0);
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    if (left[i] !== right[i]) return (left[i] ?? 0) - (right[i] ?? 0);
  }
  return left.length - right.length;
}

/** Checks one method config; a message saying what is wrong, or the settings. */
export function checkMethod(name: string, config: unknown): string | Omit<RpcMethod, "id"> {
  if (name === "") return "a method name is empty";
  if (!isPlainObject(config)) return `"${name}": expected a plain object { rpc_mode, transfer_mode, call_local, channel, call }`;
  const { rpc_mode = RpcMode.RPC_MODE_AUTHORITY, transfer_mode = TransferMode.TRANSFER_MODE_RELIABLE, call_local = false, channel = 0, call } = config;
  if (!isIntegerIn(rpc_mode, 0, 2)) return `"${name}": rpc_mode must be RPC_MODE_DISABLED (0), _ANY_PEER (1) or _AUTHORITY (2)`;
  if (!isIntegerIn(transfer_mode, 0, 2)) return `"${name}": transfer_mode must be 0, 1 or 2`;
  if (typeof call_local !== "boolean") return `"${name}": call_local must be a boolean`;
  if (!isIntegerIn(channel, 0, 65535)) return `"${name}": channel must be an integer in 0…65535`;
  if (call !== undefined && typeof call !== "function") return `"${name}": call must be a function`;
  return { name, rpc_mode: rpc_mode as RpcMode, transfer_mode: transfer_mode as TransferMode, call_local, channel, call: call as RpcMethod["call"] };
}

/**
 * A node's RPC methods with Godot's ids and hash (`SceneRPCInterface::_parse_rpc_config`, `get_rpc_md5`): the
 * node's own `rpc_config` methods sorted by name get ids 0x8000…, then the script's `@rpc` methods sorted by name
 * get 0…n−1; the hash is the MD5 of all names concatenated in that order. Both sides must declare the same names.
 */
export class RpcTable {
  readonly #byName = new Map<string, RpcMethod>();
  readonly #byId = new Map<number, RpcMethod>();
  readonly md5: string;

  constructor(script: ReadonlyMap<string, Omit<RpcMethod, "id">>, node: ReadonlyMap<string, Omit<RpcMethod, "id">>) {
    const names: string[] = [];
    for (const [methods, flag] of [[node, NODE_METHOD_FLAG], [script, 0]] as const) {
      [...methods.keys()].sort(byCodePoint).forEach((name, index) => {
        const method = { ...(methods.get(name) as Omit<RpcMethod, "id">), id: index | flag };
        this.#byName.set(name, method);
        this.#byId.set(method.id, method);
        names.push(name);
      });
    }
    this.md5 = md5Hex(names.join(""));
  }

  /** The method called `name`, if declared. */
  byName(name: string): RpcMethod | undefined {
    return this.#byName.get(name);
  }

  /** The method with wire id `id`, if declared. */
  byId(id: number): RpcMethod | undefined {
    return this.#byId.get(id);
  }
}
