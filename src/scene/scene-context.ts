import type { TransferMode } from "../godot/enums";
import type { GodotError } from "../godot/godot-error";
import type { RpcNode } from "./rpc-node";
import type { ScenePeer } from "./scene-peer";

/** What the RPC and cache logic needs of `SceneMultiplayer`; keeps those files free of the class itself. */
export interface SceneContext {
  /** The active peer, or null. */
  peer(): ScenePeer | null;
  /** Our id (the peer's `get_unique_id()`), 0 without a peer. */
  uniqueId(): number;
  /** The admitted peers, including peers the server announced through its relay. */
  connectedPeers(): ReadonlySet<number>;
  /** Sends `packet` to `to` (id, 0 all, −id all but), through the server relay where Godot would. */
  sendCommand(to: number, packet: Uint8Array, mode: TransferMode, channel: number): GodotError;
  /** The declared node at `path` relative to `root_path`, if any. */
  nodeAt(relativePath: string): RpcNode | undefined;
  /** `node`'s path relative to `root_path`, or null when it is not under it. */
  relativePath(node: RpcNode): string | null;
  /** Runs `fn` with `get_remote_sender_id()` answering `sender`; handler errors are logged. */
  callAs(sender: number, where: string, fn: () => void): void;
  /** Runs `fn` from the next `poll()` (local calls: no user code runs outside `poll()`). */
  later(fn: () => void): void;
  /** Logs and counts a refused packet or call. */
  drop(where: string, reason: string): void;
}
