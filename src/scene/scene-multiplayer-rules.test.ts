import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { GodotError } from "../godot/godot-error";
import { SceneMatch } from "../test-support/scene-match";
import type { SceneMultiplayer } from "./scene-multiplayer";

type Calls = [number, number, ...unknown[]][];

beforeEach(() => {
  vi.spyOn(console, "error").mockImplementation(() => {});
  vi.spyOn(console, "warn").mockImplementation(() => {});
});
afterEach(() => vi.restoreAllMocks());

/** Declares /root/Main with `any` (any peer) and `auth_only` (authority) on every player, recording calls. */
function declare(match: SceneMatch, calls: Calls, extra: Record<string, object> = {}): void {
  for (const [id, { scene }] of match.players) {
    const record = (...args: unknown[]) => calls.push([id, scene.get_remote_sender_id(), ...args]);
    scene.add_rpc_node("/root/Main", { any: { rpc_mode: 1, call: record }, auth_only: { call: record }, local: { rpc_mode: 1, call_local: true, call: record }, ...extra });
  }
}

/** A joined and polled match with /root/Main declared everywhere, and the calls it records. */
function started(ids: number[], topology: "server" | "mesh"): { match: SceneMatch; calls: Calls } {
  const match = new SceneMatch(ids, topology);
  const calls: Calls = [];
  declare(match, calls);
  match.joinAll();
  match.poll();
  return { match, calls };
}

const bytesOf = (text: string): Uint8Array => new TextEncoder().encode(text);

describe("server relay", () => {
  it("announces clients to each other, relays RPCs and bytes between them with the sender's id, and announces leaving", () => {
    const match = new SceneMatch([1, 2, 3], "server");
    const calls: Calls = [];
    declare(match, calls);
    const packets: [number, number, string][] = [];
    for (const [id, { scene }] of match.players) scene.peer_packet.connect((from, packet) => packets.push([id, from, new TextDecoder().decode(packet)]));
    match.joinAll();
    match.poll();
    expect(match.get(2).scene.get_peers().sort()).toEqual([1, 3]);
    expect(match.get(2).scene.send_bytes(bytesOf("hi"), 3)).toBe(GodotError.OK);
    expect(match.get(2).peer.takeSent().map((p) => [p.to, Buffer.from(p.bytes).toString("hex")])).toEqual([[1, "07030300000003" + Buffer.from("hi").toString("hex")]]);
    match.get(3).scene.get_rpc_node("Main")!.rpc("any", "to-all");
    match.poll();
    expect(packets).toEqual([[3, 2, "hi"]]);
    expect(calls.sort()).toEqual([[1, 3, "to-all"], [2, 3, "to-all"]]);
    const leaving: number[] = [];
    match.get(2).scene.peer_disconnected.connect((id) => leaving.push(id));
    match.get(1).scene.disconnect_peer(3);
    match.poll();
    expect(leaving).toEqual([3]);
    expect(match.get(2).scene.get_peers()).toEqual([1]);
  });

  it("refuses peer announcements and relays from anyone but the server, and relays nothing when server_relay is off", () => {
    const match = new SceneMatch([1, 2, 3], "server", (scene, id) => id === 1 && (scene.server_relay = false));
    match.joinAll();
    match.poll();
    expect(match.get(2).scene.get_peers()).toEqual([1]);
    const before = match.get(1).scene.get_dropped_packet_count();
    match.get(1).peer.inject(2, Uint8Array.of(7, 3, 3, 0, 0, 0, 3, 0x61));
    match.get(3).peer.inject(2, Uint8Array.of(7, 1, 9, 0, 0, 0));
    match.poll();
    expect(match.get(1).scene.get_dropped_packet_count()).toBe(before + 1);
    expect(match.get(3).scene.get_peers()).toEqual([1]);
  });
});

describe("authority and call_local", () => {
  it("refuses RPC_MODE_AUTHORITY calls from anyone but the node's authority, and logs why", () => {
    const { match, calls } = started([1, 2, 3], "mesh");
    match.get(2).scene.get_rpc_node("Main")!.rpc("auth_only", "refused");
    match.get(1).scene.get_rpc_node("Main")!.rpc("auth_only", "allowed");
    match.poll();
    expect(calls.sort()).toEqual([[2, 1, "allowed"], [3, 1, "allowed"]]);
    expect(vi.mocked(console.warn).mock.calls.flat().join("\n")).toContain("RPC 'auth_only' is not allowed on node /root/Main from: 2. Mode is 2, authority is 1.");
    for (const { scene } of match.players.values()) scene.get_rpc_node("Main")!.set_multiplayer_authority(2);
    match.get(2).scene.get_rpc_node("Main")!.rpc("auth_only", "now-allowed");
    match.poll();
    expect(calls.filter((c) => c[2] === "now-allowed").length).toBe(2);
  });

  it("runs call_local here from the next poll() with our own id as sender, and refuses rpc_id to self without it", () => {
    const { match, calls } = started([1, 2], "mesh");
    const node = match.get(1).scene.get_rpc_node("Main")!;
    expect(node.rpc("local", "x")).toBe(GodotError.OK);
    expect(calls).toEqual([]);
    match.poll();
    expect(calls.sort()).toEqual([[1, 1, "x"], [2, 1, "x"]]);
    expect(node.rpc_id(1, "any", "self")).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(node.rpc_id(-2, "local", "not-2")).toBe(GodotError.OK);
    match.poll();
    expect(calls.filter((c) => c[2] === "not-2")).toEqual([[1, 1, "not-2"]]);
  });
});

describe("declarations that differ between the peers", () => {
  it("refuses calls on a node whose RPC config hash differs, both ways, with the reason logged", () => {
    const match = new SceneMatch([1, 2], "mesh");
    const calls: Calls = [];
    declare(match, []);
    match.get(2).scene.remove_rpc_node("/root/Main");
    match.get(2).scene.add_rpc_node("/root/Main", { any: { rpc_mode: 1, call: (...a) => calls.push([2, 0, ...a]) }, extra: {} });
    match.joinAll();
    match.poll();
    match.get(1).scene.get_rpc_node("Main")!.rpc("any", 1);
    match.poll();
    match.get(1).scene.get_rpc_node("Main")!.rpc("any", 2);
    match.poll();
    expect(calls).toEqual([]);
    expect(vi.mocked(console.warn).mock.calls.flat().join("\n")).toContain("The rpc node checksum failed");
  });

  it("refuses undeclared nodes and methods, and returns ERR_INVALID_PARAMETER for undeclared ones locally", () => {
    const match = new SceneMatch([1, 2], "mesh");
    declare(match, []);
    match.get(1).scene.add_rpc_node("/root/Only1", { f: { rpc_mode: 1 } });
    match.joinAll();
    match.poll();
    expect(match.get(1).scene.rpc(0, "/root/Main", "nope")).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(match.get(1).scene.rpc(0, "/root/Missing", "any")).toBe(GodotError.ERR_INVALID_PARAMETER);
    const dropped = match.get(2).scene.get_dropped_packet_count();
    expect(match.get(1).scene.rpc(0, "/root/Only1", "f")).toBe(GodotError.OK);
    match.poll();
    expect(match.get(2).scene.get_dropped_packet_count()).toBeGreaterThan(dropped);
  });
});

describe("authentication", () => {
  function authMatch(tokens: Record<number, string | null>, timeout = 3): SceneMatch {
    return new SceneMatch([1, ...Object.keys(tokens).map(Number)], "server", (scene: SceneMultiplayer, id) => {
      scene.auth_timeout = timeout;
      scene.auth_callback = (peer, data) => {
        if (id !== 1) return;
        if (new TextDecoder().decode(data) === "secret") scene.complete_auth(peer);
        else scene.disconnect_peer(peer);
      };
      scene.peer_authenticating.connect((peer) => {
        const token = tokens[id];
        if (id === 1 || token === null || token === undefined) return;
        scene.send_auth(peer, bytesOf(token));
        scene.complete_auth(peer);
      });
    });
  }

  it("admits the right token, refuses the wrong one, and times out a silent peer", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      const match = authMatch({ 2: "secret", 3: "wrong", 4: null }, 1);
      const failed: [number, number][] = [];
      for (const [id, { scene }] of match.players) scene.peer_authentication_failed.connect((peer) => failed.push([id, peer]));
      match.joinAll();
      match.poll(6);
      expect(match.get(1).scene.get_peers()).toEqual([2]);
      expect(match.get(1).scene.get_authenticating_peers()).toEqual([4]);
      expect(failed).toEqual([[3, 1]]);
      vi.setSystemTime(Date.now() + 1500);
      match.poll();
      expect(failed.sort()).toEqual([[1, 4], [3, 1], [4, 1]]);
      expect(match.get(2).scene.get_peers()).toEqual([1]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("drops anything but authentication from a peer still authenticating", () => {
    const match = authMatch({ 2: null });
    match.joinAll();
    match.poll();
    const packets: number[] = [];
    match.get(1).scene.peer_packet.connect((from) => packets.push(from));
    match.get(1).peer.inject(2, Uint8Array.of(3, 1, 2));
    match.poll();
    expect(packets).toEqual([]);
    expect(match.get(1).scene.get_dropped_packet_count()).toBe(1);
    expect(match.get(1).scene.send_auth(2, new Uint8Array(0))).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(match.get(1).scene.complete_auth(99)).toBe(GodotError.ERR_INVALID_PARAMETER);
  });
});

describe("hostile input", () => {
  it("never throws on random and truncated packets, counts them, and keeps the path cache in step", () => {
    const { match, calls } = started([1, 2], "mesh");
    const node = match.get(1).scene.get_rpc_node("Main")!;
    node.rpc("any", "before");
    match.poll();
    const valid = match.get(1).peer.sent.map((p) => p.bytes).filter((b) => b.length > 0);
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    for (let i = 0; i < 3000; i++) {
      const base = valid[i % valid.length]!;
      const bytes = i % 3 === 0 ? Uint8Array.from({ length: Math.floor(random() * 40) }, () => Math.floor(random() * 256)) : base.slice(0, Math.floor(random() * base.length));
      if (i % 5 === 0 && bytes.length > 0) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      match.get(2).peer.inject(1, bytes);
    }
    expect(() => match.poll()).not.toThrow();
    expect(match.get(2).scene.get_dropped_packet_count()).toBeGreaterThan(1000);
    calls.length = 0;
    node.rpc("any", "after");
    match.poll();
    expect(calls).toEqual([[2, 1, "after"]]);
  });

  it("refuses an Object argument (object decoding is off)", () => {
    const { match, calls } = started([1, 2], "mesh");
    match.get(1).scene.get_rpc_node("Main")!.rpc("any", 0);
    match.poll();
    calls.length = 0;
    // REMOTE_CALL on cache id 1, method 0 ("any"), one argument: an encoded Object (type 24).
    match.get(2).peer.inject(1, Uint8Array.of(0, 1, 0, 1, 24, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
    match.poll();
    expect(calls).toEqual([]);
  });
});

describe("signals", () => {
  it("emits nothing outside poll(): a peer admitted by complete_auth is announced by the next poll()", () => {
    const match = new SceneMatch([1, 2], "server", (scene) => (scene.auth_callback = () => {}));
    match.joinAll();
    match.poll();
    const server = match.get(1).scene;
    const client = match.get(2).scene;
    const joined: number[] = [];
    server.peer_connected.connect((id) => joined.push(id));
    client.complete_auth(1);
    match.poll();
    expect(server.complete_auth(2)).toBe(GodotError.OK);
    expect(joined).toEqual([]);
    server.poll();
    expect(joined).toEqual([2]);
  });
});
