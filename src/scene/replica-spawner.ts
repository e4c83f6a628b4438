import { GodotObject, signalsOf } from "../internal/godot-object";
import type { Variant } from "../variant/variant-codec";
import type { PropertyLists } from "./replication-schema";

/**
 * A node a Godot `MultiplayerSpawner` spawned on the server, as this client knows it: where it is, which scene it
 * is, and the latest value of each replicated property (by property path, e.g. `".:position"`).
 */
export class ReplicatedNode {
  /** The latest value of each property received, by path. */
  readonly properties: Record<string, Variant> = {};

  /** @internal Made by the replication decoder. */
  constructor(
    /** The node's name (unique under its parent). */
    readonly name: string,
    /** The node's absolute path, e.g. `"/root/Main/Player1"`. */
    readonly path: string,
    /** The spawnable scene path, or null for a custom spawn. */
    readonly scene: string | null,
    /** The argument of a custom spawn (`spawner.spawn(data)`), else null. */
    readonly custom_data: Variant,
  ) {}
}

/** The signals of a `ReplicaSpawner`. */
export type ReplicaSpawnerSignals = {
  /** A node was spawned, with its spawn properties set. */
  spawned: [node: ReplicatedNode];
  /** A node was despawned (removed on the server, or no longer visible to us). */
  despawned: [node: ReplicatedNode];
  /** New property values arrived for `node`: `delta` is true for on-change properties. */
  synchronized: [node: ReplicatedNode, delta: boolean];
};

/** What the decoder keeps per spawner. */
export interface SpawnerInfo {
  readonly path: string;
  readonly spawnPath: string;
  readonly scenes: readonly string[];
  readonly lists: ReadonlyMap<string, readonly PropertyLists[]>;
}

const infos = new WeakMap<ReplicaSpawner, SpawnerInfo>();

/** The schema of `spawner`, for the decoder. */
export function spawnerInfo(spawner: ReplicaSpawner): SpawnerInfo {
  return infos.get(spawner) as SpawnerInfo;
}

let emitOf: (spawner: ReplicaSpawner) => <N extends keyof ReplicaSpawnerSignals>(name: N, ...args: ReplicaSpawnerSignals[N]) => void;

/**
 * The stand-in for a Godot `MultiplayerSpawner` this client receives from (extension, receive-only): made by
 * `SceneMultiplayer.add_spawner(path, schema)`, it reports the nodes the server spawns and despawns and the
 * states its `MultiplayerSynchronizer`s send, from `poll()`. Only the spawner's authority (default 1) is heard.
 */
export class ReplicaSpawner extends GodotObject<ReplicaSpawnerSignals> {
  readonly #signals = signalsOf<ReplicaSpawnerSignals>(this);
  #authority = 1;

  /** `(node)`: a node was spawned. */
  readonly spawned = this.#signals.signal("spawned");
  /** `(node)`: a node was despawned. */
  readonly despawned = this.#signals.signal("despawned");
  /** `(node, delta)`: new property values arrived. */
  readonly synchronized = this.#signals.signal("synchronized");

  static {
    emitOf = (spawner) => (name, ...args) => {
      spawner.#signals.enqueue(name, ...args);
      spawner.#signals.emitQueued();
    };
  }

  /** @internal Made by `SceneMultiplayer.add_spawner`. */
  constructor(info: SpawnerInfo) {
    super();
    infos.set(this, info);
  }

  /** The spawner's absolute path. */
  get_path(): string {
    return spawnerInfo(this).path;
  }

  /** The peer whose spawns and syncs are accepted (default 1, the server). */
  get_multiplayer_authority(): number {
    return this.#authority;
  }

  /** Sets the peer whose spawns and syncs are accepted. */
  set_multiplayer_authority(id: number): void {
    if (Number.isInteger(id) && id >= 1) this.#authority = id;
  }
}

/** Emits a signal of `spawner` now (the decoder runs inside `poll()`). */
export function emitSpawner<N extends keyof ReplicaSpawnerSignals>(spawner: ReplicaSpawner, name: N, ...args: ReplicaSpawnerSignals[N]): void {
  emitOf(spawner)(name, ...args);
}
