import { isIntegerIn, isPlainObject } from "../internal/checks";

/** `SceneReplicationConfig.ReplicationMode`: when a property is synchronized. */
export const ReplicationMode = Object.freeze({ REPLICATION_MODE_NEVER: 0, REPLICATION_MODE_ALWAYS: 1, REPLICATION_MODE_ON_CHANGE: 2 } as const);
/** A `ReplicationMode` value. */
export type ReplicationMode = (typeof ReplicationMode)[keyof typeof ReplicationMode];

/** One property of a `SceneReplicationConfig`, as the Godot editor's Replication panel lists it. */
export interface ReplicatedProperty {
  /** The property path relative to the synchronizer's root, e.g. `".:position"` or `"Sprite:modulate"`. */
  path: string;
  /** Whether it is sent with the spawn (default true, as in Godot). */
  spawn?: boolean;
  /** `REPLICATION_MODE_ALWAYS` (1, default: every sync), `_ON_CHANGE` (2: deltas) or `_NEVER` (0). */
  replication_mode?: ReplicationMode;
}

/** A `MultiplayerSynchronizer` of a spawnable scene: its properties in the order of its replication config. */
export interface SynchronizerSchema {
  properties: ReplicatedProperty[];
}

/**
 * A `MultiplayerSpawner`: its spawnable scenes in the order of its list (`add_spawnable_scene`), and per scene
 * the `MultiplayerSynchronizer`s of that scene in tree order. `custom` describes the synchronizers of nodes made
 * by a `spawn_function` (custom spawns).
 */
export interface SpawnerSchema {
  /** The spawner's `spawn_path` (default `".."`, the spawner's parent): where spawned nodes are added. */
  spawn_path?: string;
  /** Spawnable scene paths (`"res://player.tscn"`), in the spawner's order. */
  scenes: string[];
  /** The synchronizers of each scene, by scene path, in tree order. */
  synchronizers?: Record<string, SynchronizerSchema[]>;
  /** The synchronizers of custom-spawned nodes, in tree order. */
  custom?: SynchronizerSchema[];
}

/** A synchronizer's property lists as Godot derives them (`SceneReplicationConfig::_update`). */
export interface PropertyLists {
  readonly spawn: readonly string[];
  readonly sync: readonly string[];
  readonly watch: readonly string[];
}

/** Checks a spawner schema; the per-synchronizer property lists by scene (`""` for custom), or why not. */
export function checkSpawner(schema: unknown): { spawnPath: string; scenes: string[]; lists: Map<string, PropertyLists[]> } | string {
  if (!isPlainObject(schema)) return "expected { scenes, synchronizers?, custom?, spawn_path? }";
  const { spawn_path = "..", scenes, synchronizers = {}, custom = [] } = schema;
  if (typeof spawn_path !== "string") return "spawn_path must be a string";
  if (!Array.isArray(scenes) || !scenes.every((s) => typeof s === "string") || scenes.length > 254) return "scenes must be an array of at most 254 scene paths";
  if (!isPlainObject(synchronizers)) return "synchronizers must map scene paths to arrays of { properties }";
  const lists = new Map<string, PropertyLists[]>();
  for (const [scene, syncs] of [...Object.entries(synchronizers), ["", custom] as const]) {
    if (!Array.isArray(syncs)) return `synchronizers of ${scene || "custom spawns"} must be an array`;
    const checked: PropertyLists[] = [];
    for (const sync of syncs) {
      const one = checkSynchronizer(sync);
      if (typeof one === "string") return `${scene || "custom"}: ${one}`;
      checked.push(one);
    }
    lists.set(scene, checked);
  }
  return { spawnPath: spawn_path, scenes: scenes as string[], lists };
}

function checkSynchronizer(sync: unknown): PropertyLists | string {
  if (!isPlainObject(sync) || !Array.isArray(sync["properties"])) return "a synchronizer is { properties: [{ path, spawn?, replication_mode? }] }";
  const lists = { spawn: [] as string[], sync: [] as string[], watch: [] as string[] };
  for (const property of sync["properties"] as unknown[]) {
    if (!isPlainObject(property) || typeof property["path"] !== "string") return "each property needs a string path";
    const { path, spawn = true, replication_mode = ReplicationMode.REPLICATION_MODE_ALWAYS } = property;
    if (typeof spawn !== "boolean" || !isIntegerIn(replication_mode, 0, 2)) return `${path}: spawn must be a boolean, replication_mode 0, 1 or 2`;
    if (spawn) lists.spawn.push(path as string);
    if (replication_mode === ReplicationMode.REPLICATION_MODE_ALWAYS) lists.sync.push(path as string);
    if (replication_mode === ReplicationMode.REPLICATION_MODE_ON_CHANGE) lists.watch.push(path as string);
  }
  if (lists.watch.length > 64) return "at most 64 on-change properties per synchronizer (Godot's delta mask is 64 bits)";
  return lists;
}
