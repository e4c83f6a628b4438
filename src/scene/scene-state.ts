import { ConnectionStatus } from "../godot/enums";
import { GodotError } from "../godot/godot-error";
import { describe, fail, logError, logWarning } from "../internal/log";
import { PeerAdmission } from "./peer-admission";
import { checkMethods, RpcNode, type RpcNodeHost } from "./rpc-node";
import type { SceneContext } from "./scene-context";
import { relays, sendCommand, type RouteState } from "./scene-packets";
import type { ScenePeer } from "./scene-peer";
import type { SceneRpc } from "./scene-rpc";
import type { PathCache } from "./path-cache";
import { ReplicaSpawner } from "./replica-spawner";
import { checkSpawner } from "./replication-schema";
import { SceneReplication } from "./scene-replication";

/** The signals of `SceneMultiplayer` and their arguments. */
export type SceneMultiplayerSignals = {
  peer_connected: [id: number];
  peer_disconnected: [id: number];
  connected_to_server: [];
  connection_failed: [];
  server_disconnected: [];
  peer_authenticating: [id: number];
  peer_authentication_failed: [id: number];
  peer_packet: [id: number, packet: Uint8Array];
};

type Emit = (name: keyof SceneMultiplayerSignals, args: unknown[]) => void;

/** The state one `SceneMultiplayer` shares between its public API, its packet handling and its RPC logic. */
export class SceneState {
  peer: ScenePeer | null = null;
  rootPath = "/root";
  authCallback: ((id: number, data: Uint8Array) => void) | null = null;
  authTimeoutMs = 3000;
  serverRelay = true;
  lastStatus: ConnectionStatus = ConnectionStatus.CONNECTION_DISCONNECTED;
  remoteSender = 0;
  dropped = 0;
  polling = false;
  readonly connected = new Set<number>();
  readonly admission = new PeerAdmission();
  readonly nodes = new Map<string, RpcNode>();
  readonly spawners = new Map<string, ReplicaSpawner>();
  readonly replication = new SceneReplication({
    pathOf: (from, id) => this.cacheOf?.pathOf(from, id),
    spawnerAt: (path) => this.spawners.get(path),
    drop: (where, reason, quiet) => this.drop(where, reason, quiet),
  });
  /** The path cache, once the RPC logic exists (for the replication decoder). */
  cacheOf: PathCache | null = null;
  readonly later: (() => void)[] = [];
  readonly emit: Emit;
  #handlers: { connected: (id: number) => void; disconnected: (id: number) => void } | null = null;
  onPeerConnected: (id: number) => void = () => {};
  onPeerDisconnected: (id: number) => void = () => {};

  constructor(emit: Emit) {
    this.emit = emit;
  }

  /** Swaps the peer: disconnects from the old one's signals, clears, connects to the new one's. */
  attach(peer: ScenePeer | null, rpc: SceneRpc): void {
    if (peer === this.peer) return;
    if (this.peer !== null && this.#handlers !== null) {
      this.peer.peer_connected.disconnect(this.#handlers.connected);
      this.peer.peer_disconnected.disconnect(this.#handlers.disconnected);
      this.clear(rpc);
    }
    this.peer = peer;
    this.#handlers = null;
    if (peer !== null) {
      this.#handlers = { connected: (id) => this.onPeerConnected(id), disconnected: (id) => this.onPeerDisconnected(id) };
      peer.peer_connected.connect(this.#handlers.connected);
      peer.peer_disconnected.connect(this.#handlers.disconnected);
    }
  }

  /** How to send now: the peer, our id, the admitted peers, whether to relay; null unless connected. */
  route(): RouteState | null {
    const peer = this.peer;
    if (peer === null || peer.get_connection_status() !== ConnectionStatus.CONNECTION_CONNECTED) return null;
    return { peer, self: this.uniqueId(false), connected: this.connected, relay: relays(peer, this.serverRelay) };
  }

  /** Our id; 0 (logged when `log`) without a peer. */
  uniqueId(log: boolean): number {
    if (this.peer === null) {
      if (log) logError("get_unique_id", "No multiplayer peer is assigned. Unable to get unique ID.");
      return 0;
    }
    return this.peer.get_unique_id();
  }

  /** Declares a node (`SceneMultiplayer.add_rpc_node`); null, logged, for a bad or duplicate declaration. */
  addNode(path: unknown, rpcs: unknown, host: RpcNodeHost): RpcNode | null {
    if (typeof path !== "string" || path === "") return fail(null, "add_rpc_node", "path must be a non-empty string");
    const methods = checkMethods(rpcs);
    if (typeof methods === "string") return fail(null, "add_rpc_node", methods);
    const absolute = this.absolutePath(path);
    if (this.nodes.has(absolute)) return fail(null, "add_rpc_node", `a node is already declared at ${absolute}`);
    const node = new RpcNode(host, absolute, methods);
    this.nodes.set(absolute, node);
    return node;
  }

  /** Declares a spawner (`SceneMultiplayer.add_spawner`): a method-less node for the path cache plus the schema. */
  addSpawner(path: unknown, schema: unknown, host: RpcNodeHost): ReplicaSpawner | null {
    const checked = checkSpawner(schema);
    if (typeof checked === "string") return fail(null, "add_spawner", checked);
    if (this.addNode(path, {}, host) === null) return null;
    const absolute = this.absolutePath(path as string);
    const spawner = new ReplicaSpawner({ path: absolute, spawnPath: checked.spawnPath, scenes: checked.scenes, lists: checked.lists });
    this.spawners.set(absolute, spawner);
    return spawner;
  }

  /** `path` made absolute against `root_path`. */
  absolutePath(path: string): string {
    if (path.startsWith("/")) return path.length > 1 ? path.replace(/\/+$/, "") : path;
    const relative = path.replace(/^\.\//, "").replace(/\/+$/, "");
    if (relative === "" || relative === ".") return this.rootPath;
    return `${this.rootPath === "/" ? "" : this.rootPath}/${relative}`;
  }

  /** Logs and counts something a peer sent that is refused. */
  drop(where: string, reason: string, quiet = false): void {
    this.dropped++;
    if (!quiet) logWarning(where, reason);
  }

  /** Forgets peers, authentication and the path cache. */
  clear(rpc: SceneRpc): void {
    this.lastStatus = ConnectionStatus.CONNECTION_DISCONNECTED;
    this.admission.clear();
    this.connected.clear();
    rpc.cache.clear();
    this.replication.clear();
  }

  /** The context the RPC logic runs in. */
  context(): SceneContext {
    return {
      peer: () => this.peer,
      uniqueId: () => this.uniqueId(false),
      connectedPeers: () => this.connected,
      sendCommand: (to, packet, mode, channel) => {
        const state = this.route();
        return state === null ? GodotError.ERR_UNCONFIGURED : sendCommand(state, to, packet, mode, channel);
      },
      nodeAt: (relative) => this.nodes.get(this.absolutePath(relative)),
      relativePath: (node) => {
        const path = node.get_path();
        if (path === this.rootPath) return ".";
        const prefix = this.rootPath === "/" ? "/" : `${this.rootPath}/`;
        return path.startsWith(prefix) ? path.slice(prefix.length) : null;
      },
      callAs: (sender, where, fn) => this.callAs(sender, where, fn),
      later: (fn) => void this.later.push(fn),
      drop: (where, reason) => this.drop(where, reason),
    };
  }

  /** Runs user code with `get_remote_sender_id()` answering `sender`; a throw is logged, never propagated. */
  callAs(sender: number, where: string, fn: () => void): void {
    const previous = this.remoteSender;
    this.remoteSender = sender;
    try {
      fn();
    } catch (error) {
      logError(where, describe(error));
    } finally {
      this.remoteSender = previous;
    }
  }
}
