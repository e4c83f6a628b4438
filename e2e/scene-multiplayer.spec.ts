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

    await callLocalAndChannel(match, 1, 2);
    await authorityRule(match, 1, 2, 3);

    // Player 3 leaves: everyone else sees peer_disconnected(3).
    await page.evaluate(() => window.sceneKit.players.get(3)!.mp.close());
    await match.waitFor("godot", { kind: "peer_disconnected", id: 3 });
    await match.waitFor(2, { kind: "peer_disconnected", id: 3 });
  });

  test("shim mesh host (1) with Godot player 2 and shim player 3: bytes, RPCs, call_local, a custom channel, authority, Godot leaving", async ({ page }) => {
    const match = await startMatch(page, { id: 2, mode: "mesh", channels: [1] }, { 1: { mode: "mesh", channels: [1] }, 3: { mode: "mesh", channels: [1] } }, [[1, 2], [3, 2], [1, 3]]);
    for (const [who, other] of [["godot", 1], ["godot", 3], [1, 2], [1, 3], [3, 1], [3, 2]] as const) await match.waitFor(who, { kind: "peer_connected", id: other }, "everyone connected");
    expect(await match.godotDo({ op: "send_bytes", to: 1, text: "to-host" })).toBe(0);
    await match.waitFor(1, { kind: "packet", id: 2, text: "to-host" });
    expect(await page.evaluate(() => window.sceneKit.players.get(1)!.scene.send_bytes(new TextEncoder().encode("from-host")))).toBe(0);
    await match.waitFor("godot", { kind: "packet", id: 1, text: "from-host" });
    expect(await shimKinds(match, 1, 2)).toBe(0);
    expect(await godotKinds(match, 1)).toEqual({ args: KINDS_CANON, types: KINDS_TYPES });
    expect(await match.godotDo({ op: "rpc", to: 0, method: "kinds", kinds: true })).toBe(0);
    expect(await shimArgs(match, 1, "kinds", 2)).toEqual(KINDS_CANON);
    expect(await shimArgs(match, 3, "kinds", 2)).toEqual(KINDS_CANON);
    await callLocalAndChannel(match, 2, 3);
    await authorityRule(match, 2, 3, 1);
    expect(await match.godotDo({ op: "leave" })).toBe(0);
    await match.waitFor(1, { kind: "peer_disconnected", id: 2 });
    await match.waitFor(3, { kind: "peer_disconnected", id: 2 });
  });

  test("Godot server (1) with shim clients: auth right / wrong, relay between shim clients through Godot, leaving", async ({ page }) => {
    const token = (send: string) => ({ mode: "client" as const, auth: { send } });
    const match = await startMatch(page, { id: 1, mode: "server", auth: { expect: "secret" } }, { 2: token("secret"), 3: token("secret"), 4: token("wrong") }, [[1, 2], [1, 3], [1, 4]]);
    await match.waitFor("godot", { kind: "auth_data", id: 2, text: "secret" });
    for (const [who, other] of [["godot", 2], ["godot", 3], [2, 1], [3, 1]] as const) await match.waitFor(who, { kind: "peer_connected", id: other }, "admitted");
    await match.waitFor("godot", { kind: "auth_data", id: 4, text: "wrong" });
    await match.waitFor(4, { kind: "auth_failed", id: 1 }, "Godot refused the wrong token and dropped shim 4");
    // Godot announced the clients to each other (SYS ADD_PEER), so they see each other through the relay.
    await match.waitFor(2, { kind: "peer_connected", id: 3 });
    await match.waitFor(3, { kind: "peer_connected", id: 2 });
    expect(await page.evaluate(() => window.sceneKit.players.get(2)!.scene.send_bytes(new TextEncoder().encode("relayed"), 3))).toBe(0);
    await match.waitFor(3, { kind: "packet", id: 2, text: "relayed" }, "Godot relayed 2's bytes to 3 with sender id 2");
    expect(await shimKinds(match, 2, 3)).toBe(0);
    expect(await shimArgs(match, 3, "kinds", 2)).toEqual(KINDS_CANON);
    const relay = await page.evaluate(() => window.sceneKit.players.get(2)!.mp.sent.filter((p) => p.hex.startsWith("0703")).map((p) => p.hex.slice(0, 12)));
    expect(relay, "shim 2 wrapped its packets for 3 in SYS RELAY to the server").toContain("070303000000");
    expect(await match.godotDo({ op: "rpc", to: 0, method: "kinds", kinds: true })).toBe(0);
    expect(await shimArgs(match, 2, "kinds", 1)).toEqual(KINDS_CANON);
    expect(await shimKinds(match, 3, 1)).toBe(0);
    expect(await godotKinds(match, 3)).toEqual({ args: KINDS_CANON, types: KINDS_TYPES });
    expect(await match.eventsOf("godot", { kind: "peer_connected", id: 4 }), "the refused shim was never admitted").toEqual([]);
    await page.evaluate(() => window.sceneKit.players.get(3)!.mp.close());
    await match.waitFor("godot", { kind: "peer_disconnected", id: 3 });
    await match.waitFor(2, { kind: "peer_disconnected", id: 3 }, "Godot announced 3 leaving (SYS DEL_PEER)");
  });

  test("shim server (1) with a Godot client and shim clients: auth right / wrong / timeout, relay through the shim, leaving", async ({ page }) => {
    const client = (auth: { send?: string }) => ({ mode: "client" as const, auth });
    const match = await startMatch(page, { id: 2, mode: "client", auth: { send: "secret" } }, { 1: { mode: "server", auth: { expect: "secret", timeout: 1 } }, 3: client({ send: "secret" }), 4: client({}), 5: client({ send: "wrong" }) }, [[1, 2], [1, 3], [1, 4], [1, 5]]);
    await match.waitFor(1, { kind: "auth_data", id: 2, text: "secret" }, "the Godot client sent its token");
    for (const [who, other] of [[1, 2], [1, 3], ["godot", 1], [3, 1]] as const) await match.waitFor(who, { kind: "peer_connected", id: other }, "admitted");
    await match.waitFor("godot", { kind: "connected_to_server", id: 1 });
    await match.waitFor(1, { kind: "auth_data", id: 5, text: "wrong" });
    await match.waitFor(5, { kind: "auth_failed", id: 1 }, "the shim server refused the wrong token and dropped shim 5");
    await match.waitFor(1, { kind: "auth_failed", id: 4 }, "the silent client timed out");
    // The shim server announced the clients to each other, Godot's included.
    await match.waitFor("godot", { kind: "peer_connected", id: 3 });
    await match.waitFor(3, { kind: "peer_connected", id: 2 });
    expect(await match.godotDo({ op: "send_bytes", to: 3, text: "godot-via-shim" })).toBe(0);
    await match.waitFor(3, { kind: "packet", id: 2, text: "godot-via-shim" }, "the shim server relayed Godot's bytes with sender id 2");
    expect(await page.evaluate(() => window.sceneKit.players.get(3)!.scene.send_bytes(new TextEncoder().encode("shim-via-shim"), 2))).toBe(0);
    await match.waitFor("godot", { kind: "packet", id: 3, text: "shim-via-shim" });
    expect(await match.godotDo({ op: "rpc", to: 3, method: "kinds", kinds: true })).toBe(0);
    expect(await shimArgs(match, 3, "kinds", 2)).toEqual(KINDS_CANON);
    expect(await shimKinds(match, 3, 2)).toBe(0);
    expect(await godotKinds(match, 3)).toEqual({ args: KINDS_CANON, types: KINDS_TYPES });
    expect(await match.godotDo({ op: "peers" }), "Godot never saw the refused or timed-out clients").toEqual([1, 3]);
    expect(await match.godotDo({ op: "leave" })).toBe(0);
    await match.waitFor(1, { kind: "peer_disconnected", id: 2 });
    await match.waitFor(3, { kind: "peer_disconnected", id: 2 }, "the shim server announced Godot leaving");
  });

  test("replication: a Godot server's MultiplayerSpawner and MultiplayerSynchronizer decoded by a shim client", async ({ page }) => {
    const match = await startMatch(page, { id: 1, mode: "server", spawner: true }, { 2: { mode: "client" } }, []);
    expect(await page.evaluate(() => window.sceneKit.addSpawner(2))).toBe(true);
    expect(await match.godotDo({ op: "spawn", name: "P1", x: 10, y: 20, label: "one" })).toBe(0);
    await match.godotDo({ op: "link", to: 2, offer: false });
    await page.evaluate(() => window.sceneKit.linkGodot(2, 1));
    await match.waitFor("godot", { kind: "peer_connected", id: 2 });
    const p1 = { name: "P1", path: "/root/Main/P1", scene: "res://player.tscn" };
    expect(await match.waitFor(2, { kind: "spawned", name: "P1" }, "the spawn sent on connect")).toMatchObject({ ...p1, properties: { ".:position": { Vector2: [10, 20] }, ".:label": "one" } });
    expect(await match.godotDo({ op: "spawn", name: "P2", x: -1, y: 2.5, label: "two" })).toBe(0);
    expect(await match.waitFor(2, { kind: "spawned", name: "P2" })).toMatchObject({ path: "/root/Main/P2", properties: { ".:position": { Vector2: [-1, 2.5] }, ".:label": "two" } });
    expect(await match.godotDo({ op: "move", name: "P1", x: 30, y: 40 })).toBe(0);
    await match.waitFor(2, { kind: "synchronized", name: "P1", delta: false, properties: { ".:position": { Vector2: [30, 40] }, ".:label": "one" } }, "the always-synchronized position");
    expect(await match.godotDo({ op: "label", name: "P1", label: "renamed" })).toBe(0);
    await match.waitFor(2, { kind: "synchronized", name: "P1", delta: true, properties: { ".:position": { Vector2: [30, 40] }, ".:label": "renamed" } }, "the on-change label as a delta");
    expect(await match.godotDo({ op: "rotate", name: "P1", rotation: 0.5 })).toBe(0);
    await match.waitFor(2, { kind: "synchronized", name: "P1", delta: true, properties: { ".:position": { Vector2: [30, 40] }, ".:label": "renamed", ".:rotation": 0.5 } }, "the on-change rotation, not sent at spawn");
    expect(await page.evaluate(() => window.sceneKit.players.get(2)!.scene.get_dropped_packet_count()), "nothing Godot sent was refused").toBe(0);
    expect(await match.godotDo({ op: "despawn", name: "P2" })).toBe(0);
    await match.waitFor(2, { kind: "despawned", name: "P2", path: "/root/Main/P2" });
  });
});

/** call_local both ways, and `on_channel` (channel 1, unreliable-ordered) both ways, between Godot and `shim`. */
async function callLocalAndChannel(match: SceneMatch, godot: number, shim: number): Promise<void> {
  const { page } = match;
  expect(await page.evaluate((me) => window.sceneKit.players.get(me)!.node.rpc("local_echo", "from-shim"), shim)).toBe(0);
  await match.waitFor(shim, { kind: "call", method: "local_echo", id: shim }, "the shim's call_local runs here with its own id");
  await match.waitFor("godot", { kind: "call", method: "local_echo", id: shim });
  expect(await match.godotDo({ op: "rpc", to: 0, method: "local_echo", args: ["from-godot"] })).toBe(0);
  await match.waitFor("godot", { kind: "call", method: "local_echo", id: godot }, "Godot's call_local runs there with its own id");
  expect(await shimArgs(match, shim, "local_echo", godot)).toEqual(["from-godot"]);

  expect(await page.evaluate(([me, to]) => window.sceneKit.players.get(me)!.node.rpc_id(to, "on_channel", 7), [shim, godot] as const)).toBe(0);
  await match.waitFor("godot", { kind: "call", method: "on_channel", id: shim });
  const sent = await page.evaluate(([me, to]) => window.sceneKit.players.get(me)!.mp.sent.filter((p) => p.peer === to && p.hex.startsWith("00")), [shim, godot] as const);
  expect(sent.at(-1), "the shim sent on_channel on channel 1, unreliable-ordered").toMatchObject({ channel: 1, mode: 1 });
  expect(await match.godotDo({ op: "rpc", to: shim, method: "on_channel", args: [8] })).toBe(0);
  expect(await shimArgs(match, shim, "on_channel", godot)).toEqual([8]);
  const got = (await received(match, shim, godot)).filter((p) => p.hex.startsWith("00") || p.hex.startsWith("20"));
  expect(got.at(-1), "Godot sent on_channel on channel 1, unreliable-ordered").toMatchObject({ channel: 1, mode: 1 });
}

/**
 * The authority rule on both sides: /root/Main's authority is 1 by default, so `from_authority` from shim `a`
 * (not 1) is refused by Godot and by shim `b`, while from 1 it runs; once all set authority `a`, `a` may call it.
 * A later call on the same reliable channel proves the refused one is not just late.
 */
async function authorityRule(match: SceneMatch, godot: number, a: number, b: number): Promise<void> {
  const { page } = match;
  const rpcFrom = (me: number, to: number, method: string, arg: string) => page.evaluate(([x, y, m, v]) => window.sceneKit.players.get(x)!.node.rpc_id(y, m, v), [me, to, method, arg] as const);
  expect(await rpcFrom(a, godot, "from_authority", "refused")).toBe(0);
  expect(await rpcFrom(a, b, "from_authority", "refused")).toBe(0);
  expect(await rpcFrom(a, godot, "echo", "after-refused")).toBe(0);
  expect(await rpcFrom(a, b, "echo", "after-refused")).toBe(0);
  await match.waitFor("godot", { kind: "call", method: "echo", id: a });
  await match.waitFor(b, { kind: "call", method: "echo", id: a });
  expect(await match.eventsOf("godot", { kind: "call", method: "from_authority", id: a }), "Godot refused a non-authority call").toEqual([]);
  expect(await match.eventsOf(b, { kind: "call", method: "from_authority", id: a }), "the shim refused a non-authority call").toEqual([]);
  await expect.poll(() => match.godot.errors.some((line) => line.includes(`RPC 'from_authority' is not allowed on node /root/Main from: ${a}`)), { message: "Godot logged the refusal" }).toBe(true);

  if (godot === 1) {
    expect(await match.godotDo({ op: "rpc", to: b, method: "from_authority", args: ["from-1"] })).toBe(0);
    expect(await shimArgs(match, b, "from_authority", godot)).toEqual(["from-1"]);
  } else {
    expect(await rpcFrom(1, godot, "from_authority", "from-1")).toBe(0);
    await match.waitFor("godot", { kind: "call", method: "from_authority", id: 1 }, "Godot runs the authority's call");
  }

  expect(await match.godotDo({ op: "authority", id: a })).toBe(0);
  await page.evaluate(([x, y]) => [x, y].forEach((id) => window.sceneKit.players.get(id)!.node.set_multiplayer_authority(x)), [a, b] as const);
  expect(await rpcFrom(a, godot, "from_authority", "allowed")).toBe(0);
  expect(await rpcFrom(a, b, "from_authority", "allowed")).toBe(0);
  expect(await rpcFrom(a, b, "from_authority", "allowed")).toBe(0);
  await match.waitFor("godot", { kind: "call", method: "from_authority", id: a });
  expect(await shimArgs(match, b, "from_authority", a)).toEqual(["allowed"]);
}
