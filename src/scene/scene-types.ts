// The public types of SceneMultiplayer, for the barrels (one export line each).
export type { RpcNode } from "./rpc-node";
export type { RpcMethodConfig, RpcMode } from "./rpc-config";
export type { SceneMultiplayerSignals } from "./scene-state";
export type { ScenePeer } from "./scene-peer";
export type { ReplicaSpawner, ReplicatedNode, ReplicaSpawnerSignals } from "./replica-spawner";
export type { ReplicatedProperty, SpawnerSchema, SynchronizerSchema, ReplicationMode } from "./replication-schema";
