import { createHash } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { GodotError } from "../godot/godot-error";
import { SceneMatch } from "../test-support/scene-match";
import { Vector2 } from "../variant";
import { md5Hex } from "./md5";
import { rpcTableOf } from "./rpc-node";
import { SceneMultiplayer } from "./scene-multiplayer";

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");
const ascii = (text: string): string => Buffer.from(text, "utf8").toString("hex");
const md5 = (text: string): string => createHash("md5").update(text, "utf8").digest("hex");

beforeEach(() => {
  vi.spyOn(console, "error").mockImplementation(() => {});
  vi.spyOn(console, "warn").mockImplementation(() => {});
});
afterEach(() => vi.restoreAllMocks());

describe("md5 (Godot's String.md5_text)", () => {
  it.each(["", "ping", "a".repeat(55), "a".repeat(56), "a".repeat(64), "é日本🙂", "x".repeat(1000)])("matches node:crypto for %j", (text) => {
    expect(md5Hex(text)).toBe(md5(text));
  });
});

describe("RPC method ids and config hash", () => {
  it("sorts the script's methods by name (0…n−1), the node's rpc_config ones first with bit 15, and hashes the names in that order", () => {
    const scene = new SceneMultiplayer();
    const node = scene.add_rpc_node("/root/Main", { zeta: {}, alpha: {}, Beta: {} })!;
    expect(node.rpc_config("moved", { rpc_mode: SceneMultiplayer.RPC_MODE_ANY_PEER })).toBe(GodotError.OK);
    const table = rpcTableOf(node);
    expect([table.byName("Beta")?.id, table.byName("alpha")?.id, table.byName("zeta")?.id]).toEqual([0, 1, 2]);
    expect(table.byName("moved")?.id).toBe(0x8000);
    expect(table.md5).toBe(md5("movedBetaalphazeta"));
  });

  it("refuses a malformed declaration and keeps working", () => {
    const scene = new SceneMultiplayer();
    expect(scene.add_rpc_node("/root/A", { f: { rpc_mode: 7 as never } })).toBeNull();
    expect(scene.add_rpc_node("/root/A", { f: { call: "no" as never } })).toBeNull();
    expect(scene.add_rpc_node("/root/A", null as never)).toBeNull();
    expect(scene.add_rpc_node("Main", {})).not.toBeNull();
    expect(scene.add_rpc_node("/root/Main", {})).toBeNull(); // duplicate: "Main" is relative to root_path
  });
});

describe("wire format (what Godot 4.6 sends and accepts)", () => {
  it("announces the path, then sends the call with the full path until confirmed, then with the 1-byte cache id", () => {
    const match = new SceneMatch([1, 2], "server");
    const calls: unknown[][] = [];
    for (const id of [1, 2]) match.get(id).scene.add_rpc_node("/root/Main", { ping: { rpc_mode: 1, call: (...args) => calls.push([match.get(id).scene.get_remote_sender_id(), ...args]) } });
    match.joinAll();
    match.poll();
    const server = match.get(1);
    server.peer.takeSent();
    expect(server.scene.get_rpc_node("Main")!.rpc("ping", 1.5)).toBe(GodotError.OK);
    const [simplify, call] = server.peer.takeSent();
    expect(hex(simplify!.bytes)).toBe(`01${ascii(md5("ping"))}00` + "01000000" + `${ascii("Main")}00`);
    // meta 0x20: REMOTE_CALL, 32-bit node id; id = 0x80000000 | offset of the path (15); method 0; 1 argument; float 1.5.
    expect(hex(call!.bytes)).toBe("200f000080" + "00" + "01" + "03000000" + "0000c03f" + `${ascii("Main")}00`);
    match.poll();
    expect(calls).toEqual([[1, 1.5]]);
    expect(hex(match.get(2).peer.takeSent().find((p) => p.bytes[0] === 2)!.bytes)).toBe("020101000000"); // CONFIRM_PATH valid id 1
    server.peer.takeSent();
    server.scene.get_rpc_node("Main")!.rpc("ping", true, -2, 300, 70000, 2 ** 40);
    expect(hex(server.peer.takeSent()[0]!.bytes)).toBe("00" + "01" + "00" + "05" + "81" + "02fe" + "422c01" + "8270110100" + "c20000000000010000");
    match.poll();
    expect(calls[1]).toEqual([1, true, -2, 300, 70000, 2 ** 40]);
  });

  it("sends no arguments and a lone PackedByteArray without an argument count (raw flag 0x80)", () => {
    const match = new SceneMatch([1, 2], "server");
    const calls: unknown[][] = [];
    for (const id of [1, 2]) match.get(id).scene.add_rpc_node("/root/Main", { a: { call: (...args) => calls.push(args) } });
    match.joinAll();
    match.poll();
    const node = match.get(1).scene.get_rpc_node("/root/Main")!;
    node.rpc("a");
    match.poll();
    match.get(1).peer.takeSent();
    node.rpc("a");
    node.rpc("a", Uint8Array.of(9, 8, 7));
    expect(match.get(1).peer.takeSent().map((p) => hex(p.bytes))).toEqual(["800100", "800100" + "090807"]);
    match.poll();
    expect(calls).toEqual([[], [], [Uint8Array.of(9, 8, 7)]]);
  });

  it("carries send_bytes as RAW (03 …) with the sender id, both ways", () => {
    const match = new SceneMatch([1, 2], "server");
    const got: [number, number, string][] = [];
    for (const id of [1, 2]) match.get(id).scene.peer_packet.connect((from, packet) => got.push([id, from, Buffer.from(packet).toString()]));
    match.joinAll();
    match.poll();
    match.get(1).peer.takeSent();
    expect(match.get(1).scene.send_bytes(Buffer.from("raw-from-ts"))).toBe(GodotError.OK);
    expect(hex(match.get(1).peer.takeSent()[0]!.bytes)).toBe(`03${ascii("raw-from-ts")}`);
    match.get(2).scene.send_bytes(Buffer.from("back"), 1);
    match.poll();
    expect(got.sort()).toEqual([[1, 2, "back"], [2, 1, "raw-from-ts"]]);
    expect(match.get(1).scene.send_bytes(new Uint8Array(0))).toBe(GodotError.ERR_INVALID_DATA);
  });
});

describe("arguments of every kind", () => {
  it("round-trips the Variant types Godot games send", () => {
    const match = new SceneMatch([1, 2], "server");
    let got: unknown[] = [];
    for (const id of [1, 2]) match.get(id).scene.add_rpc_node("/root/Main", { all: { rpc_mode: 1, call: (...args) => (got = args) } });
    match.joinAll();
    match.poll();
    const args = [null, false, true, 0, -129, 2 ** 31, -(2n ** 62n), 0.25, "héllo", new Vector2(1.5, -2), [1, "two", [3]], { k: 1, nested: { x: "y" } }, Float32Array.of(1, 2)];
    expect(match.get(2).scene.get_rpc_node("Main")!.rpc("all", ...args)).toBe(GodotError.OK);
    match.poll();
    expect(got).toEqual(args);
  });
});
