import { readCString, readU16, readU32 } from "./packet-bytes";
import { emitSpawner, ReplicatedNode, spawnerInfo, type ReplicaSpawner } from "./replica-spawner";
import type { PropertyLists } from "./replication-schema";
import { SYNC_DELTA_FLAG } from "./scene-protocol";
import { decompressVariant, decompressVariants } from "./variant-compression";

const CUSTOM_SCENE = 255;
const INVALID_NAME = /[.:/"%]/;
/** At most this many nodes spawned by one peer are tracked (Godot has no bound). */
const MAX_NODES = 65536;

/** A received synchronizer: the node it updates, its property lists, the last sync time seen. */
interface RemoteSync {
  readonly spawner: ReplicaSpawner;
  readonly node: ReplicatedNode;
  readonly lists: PropertyLists;
  lastTime: number | null;
}

/** What the decoder needs of `SceneMultiplayer`. */
export interface ReplicationHost {
  /** The path peer `from` announced as cache id `id`. */
  pathOf(from: number, id: number): string | undefined;
  /** The spawner declared at `path`. */
  spawnerAt(path: string): ReplicaSpawner | undefined;
  /** Logs (unless `quiet`) and counts a refused packet. */
  drop(where: string, reason: string, quiet?: boolean): void;
}

/** Joins `base` and a relative `path` (".." and "." resolved). */
function joinPath(base: string, relative: string): string {
  const parts = base.split("/").filter((p) => p !== "");
  for (const part of relative.split("/")) {
    if (part === "..") parts.pop();
    else if (part !== "." && part !== "") parts.push(part);
  }
  return `/${parts.join("/")}`;
}

/**
 * Receive-only decoding of Godot's replication (`SceneReplicationInterface`): SPAWN
 * `[04][scene u8][u32 spawner cache id][u32 net id][u32 syncs][u32 name size][u32 sync ids…][name][custom arg][spawn state]`,
 * DESPAWN `[05][u32 net id]`, SYNC `[06][u16 time]([u32 net id][u32 size][state])…` and its delta form
 * `[16]([u32 net id][u64 changed mask][u32 size][state])…`, against the schema given to `add_spawner`. Spawned
 * nodes and their synchronizers are kept per peer and forgotten when it leaves.
 */
export class SceneReplication {
  readonly #host: ReplicationHost;
  readonly #nodes = new Map<number, Map<number, { spawner: ReplicaSpawner; node: ReplicatedNode; syncs: number[] }>>();
  readonly #syncs = new Map<number, Map<number, RemoteSync>>();
  readonly #warned = new Set<string>();

  constructor(host: ReplicationHost) {
    this.#host = host;
  }

  spawn(from: number, p: Uint8Array): void {
    const drop = (reason: string): void => this.#host.drop("SPAWN", `from ${from}: ${reason}`);
    if (p.length < 18) return drop("Invalid spawn packet received");
    const sceneId = p[1] ?? 0;
    const spawnerPath = this.#host.pathOf(from, readU32(p, 2));
    const spawner = spawnerPath === undefined ? undefined : this.#host.spawnerAt(spawnerPath);
    if (spawner === undefined) return drop(`no spawner declared at ${spawnerPath ?? `cache id ${readU32(p, 2)}`}`);
    if (from !== spawner.get_multiplayer_authority()) return drop(`not the authority of ${spawner.get_path()}`);
    const [netId, syncCount, nameSize] = [readU32(p, 6), readU32(p, 10), readU32(p, 14)];
    let at = 18;
    if (syncCount > 1024 || nameSize + syncCount * 4 > p.length - at) return drop(`invalid spawn packet size ${p.length}`);
    const syncIds = Array.from({ length: syncCount }, (_, i) => readU32(p, at + i * 4));
    at += syncCount * 4;
    const name = readCString(p.subarray(at, at + nameSize));
    at += nameSize;
    if (name === "" || INVALID_NAME.test(name)) return drop(`invalid node name "${name}"`);
    let custom: ReplicatedNode["custom_data"] = null;
    const info = spawnerInfo(spawner);
    const scene = sceneId === CUSTOM_SCENE ? null : info.scenes[sceneId];
    if (scene === undefined) return drop(`${spawner.get_path()} has no spawnable scene ${sceneId}`);
    if (scene === null) {
      if (p.length - at < 4) return drop("truncated custom spawn argument");
      const size = readU32(p, at);
      at += 4;
      const arg = size <= p.length - at ? decompressVariant(p.subarray(at, at + size)) : null;
      if (arg === null || !arg.ok) return drop(`bad custom spawn argument${arg === null ? "" : `: ${arg.message}`}`);
      custom = arg.value;
      at += size;
    }
    const lists = info.lists.get(scene ?? "") ?? [];
    if (lists.length !== syncIds.length) return drop(`${scene ?? "a custom spawn"} has ${syncIds.length} synchronizers on the server, ${lists.length} declared`);
    const nodes = this.#mapOf(this.#nodes, from);
    if (nodes.has(netId)) return drop(`net id ${netId} already spawned`);
    if (nodes.size >= MAX_NODES) return drop(`more than ${MAX_NODES} spawned nodes`);
    const node = new ReplicatedNode(name, joinPath(joinPath(info.path, info.spawnPath), name), scene, custom);
    for (const list of lists) {
      const state = decompressVariants(p.subarray(at), list.spawn.length);
      if (!state.ok) return drop(`spawn state of ${node.path}: ${state.message}`);
      list.spawn.forEach((path, i) => (node.properties[path] = state.values[i] ?? null));
      at += state.length;
    }
    nodes.set(netId, { spawner, node, syncs: syncIds });
    const syncs = this.#mapOf(this.#syncs, from);
    syncIds.forEach((id, i) => syncs.set(id, { spawner, node, lists: lists[i] as PropertyLists, lastTime: null }));
    emitSpawner(spawner, "spawned", node);
  }

  despawn(from: number, p: Uint8Array): void {
    if (p.length < 5) return this.#host.drop("DESPAWN", `from ${from}: Invalid spawn packet received`);
    const nodes = this.#nodes.get(from);
    const entry = nodes?.get(readU32(p, 1));
    if (nodes === undefined || entry === undefined) return this.#host.drop("DESPAWN", `from ${from}: unknown net id ${readU32(p, 1)}`);
    nodes.delete(readU32(p, 1));
    for (const id of entry.syncs) this.#syncs.get(from)?.delete(id);
    emitSpawner(entry.spawner, "despawned", entry.node);
  }

  sync(from: number, p: Uint8Array): void {
    if (p.length < 11) return this.#host.drop("SYNC", `from ${from}: Invalid sync packet received`);
    const delta = ((p[0] ?? 0) & SYNC_DELTA_FLAG) !== 0;
    const time = readU16(p, 1);
    const header = delta ? 16 : 8;
    let at = delta ? 1 : 3;
    while (at + header < p.length) {
      const netId = readU32(p, at);
      const mask = delta ? new DataView(p.buffer, p.byteOffset + at + 4, 8).getBigUint64(0, true) : 0n;
      const size = readU32(p, at + header - 4);
      at += header;
      if (size > p.length - at) return this.#host.drop("SYNC", `from ${from}: state of ${size} bytes past the end`);
      const body = p.subarray(at, at + size);
      at += size;
      const sync = this.#syncs.get(from)?.get(netId);
      if (sync === undefined) {
        // Godot skips these silently: states of a node despawned (or not spawned yet) cross on unreliable channels.
        // Counted always, logged once per synchronizer.
        const key = `${from}:${netId}`;
        const quiet = this.#warned.has(key) || this.#warned.size >= 1024;
        this.#warned.add(key);
        this.#host.drop("SYNC", `from ${from}: unknown synchronizer ${netId}${netId & 0x80000000 ? " (synchronizers outside spawned scenes are not supported)" : ""}`, quiet);
        continue;
      }
      if (from !== sync.spawner.get_multiplayer_authority()) continue;
      if (!delta && sync.lastTime !== null && time <= sync.lastTime && sync.lastTime - time < 32767) continue; // older than one already applied
      if (!delta) sync.lastTime = time;
      const props = delta ? sync.lists.watch.filter((_, i) => (mask >> BigInt(i)) & 1n) : sync.lists.sync;
      const state = decompressVariants(body, props.length);
      if (!state.ok || (delta && state.length !== size)) return this.#host.drop("SYNC", `from ${from}: state of ${sync.node.path}: ${state.ok ? "size mismatch" : state.message}`);
      props.forEach((path, i) => (sync.node.properties[path] = state.values[i] ?? null));
      emitSpawner(sync.spawner, "synchronized", sync.node, delta);
    }
  }

  /** Forgets everything (`SceneMultiplayer.clear()`), without signals. */
  clear(): void {
    this.#nodes.clear();
    this.#syncs.clear();
  }

  /** Forgets what `peer` spawned (it left); each node is reported despawned. */
  removePeer(peer: number): void {
    for (const { spawner, node } of this.#nodes.get(peer)?.values() ?? []) emitSpawner(spawner, "despawned", node);
    this.#nodes.delete(peer);
    this.#syncs.delete(peer);
  }

  #mapOf<V>(maps: Map<number, Map<number, V>>, peer: number): Map<number, V> {
    let map = maps.get(peer);
    if (map === undefined) maps.set(peer, (map = new Map()));
    return map;
  }
}
