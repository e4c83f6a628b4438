// A match of SceneMultiplayers over MemoryMultiplayerPeers (server/clients or a mesh), polled together, for
// SceneMultiplayer's unit tests.
import { SceneMultiplayer } from "../scene/scene-multiplayer";
import { MemoryMultiplayerPeer } from "./memory-multiplayer-peer";

/** One player: its SceneMultiplayer and its transport. */
export interface Player {
  readonly scene: SceneMultiplayer;
  readonly peer: MemoryMultiplayerPeer;
}

/** Players by id, linked as a server with clients (`relay`) or as a mesh. */
export class SceneMatch {
  readonly players = new Map<number, Player>();

  constructor(
    ids: readonly number[],
    readonly topology: "server" | "mesh",
    setup: (scene: SceneMultiplayer, id: number) => void = () => {},
  ) {
    for (const id of ids) {
      const peer = new MemoryMultiplayerPeer(id, topology === "mesh" ? "mesh" : id === 1 ? "server" : "client");
      const scene = new SceneMultiplayer();
      setup(scene, id);
      this.players.set(id, { scene, peer });
    }
    for (const { peer, scene } of this.players.values()) scene.multiplayer_peer = peer;
  }

  /** The player with `id`. */
  get(id: number): Player {
    const player = this.players.get(id);
    if (player === undefined) throw new Error(`no player ${id}`);
    return player;
  }

  /** Links `id` to the server (server topology) or to every other player (mesh). */
  join(id: number): void {
    const me = this.get(id).peer;
    for (const [other, { peer }] of this.players) {
      if (other === id) continue;
      if (this.topology === "mesh" || other === 1 || id === 1) MemoryMultiplayerPeer.link(me, peer);
    }
  }

  /** Joins everyone. */
  joinAll(): void {
    const ids = [...this.players.keys()];
    for (const [index, id] of ids.entries()) {
      for (const other of ids.slice(index + 1)) {
        if (this.topology === "mesh" || id === 1 || other === 1) MemoryMultiplayerPeer.link(this.get(id).peer, this.get(other).peer);
      }
    }
  }

  /** Polls everyone `rounds` times. */
  poll(rounds = 4): void {
    for (let i = 0; i < rounds; i++) for (const { scene } of this.players.values()) scene.poll();
  }
}
