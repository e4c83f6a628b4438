// SceneMultiplayer against the real Godot 4.6 web build (issue 11, §2): in each topology a Godot player running
// e2e/fixtures/scene-peer.gd (a game's networking: WebRTCMultiplayerPeer under the SceneTree's SceneMultiplayer,
// @rpc methods on /root/Main) and shim players declaring the same methods, over real WebRTC in one page.
import { createHash } from "node:crypto";
import { expect, test } from "@playwright/test";
import { startMatch, type SceneMatch } from "./support/scene-match";

const ascii = (text: string): string => Buffer.from(text, "utf8").toString("hex");
/** scene-peer.gd's @rpc methods sorted by name, concatenated: what Godot hashes. */
const MAIN_MD5 = createHash("md5").update("echofrom_authoritykindslocal_echoon_channelraw_bytes").digest("hex");
/** The arguments of `kinds` (scene-peer.gd's KINDS), in the JS form (sceneKit.canon). */
const KINDS_CANON = [true, false, -2, 300, 70000, 1099511627776, 1.5, "héllo", { Vector2: [1.5, -2] }, { Vector3: [1, 2, 3] }, { Color: [1, 0.5, 0.25, 1] }, [1, "two", [3]], { k: 1, n: { x: "y" } }, { bytes: [1, 2, 3] }, null];
const KINDS_TYPES = ["bool", "bool", "int", "int", "int", "int", "float", "String", "Vector2", "Vector3", "Color", "Array", "Dictionary", "PackedByteArray", "Nil"];

/** Shim player `id` calls `kinds` with the same values on `to`. */
function shimKinds(match: SceneMatch, id: number, to: number): Promise<number> {
  return match.page.evaluate(([me, target]) => {
    const { Vector2, Vector3, Color, players } = window.sceneKit;
    const args = [true, false, -2, 300, 70000, 1099511627776, 1.5, "héllo", new Vector2(1.5, -2), new Vector3(1, 2, 3), new Color(1, 0.5, 0.25, 1), [1, "two", [3]], { k: 1, n: { x: "y" } }, Uint8Array.of(1, 2, 3), null];
    return players.get(me)!.node.rpc_id(target, "kinds", ...args);
  }, [id, to] as const);
}

/** What Godot's `kinds` handler received, decoded; and the GDScript types. */
async function godotKinds(match: SceneMatch, from: number): Promise<{ args: unknown; types: unknown }> {
  const event = await match.waitFor("godot", { kind: "call", method: "kinds", id: from }, "Godot runs the shim's kinds()");
  const args = await match.page.evaluate((bytes) => window.sceneKit.canon(window.sceneKit.bytes_to_var(Uint8Array.from(bytes))), event["args"] as number[]);
  return { args, types: event["types"] };
}

/** What shim `id` decoded of a call. */
async function shimArgs(match: SceneMatch, id: number, method: string, from: number): Promise<unknown> {
  await match.waitFor(id, { kind: "call", method, id: from }, `shim ${id} runs ${method}() from ${from}`);
  return match.page.evaluate(([me, name, sender]) => {
    const event = window.sceneKit.players.get(me)!.events.find((e) => e.kind === "call" && e["method"] === name && e.id === sender)!;
    return window.sceneKit.canon(event["args"]);
  }, [id, method, from] as const);
}

/** The packets shim `id` read from `peer`, as hex. */
function received(match: SceneMatch, id: number, peer: number): Promise<{ hex: string; channel: number; mode: number }[]> {
  return match.page.evaluate(([me, from]) => window.sceneKit.players.get(me)!.mp.received.filter((p) => p.peer === from), [id, peer] as const);
}

test.describe("SceneMultiplayer with a real Godot 4.6", () => {
  test.afterEach(async ({ page }) => {
    await page.evaluate(() => window.sceneKit?.stop()).catch(() => {});
  });

  test("Godot mesh host (1) with shim players 2 and 3: bytes, RPCs of every type, call_local, a custom channel, authority, leaving", async ({ page }) => {
    const match = await startMatch(page, { id: 1, mode: "mesh", channels: [1] }, { 2: { mode: "mesh", channels: [1] }, 3: { mode: "mesh", channels: [1] } }, [[1, 2], [1, 3], [2, 3]]);
    for (const [who, other] of [["godot", 2], ["godot", 3], [2, 1], [2, 3], [3, 1], [3, 2]] as const) await match.waitFor(who, { kind: "peer_connected", id: other }, "everyone connected");

    // send_bytes both ways, with sender ids.
    expect(await match.godotDo({ op: "send_bytes", to: 0, text: "raw-from-godot" })).toBe(0);
    await match.waitFor(2, { kind: "packet", id: 1, text: "raw-from-godot" });
    await match.waitFor(3, { kind: "packet", id: 1, text: "raw-from-godot" });
    expect((await received(match, 2, 1))[0]?.hex, "Godot's RAW packet on the wire").toBe(`03${ascii("raw-from-godot")}`);
    expect(await page.evaluate(() => window.sceneKit.players.get(2)!.scene.send_bytes(new TextEncoder().encode("raw-from-ts"), 1))).toBe(0);
    await match.waitFor("godot", { kind: "packet", id: 2, text: "raw-from-ts" });

    // Godot → shims: every argument type; the first packets are Godot's path announcement and the full-path call.
    expect(await match.godotDo({ op: "rpc", to: 0, method: "kinds", kinds: true })).toBe(0);
    expect(await shimArgs(match, 2, "kinds", 1)).toEqual(KINDS_CANON);
    expect(await shimArgs(match, 3, "kinds", 1)).toEqual(KINDS_CANON);
    const fromGodot = (await received(match, 2, 1)).map((p) => p.hex);
    expect(fromGodot[1], "Godot's SIMPLIFY_PATH").toBe(`01${ascii(MAIN_MD5)}00` + "01000000" + `${ascii("Main")}00`);
    expect(fromGodot[2]?.slice(0, 2), "Godot's first call carries the full path (meta 0x20)").toBe("20");
    // Shims → Godot.
    expect(await shimKinds(match, 2, 1)).toBe(0);
    expect(await godotKinds(match, 2)).toEqual({ args: KINDS_CANON, types: KINDS_TYPES });
    expect(await shimKinds(match, 3, 1)).toBe(0);
    expect(await godotKinds(match, 3)).toEqual({ args: KINDS_CANON, types: KINDS_TYPES });
  });
});
