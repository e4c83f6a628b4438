// Mixed lobbies on our signaling server: Godot 4.6 players using WebRTCMultiplayerPeer as a Godot game does
// (through a lobby client written in GDScript from the protocol, e2e/support/godot-lobby-client.gd) beside shim
// players (e2e/fixtures/lobby.html). In each topology everyone sees the peers it should, every pair exchanges a
// put_var, and the others see the last player leave. One engine per scenario (issue 10: keep npm test fast).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test, type BrowserContext } from "@playwright/test";
import { SignalingServer } from "../../src/server";
import { bytes_to_var } from "../../src/variant";
import { GODOT_TEST_TIMEOUT_MS, startGodot } from "../support/godot-peer";
import { forwardPageProblems } from "../support/pages";

test.describe.configure({ timeout: GODOT_TEST_TIMEOUT_MS });

const LOBBY_CLIENT_GD = readFileSync(join(import.meta.dirname, "..", "support", "godot-lobby-client.gd"), "utf8");

const PLAYER_GD = `extends Node

const LobbyClient = preload("res://lobby_client.gd")
var client: Node
var rtc_mp: WebRTCMultiplayerPeer
var my_id := 0


func _ready() -> void:
	client = LobbyClient.new()
	add_child(client)
	rtc_mp = client.rtc_mp
	client.lobby_joined.connect(func(lobby: String) -> void: Bridge.post("lobby", lobby))
	client.connected.connect(func(id: int, use_mesh: bool) -> void:
		my_id = id
		Bridge.post("event", "connected %d %s" % [id, use_mesh]))
	client.disconnected.connect(func(code: int, reason: String) -> void: Bridge.post("event", "disconnected %d %s" % [code, reason]))
	rtc_mp.peer_connected.connect(func(id: int) -> void: Bridge.post("event", "peer_connected %d" % id))
	rtc_mp.peer_disconnected.connect(func(id: int) -> void: Bridge.post("event", "peer_disconnected %d" % id))
	var join: Dictionary = await Bridge.next("join")
	client.start(join["url"], join["lobby"], join["mesh"])
	await Bridge.next("hello")
	rtc_mp.set_target_peer(MultiplayerPeer.TARGET_PEER_BROADCAST)
	rtc_mp.put_var(["hello", my_id, Vector2(my_id, 0.5)])


func _process(_delta: float) -> void:
	rtc_mp.poll()
	while rtc_mp.get_available_packet_count() > 0:
		var from := rtc_mp.get_packet_peer()
		Bridge.post("got", {"from": from, "bytes": var_to_bytes(rtc_mp.get_var())})
`;

/** A put_var as the receiving member read it, in JSON form (a Vector2 reads `{ x, y }`). */
interface Got {
  from: number;
  value: unknown;
}

/** One lobby member, Godot or shim, driven the same way. */
interface Member {
  readonly name: string;
  join(url: string, lobby: string, mesh: boolean): Promise<void>;
  lobby(): Promise<string>;
  id(): Promise<number>;
  events(): Promise<string[]>;
  hello(): Promise<void>;
  got(): Promise<Got[]>;
  leave(): Promise<void>;
}

const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));
/** expect.poll's intervals: short, since every step here takes well under a second on loopback. */
const POLL = [50, 100, 250];

async function godotMember(context: BrowserContext, name: string): Promise<Member> {
  const page = await context.newPage();
  forwardPageProblems(page, name);
  const godot = await startGodot(page, { scripts: { "main.gd": PLAYER_GD, "lobby_client.gd": LOBBY_CLIENT_GD } });
  const events: string[] = [];
  const got: Got[] = [];
  let lobby: Promise<string> | null = null;
  const readEvents = async (): Promise<string[]> => {
    events.push(...(await godot.drain<string>("event")));
    return [...events];
  };
  return {
    name,
    join: (url, lobbyName, mesh) => godot.send("join", { url, lobby: lobbyName, mesh }),
    lobby: () => (lobby ??= godot.next<string>("lobby")),
    id: async () => Number(/^connected (\d+)/.exec((await readEvents()).find((e) => e.startsWith("connected ")) ?? "")?.[1] ?? 0),
    events: readEvents,
    hello: () => godot.send("hello", true),
    got: async () => {
      const fresh = await godot.drain<{ from: number; bytes: Uint8Array }>("got");
      got.push(...fresh.map(({ from, bytes }) => ({ from, value: asJson(bytes_to_var(bytes)) })));
      return [...got];
    },
    leave: () => page.close(),
  };
}

async function shimMember(context: BrowserContext, name: string): Promise<Member> {
  const page = await context.newPage();
  forwardPageProblems(page, name);
  await page.goto("/e2e/fixtures/lobby.html");
  await expect(page, "lobby.html did not load the library").toHaveTitle("ready");
  return {
    name,
    join: async (url, lobby, mesh) => {
      await page.evaluate(([u, l, m]) => {
        window.lobbyPlayer.readVars(true);
        window.lobbyPlayer.join(u, l, m);
      }, [url, lobby, mesh] as const);
    },
    lobby: async () => {
      await expect.poll(() => page.evaluate(() => window.lobbyPlayer.lobby()), { intervals: POLL, message: `${name}'s lobby name` }).not.toBe("");
      return page.evaluate(() => window.lobbyPlayer.lobby());
    },
    id: () => page.evaluate(() => window.lobbyPlayer.id()),
    events: () => page.evaluate(() => [...window.lobbyPlayer.events]),
    hello: async () => {
      await page.evaluate(() => {
        const p = window.lobbyPlayer;
        p.putVar(0, ["hello", p.id(), new p.Vector2(p.id(), 0.5)]);
      });
    },
    got: async () => asJson(await page.evaluate(() => window.lobbyPlayer.vars)) as Got[],
    leave: () => page.close(),
  };
}

let server: SignalingServer;
let url = "";
test.beforeAll(async () => {
  server = await SignalingServer.listen({ port: 0, host: "127.0.0.1" });
  url = `ws://127.0.0.1:${server.port}`;
});
test.afterAll(async () => {
  await server.close();
});

const SCENARIOS = [
  { title: "a Godot mesh host with two shim players", mesh: true, kinds: ["godot", "shim", "shim"] },
  { title: "a shim mesh host with a Godot player and a shim player", mesh: true, kinds: ["shim", "godot", "shim"] },
  { title: "a Godot server with two shim clients", mesh: false, kinds: ["godot", "shim", "shim"] },
  { title: "a shim server with a Godot client and a shim client", mesh: false, kinds: ["shim", "godot", "shim"] },
] as const;

for (const { title, mesh, kinds } of SCENARIOS) {
  test(`mixed lobby: ${title}`, async ({ browser }) => {
    const context = await browser.newContext();
    // The engines start in parallel; the shim pages load meanwhile.
    const members = await Promise.all(kinds.map((kind, i) => (kind === "godot" ? godotMember : shimMember)(context, `${kind} ${i === 0 ? "host" : `player ${i}`}`)));
    const [host, ...others] = members as [Member, ...Member[]];

    await host.join(url, "", mesh);
    const lobby = await host.lobby();
    expect(lobby, "the lobby name").toMatch(/^[A-Za-z0-9]{16}$/);
    await Promise.all(others.map((member) => member.join(url, lobby, mesh)));
    for (const member of members) await expect.poll(() => member.id(), { intervals: POLL, message: `${member.name}'s id` }).toBeGreaterThan(0);
    const ids = await Promise.all(members.map((member) => member.id()));
    expect(ids[0], "the host is peer 1").toBe(1);
    expect(new Set(ids).size, "every member has its own id").toBe(members.length);

    // Mesh: everyone with everyone. Client/server: the server with each client, the clients only with it.
    const peersOf = (i: number): number[] => (mesh || i === 0 ? ids.filter((_, j) => j !== i) : [1]);
    for (const [i, member] of members.entries()) {
      for (const peer of peersOf(i)) {
        await expect.poll(() => member.events(), { intervals: POLL, message: `${member.name} to connect to peer ${peer}` }).toContain(`peer_connected ${peer}`);
      }
    }

    await Promise.all(members.map((member) => member.hello()));
    for (const [i, member] of members.entries()) {
      const expected = peersOf(i).map((peer) => ({ from: peer, value: ["hello", peer, { x: Math.fround(peer), y: 0.5 }] }));
      await expect.poll(async () => (await member.got()).sort((a, b) => a.from - b.from), { intervals: POLL, message: `${member.name}'s put_vars` })
        .toEqual(expected.sort((a, b) => a.from - b.from));
    }

    const leaver = members.length - 1;
    await members[leaver]!.leave();
    for (const [i, member] of members.entries()) {
      if (i === leaver || !peersOf(i).includes(ids[leaver]!)) continue;
      await expect.poll(() => member.events(), { intervals: POLL, message: `${member.name} to see ${members[leaver]!.name} leave` }).toContain(`peer_disconnected ${ids[leaver]}`);
    }
    await context.close();
  });
}
