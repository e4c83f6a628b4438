import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SceneMatch } from "../test-support/scene-match";
import { Vector2 } from "../variant";
import { md5Hex } from "./md5";
import { concat, cstring, u16, u32 } from "./packet-bytes";
import type { ReplicatedNode } from "./replica-spawner";
import { compressVariant } from "./variant-compression";

beforeEach(() => {
  vi.spyOn(console, "error").mockImplementation(() => {});
  vi.spyOn(console, "warn").mockImplementation(() => {});
});
afterEach(() => vi.restoreAllMocks());

const value = (v: unknown): Uint8Array => {
  const c = compressVariant(v, 1 << 20);
  if (!c.ok) throw new Error(c.message);
  return c.bytes;
};

/** Packets as Godot 4.6's SceneReplicationInterface writes them (checked against the engine in e2e). */
const godot = {
  simplify: (id: number, path: string) => concat(1, cstring(md5Hex("")), u32(id), cstring(path)),
  spawn: (spawnerId: number, scene: number, netId: number, syncIds: number[], name: string, state: Uint8Array) => {
    const nameBytes = cstring(name);
    return concat(4, scene, u32(spawnerId), u32(netId), u32(syncIds.length), u32(nameBytes.length), ...syncIds.map(u32), nameBytes, state);
  },
  sync: (time: number, netId: number, state: Uint8Array) => concat(6, u16(time), u32(netId), u32(state.length), state),
  delta: (netId: number, mask: number, state: Uint8Array) => concat(6 | 16, u32(netId), u32(mask), u32(0), u32(state.length), state),
  despawn: (netId: number) => concat(5, u32(netId)),
};

function client(): { match: SceneMatch; events: [string, string, Record<string, unknown>, boolean?][] } {
  const match = new SceneMatch([1, 2], "server");
  const spawner = match.get(2).scene.add_spawner("/root/Main/Spawner", {
    scenes: ["res://player.tscn"],
    synchronizers: { "res://player.tscn": [{ properties: [{ path: ".:position" }, { path: ".:label", replication_mode: 2 }, { path: ".:hp", spawn: false, replication_mode: 2 }] }] },
  })!;
  const events: [string, string, Record<string, unknown>, boolean?][] = [];
  const record = (kind: string) => (node: ReplicatedNode, delta?: boolean) => events.push([kind, node.path, { ...node.properties }, delta]);
  spawner.spawned.connect(record("spawned"));
  spawner.despawned.connect(record("despawned"));
  spawner.synchronized.connect(record("synchronized"));
  match.joinAll();
  match.poll();
  return { match, events };
}

describe("replication (receive-only)", () => {
  it("decodes spawns, syncs, deltas and despawns of a declared spawner, and confirms its path", () => {
    const { match, events } = client();
    const peer = match.get(2).peer;
    peer.inject(1, godot.simplify(1, "Main/Spawner"));
    peer.inject(1, godot.spawn(1, 0, 1, [2], "P1", concat(value(new Vector2(1, 2)), value("one"))));
    peer.inject(1, godot.sync(5, 2, value(new Vector2(3, 4))));
    peer.inject(1, godot.sync(4, 2, value(new Vector2(9, 9)))); // older than 5: ignored, as in Godot
    peer.inject(1, godot.delta(2, 0b10, value(7)));
    peer.inject(1, godot.despawn(1));
    match.poll();
    expect(match.get(2).peer.sent.some((p) => Buffer.from(p.bytes).toString("hex") === "020101000000")).toBe(true);
    const path = "/root/Main/P1";
    expect(events).toEqual([
      ["spawned", path, { ".:position": new Vector2(1, 2), ".:label": "one" }, undefined],
      ["synchronized", path, { ".:position": new Vector2(3, 4), ".:label": "one" }, false],
      ["synchronized", path, { ".:position": new Vector2(3, 4), ".:label": "one", ".:hp": 7 }, true],
      ["despawned", path, { ".:position": new Vector2(3, 4), ".:label": "one", ".:hp": 7 }, undefined],
    ]);
    expect(match.get(2).scene.get_dropped_packet_count()).toBe(0);
  });

  it("refuses spawns from an undeclared spawner, a non-authority, a wrong synchronizer count or a bad name", () => {
    const { match, events } = client();
    const peer = match.get(2).peer;
    peer.inject(1, godot.simplify(1, "Main/Spawner"));
    peer.inject(1, godot.simplify(2, "Main/Other"));
    peer.inject(1, godot.spawn(2, 0, 1, [2], "P1", concat(value(new Vector2()), value(""))));
    peer.inject(1, godot.spawn(1, 0, 1, [], "P1", new Uint8Array(0)));
    peer.inject(1, godot.spawn(1, 0, 1, [2], "../evil", concat(value(new Vector2()), value(""))));
    peer.inject(1, godot.spawn(1, 3, 1, [2], "P1", concat(value(new Vector2()), value(""))));
    match.poll();
    expect(events).toEqual([]);
    expect(match.get(2).scene.get_dropped_packet_count()).toBeGreaterThanOrEqual(4);
  });

  it("never throws on truncated or random replication packets", () => {
    const { match, events } = client();
    const peer = match.get(2).peer;
    const valid = [godot.simplify(1, "Main/Spawner"), godot.spawn(1, 0, 1, [2], "P1", concat(value(new Vector2(1, 2)), value("one"))), godot.sync(1, 2, value(new Vector2())), godot.delta(2, 3, concat(value("x"), value(1))), godot.despawn(1)];
    let seed = 3;
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    for (let i = 0; i < 2000; i++) {
      const bytes = valid[i % valid.length]!.slice(0, 1 + Math.floor(random() * valid[i % valid.length]!.length));
      if (i % 3 === 0) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      peer.inject(1, bytes);
    }
    expect(() => match.poll()).not.toThrow();
    expect(events.length).toBeLessThan(2000);
  });
});
