import { ConnectionStatus, TransferMode } from "../godot/enums";
import { GodotError } from "../godot/godot-error";
import type { Variant } from "../variant/variant-codec";
import type { PackedByteArray } from "../internal/bytes";
import { GodotObject, signalsOf } from "../internal/godot-object";
import { fail, logError } from "../internal/log";
import { RpcMode, type RpcMethodConfig } from "./rpc-config";
import { isRpcNode, type RpcNode, type RpcNodeHost } from "./rpc-node";
import type { ReplicaSpawner } from "./replica-spawner";
import type { SpawnerSchema } from "./replication-schema";
import { SceneInbound } from "./scene-inbound";
import { isScenePeer, type ScenePeer } from "./scene-peer";
import { SceneRpc } from "./scene-rpc";
import { SceneState, type SceneMultiplayerSignals } from "./scene-state";

export type { SceneMultiplayerSignals } from "./scene-state";

/**
 * Godot 4's `SceneMultiplayer` (the default `MultiplayerAPI`) over a `MultiplayerPeer` of ours, byte-compatible
 * with Godot's on the wire: RAW packets (`send_bytes`), authentication, the server relay and its peer
 * announcements, the path cache and RPCs with Godot's method ids and argument encoding, and (receive-only) the
 * spawns and states of a Godot server's MultiplayerSpawner / MultiplayerSynchronizer. JS has no scene tree:
 * declare the nodes you share with `add_rpc_node` / `add_spawner`. Call `poll()` every frame: signals and RPC
 * handlers run only from it. Differences from Godot: docs/scene-multiplayer.md.
 */
export class SceneMultiplayer extends GodotObject<SceneMultiplayerSignals> {
  /** `MultiplayerAPI.RPC_MODE_DISABLED` */
  static readonly RPC_MODE_DISABLED = RpcMode.RPC_MODE_DISABLED;
  /** `MultiplayerAPI.RPC_MODE_ANY_PEER` */
  static readonly RPC_MODE_ANY_PEER = RpcMode.RPC_MODE_ANY_PEER;
  /** `MultiplayerAPI.RPC_MODE_AUTHORITY` */
  static readonly RPC_MODE_AUTHORITY = RpcMode.RPC_MODE_AUTHORITY;

  readonly #signals = signalsOf<SceneMultiplayerSignals>(this);

  /** `(id)`: peer `id` joined (after authentication, when an `auth_callback` is set). */
  readonly peer_connected = this.#signals.signal("peer_connected");
  /** `(id)`: peer `id` left. */
  readonly peer_disconnected = this.#signals.signal("peer_disconnected");
  /** A client reached the server (peer 1 connected). */
  readonly connected_to_server = this.#signals.signal("connected_to_server");
  /** A client's connection failed before reaching the server. */
  readonly connection_failed = this.#signals.signal("connection_failed");
  /** A connected client lost the server. */
  readonly server_disconnected = this.#signals.signal("server_disconnected");
  /** `(id)`: peer `id` connected and waits for authentication (an `auth_callback` is set). */
  readonly peer_authenticating = this.#signals.signal("peer_authenticating");
  /** `(id)`: peer `id` left or timed out before its authentication completed. */
  readonly peer_authentication_failed = this.#signals.signal("peer_authentication_failed");
  /** `(id, packet)`: peer `id` sent `packet` with `send_bytes`. */
  readonly peer_packet = this.#signals.signal("peer_packet");

  readonly #state: SceneState;
  readonly #rpc: SceneRpc;
  readonly #inbound: SceneInbound;
  readonly #host: RpcNodeHost = { rpc: (node, peer, method, args) => this.#rpc.rpc(node, peer, method, args) };

  constructor() {
    super();
    this.#state = new SceneState((name, args) => this.#emit(name, args));
    this.#rpc = new SceneRpc(this.#state.context());
    this.#inbound = new SceneInbound(this.#state, this.#rpc);
  }

  /** The `MultiplayerPeer` carrying the packets, or null (the default; Godot starts with an offline peer). */
  get multiplayer_peer(): ScenePeer | null {
    return this.#state.peer;
  }

  set multiplayer_peer(peer: ScenePeer | null) {
    this.set_multiplayer_peer(peer);
  }

  /** Sets `multiplayer_peer`; it must be connecting or connected (`ERR_INVALID_PARAMETER` otherwise), or null. */
  set_multiplayer_peer(peer: ScenePeer | null): GodotError {
    if (peer !== null && !isScenePeer(peer)) return fail(GodotError.ERR_INVALID_PARAMETER, "set_multiplayer_peer", "expected a MultiplayerPeer or null");
    if (peer !== null && peer.get_connection_status() === ConnectionStatus.CONNECTION_DISCONNECTED) {
      return fail(GodotError.ERR_INVALID_PARAMETER, "set_multiplayer_peer", "Supplied MultiplayerPeer must be connecting or connected.");
    }
    this.#state.attach(peer, this.#rpc);
    return GodotError.OK;
  }

  /** The `MultiplayerPeer`, or null. */
  get_multiplayer_peer(): ScenePeer | null {
    return this.#state.peer;
  }

  /** Whether a `multiplayer_peer` is set. */
  has_multiplayer_peer(): boolean {
    return this.#state.peer !== null;
  }

  /** The absolute path RPC node paths are relative to on the wire (default `"/root"`, as a Godot game's tree). */
  get root_path(): string {
    return this.#state.rootPath;
  }

  set root_path(path: string) {
    if (typeof path !== "string" || (path !== "" && !path.startsWith("/"))) { logError("root_path", "SceneMultiplayer root path must be absolute."); return; }
    this.#state.rootPath = path.length > 1 ? path.replace(/\/+$/, "") : path;
  }

  /** Called as `(id, data: Uint8Array)` with each authentication message of a peer; null (default) admits peers at once. */
  get auth_callback(): ((id: number, data: Uint8Array) => void) | null {
    return this.#state.authCallback;
  }

  set auth_callback(callback: ((id: number, data: Uint8Array) => void) | null) {
    if (callback !== null && typeof callback !== "function") { logError("auth_callback", "expected a function or null"); return; }
    this.#state.authCallback = callback;
  }

  /** Seconds a peer may take to authenticate before it is disconnected (default 3; 0 waits forever). */
  get auth_timeout(): number {
    return this.#state.authTimeoutMs / 1000;
  }

  set auth_timeout(seconds: number) {
    if (typeof seconds !== "number" || !(seconds >= 0) || !Number.isFinite(seconds)) { logError("auth_timeout", "Timeout must be greater or equal to 0 (where 0 means no timeout)"); return; }
    this.#state.authTimeoutMs = Math.floor(seconds * 1000);
  }

  /** Whether a server relays packets between clients and announces peers to them (default true). */
  get server_relay(): boolean {
    return this.#state.serverRelay;
  }

  set server_relay(enabled: boolean) {
    if (typeof enabled !== "boolean") { logError("server_relay", "expected a boolean"); return; }
    this.#state.serverRelay = enabled;
  }

  /** The peer's `refuse_new_connections` (false, with an error logged, without a peer). */
  get refuse_new_connections(): boolean {
    const peer = this.#state.peer;
    if (peer === null) return fail(false, "refuse_new_connections", "No multiplayer peer is assigned.");
    return peer.refuse_new_connections;
  }

  set refuse_new_connections(refuse: boolean) {
    const peer = this.#state.peer;
    if (peer === null) { logError("refuse_new_connections", "No multiplayer peer is assigned."); return; }
    peer.set_refuse_new_connections(refuse);
  }

  /** Polls the peer, admits and drops peers, runs RPC handlers and emits the signals. Returns `OK`. */
  poll(): GodotError {
    this.#signals.emitQueued(); // what happened since the last poll() outside it (complete_auth admitting a peer)
    return this.#inbound.poll(this.#rpc);
  }

  /** Our peer id (0, logged, without a peer). */
  get_unique_id(): number {
    return this.#state.uniqueId(true);
  }

  /** Whether we are the server (id 1). */
  is_server(): boolean {
    return this.#state.uniqueId(false) === 1;
  }

  /** The admitted peers' ids (relayed ones included). */
  get_peers(): number[] {
    if (this.#state.peer === null) return fail([], "get_peers", "No multiplayer peer is assigned. Assume no peers are connected.");
    return [...this.#state.connected];
  }

  /** Inside an RPC handler or `peer_packet`: the id of the peer that sent it (our own id for a local call); else 0. */
  get_remote_sender_id(): number {
    return this.#state.remoteSender;
  }

  /** Peers still authenticating. */
  get_authenticating_peers(): number[] {
    return this.#state.admission.ids();
  }

  /** How many packets or calls from peers were refused (malformed, unauthorised, undeclared); extension. */
  get_dropped_packet_count(): number {
    return this.#state.dropped;
  }

  /**
   * Sends `bytes` as a RAW packet (GDScript `multiplayer.send_bytes`), received as `peer_packet(sender, bytes)`.
   * Empty → `ERR_INVALID_DATA`; no peer, or not connected → `ERR_UNCONFIGURED`.
   */
  send_bytes(bytes: PackedByteArray, id = 0, mode: TransferMode = TransferMode.TRANSFER_MODE_RELIABLE, channel = 0): GodotError {
    return this.#inbound.sendBytes(bytes, id, mode, channel);
  }

  /** Sends authentication `data` to `id` while it authenticates (the other side's `auth_callback` gets it). */
  send_auth(id: number, data: PackedByteArray): GodotError {
    return this.#inbound.sendAuth(id, data);
  }

  /** Marks `id`'s authentication complete on our side; it is admitted once its side completes too. */
  complete_auth(id: number): GodotError {
    return this.#inbound.completeAuth(id);
  }

  /** Drops peer `id` (no `peer_disconnected` here; others hear of it through the relay). */
  disconnect_peer(id: number): GodotError {
    return this.#inbound.disconnectPeer(id);
  }

  /** Forgets every peer and the path cache (Godot's `clear()`); no signals. */
  clear(): void {
    this.#state.clear(this.#rpc);
  }

  /**
   * Declares the node at `path` (absolute, or relative to `root_path`) with its script's `@rpc` methods: `rpcs`
   * maps each method name to `{ rpc_mode, transfer_mode, call_local, channel, call }`, as the Godot script at
   * that path declares them. Returns its `RpcNode`, or null (logged) for a bad or duplicate declaration.
   */
  add_rpc_node(path: string, rpcs: Readonly<Record<string, RpcMethodConfig>>): RpcNode | null {
    return this.#state.addNode(path, rpcs, this.#host);
  }

  /**
   * Declares the Godot `MultiplayerSpawner` at `path` (extension, receive-only): its spawnable scenes and the
   * synchronizers of each, as in the Godot project. The returned `ReplicaSpawner` reports spawns, despawns and
   * synchronized states from `poll()`; null (logged) for a bad schema or a path already declared.
   */
  add_spawner(path: string, schema: SpawnerSchema): ReplicaSpawner | null {
    return this.#state.addSpawner(path, schema, this.#host);
  }

  /** Removes a declared node (by path or `RpcNode`); its RPCs are refused from then on. */
  remove_rpc_node(node: string | RpcNode): GodotError {
    const path = isRpcNode(node) ? node.get_path() : typeof node === "string" ? this.#state.absolutePath(node) : "";
    if (!this.#state.nodes.delete(path)) return fail(GodotError.ERR_DOES_NOT_EXIST, "remove_rpc_node", `no node declared at ${path}`);
    this.#rpc.cache.removePath(path);
    return GodotError.OK;
  }

  /** The declared node at `path`, or null. */
  get_rpc_node(path: string): RpcNode | null {
    return typeof path === "string" ? this.#state.nodes.get(this.#state.absolutePath(path)) ?? null : null;
  }

  /** `MultiplayerAPI.rpc(peer, object, method, arguments)`: calls `method` of `node` (an `RpcNode` or its path) on `peer`. */
  rpc(peer: number, node: RpcNode | string, method: string, args: readonly Variant[] | readonly unknown[] = []): GodotError {
    const target = typeof node === "string" ? this.get_rpc_node(node) : node;
    if (!isRpcNode(target) || !Array.isArray(args)) return fail(GodotError.ERR_INVALID_PARAMETER, "rpc", "expected a declared node (RpcNode or path) and an array of arguments");
    return this.#rpc.rpc(target, peer, method, args);
  }

  #emit(name: keyof SceneMultiplayerSignals, args: unknown[]): void {
    (this.#signals.enqueue as (n: string, ...a: unknown[]) => void)(name, ...args);
    if (this.#state.polling) this.#signals.emitQueued();
  }
}

