// A Node WebRTCMultiplayerPeer (SignalingClient on node-datachannel, i.e. libdatachannel: the stack of Godot's
// native webrtc plugin) in the same lobby as two Chromium pages, through the real signaling server running in the
// test process: a mesh lobby the first page creates, then a client/server lobby the Node peer hosts. Last, the
// runnable example docs/examples/node-lobby-bot.mjs (from the build) chats with a page.
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { WebSocket } from "ws";
import { ConnectionStatus, shutdownNodeDataChannel, TransferMode, useNodeDataChannel, Vector2, WebRTCPeerConnection } from "../src/node";
import { SignalingServer } from "../src/server";
import { SignalingClient } from "../src/signaling";
import type { LobbyPlayer } from "./fixtures/lobby";
import { PROJECT_ROOT, requireDist } from "./support/bundle";
import { forwardPageProblems } from "./support/pages";

type Window_ = { lobbyPlayer: LobbyPlayer };

/** The Node player: a SignalingClient polled every 4 ms like a game's frame loop, recording what it sees. */
class NodePlayer {
  readonly client = new SignalingClient({ websocket_class: WebSocket, peer_configuration: { iceServers: [] } });
  readonly events: string[] = [];
  readonly received: { from: number; bytes: number[]; mode: number }[] = [];
  readonly vars: { from: number; value: unknown }[] = [];
  readingVars = false;
  readonly #timer: NodeJS.Timeout;

  constructor() {
    const peer = this.client.multiplayer_peer;
    this.client.connected.connect((id, mesh) => this.events.push(`connected ${id} ${mesh}`));
    this.client.disconnected.connect((code, reason) => this.events.push(`disconnected ${code} ${reason}`));
    peer.peer_connected.connect((id) => this.events.push(`peer_connected ${id}`));
    peer.peer_disconnected.connect((id) => this.events.push(`peer_disconnected ${id}`));
    this.#timer = setInterval(() => {
      this.client.poll();
      while (peer.get_available_packet_count() > 0) {
        const from = peer.get_packet_peer();
        const mode = peer.get_packet_mode();
        if (this.readingVars) this.vars.push({ from, value: peer.get_var() });
        else this.received.push({ from, bytes: [...peer.get_packet()], mode });
      }
    }, 4);
  }

  /** `put_packet` or `put_var` to peer `target` only. */
  sendTo(target: number, send: () => number): number {
    const peer = this.client.multiplayer_peer;
    expect(peer.set_target_peer(target)).toBe(0);
    const result = send();
    peer.set_target_peer(0);
    return result;
  }

  stop(): void {
    clearInterval(this.#timer);
    this.client.stop();
  }
}

let server: SignalingServer;
let url = "";
const nodePlayers: NodePlayer[] = [];
const children: ChildProcess[] = [];

test.beforeAll(async () => {
  expect(useNodeDataChannel()).toBe(0);
  server = await SignalingServer.listen({ port: 0, host: "127.0.0.1" });
  url = `ws://127.0.0.1:${server.port}`;
});
test.afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  for (const player of nodePlayers.splice(0)) player.stop();
  await server?.close();
  WebRTCPeerConnection.set_default_extension(null);
  shutdownNodeDataChannel();
});

function nodePlayer(): NodePlayer {
  const player = new NodePlayer();
  nodePlayers.push(player);
  return player;
}

/** A page in a browser context of its own (no shared storage or processes with the other player). */
async function openPlayer(browser: Browser, name: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  forwardPageProblems(page, name);
  await page.goto("/e2e/fixtures/lobby.html");
  await expect(page, `${name}: lobby.html did not load the library`).toHaveTitle("ready");
  return page;
}

const player = (page: Page) => ({
  join: (lobby: string, mesh: boolean) => page.evaluate(([u, l, m]) => (window as unknown as Window_).lobbyPlayer.join(u, l, m), [url, lobby, mesh] as const),
  events: () => page.evaluate(() => [...(window as unknown as Window_).lobbyPlayer.events]),
  id: () => page.evaluate(() => (window as unknown as Window_).lobbyPlayer.id()),
  lobby: () => page.evaluate(() => (window as unknown as Window_).lobbyPlayer.lobby()),
  status: () => page.evaluate(() => (window as unknown as Window_).lobbyPlayer.status()),
  send: (bytes: number[]) => page.evaluate((b) => (window as unknown as Window_).lobbyPlayer.send(b), bytes),
  sendTo: (target: number, bytes: number[]) => page.evaluate(([t, b]) => (window as unknown as Window_).lobbyPlayer.sendTo(t, b), [target, bytes] as const),
  received: () => page.evaluate(() => [...(window as unknown as Window_).lobbyPlayer.received]),
  readVars: (on: boolean) => page.evaluate((o) => (window as unknown as Window_).lobbyPlayer.readVars(o), on),
  /** Each var received, and whether its `pos` arrived as the library's Vector2 class. */
  vars: () =>
    page.evaluate(() => {
      const lobbyPlayer = (window as unknown as Window_).lobbyPlayer;
      return lobbyPlayer.vars.map(({ from, value }) => ({ from, value, posIsVector2: (value as { pos?: unknown } | null)?.pos instanceof lobbyPlayer.Vector2 }));
    }),
  /** put_var to `target` of a Dictionary built in the page, with a Vector2 in it. */
  putGreeting: (target: number) =>
    page.evaluate((t) => {
      const lobbyPlayer = (window as unknown as Window_).lobbyPlayer;
      return lobbyPlayer.putVar(t, { hello: `from page ${lobbyPlayer.id()}`, pos: new lobbyPlayer.Vector2(3, -4.5), list: [1, "two", null, true] });
    }, target),
});

/** Sorts packets by sender so they compare whatever order they arrived in. */
const bySender = <T extends { from: number }>(packets: T[]): T[] => [...packets].sort((a, b) => a.from - b.from);

test("a Node peer and two Chromium pages in one mesh lobby: all connect, packets flow every way, put_var both ways, the Node peer closing is seen", async ({ browser }) => {
  const pageA = await openPlayer(browser, "page A");
  const pageB = await openPlayer(browser, "page B");
  const a = player(pageA);
  const b = player(pageB);

  // Page A creates the lobby (id 1); the Node peer joins second (it offers to A), page B third (it offers to Node).
  expect(await a.join("", true)).toBe(0);
  await expect.poll(a.lobby, { message: "page A's new lobby" }).toMatch(/^[A-Za-z0-9]{16}$/);
  const lobby = await a.lobby();
  const node = nodePlayer();
  expect(node.client.start(url, lobby, true)).toBe(0);
  await expect.poll(() => node.client.get_unique_id(), { message: "the Node peer's id" }).toBeGreaterThan(1);
  expect(await b.join(lobby, true)).toBe(0);
  await expect.poll(b.id, { message: "page B's id" }).toBeGreaterThan(1);
  const idA = 1;
  const idN = node.client.get_unique_id();
  const idB = await b.id();
  expect(node.client.get_lobby()).toBe(lobby);

  await expect.poll(() => [...node.events].sort(), { message: "the Node peer to connect to both pages" }).toEqual(
    [`connected ${idN} true`, `peer_connected ${idA}`, `peer_connected ${idB}`].sort(),
  );
  expect(node.events[0]).toBe(`connected ${idN} true`);
  await expect.poll(async () => (await a.events()).filter((e) => e.startsWith("peer_")).sort(), { message: "page A to connect to Node and B" }).toEqual(
    [`peer_connected ${idN}`, `peer_connected ${idB}`].sort(),
  );
  await expect.poll(async () => (await b.events()).filter((e) => e.startsWith("peer_")).sort(), { message: "page B to connect to A and Node" }).toEqual(
    [`peer_connected ${idA}`, `peer_connected ${idN}`].sort(),
  );

  // Every ordered pair, one packet each on the reliable channel (the default transfer mode): [from, to, n].
  const mode = node.client.multiplayer_peer.get_transfer_mode();
  expect(mode).toBe(TransferMode.TRANSFER_MODE_RELIABLE);
  const ids = [idA, idN, idB];
  const packet = (from: number, to: number): number[] => [ids.indexOf(from), ids.indexOf(to), 0xab, 0];
  for (const to of [idN, idB]) expect(await a.sendTo(to, packet(idA, to)), `A → ${to}`).toBe(0);
  for (const to of [idA, idN]) expect(await b.sendTo(to, packet(idB, to)), `B → ${to}`).toBe(0);
  for (const to of [idA, idB]) expect(node.sendTo(to, () => node.client.multiplayer_peer.put_packet(Uint8Array.from(packet(idN, to)))), `Node → ${to}`).toBe(0);

  await expect.poll(() => bySender(node.received), { message: "the Node peer to get one packet from each page" }).toEqual(
    bySender([
      { from: idA, bytes: packet(idA, idN), mode: TransferMode.TRANSFER_MODE_RELIABLE },
      { from: idB, bytes: packet(idB, idN), mode: TransferMode.TRANSFER_MODE_RELIABLE },
    ]),
  );
  await expect.poll(async () => bySender(await a.received()), { message: "page A to get one packet from Node and one from B" }).toEqual(
    bySender([
      { from: idN, bytes: packet(idN, idA) },
      { from: idB, bytes: packet(idB, idA) },
    ]),
  );
  await expect.poll(async () => bySender(await b.received()), { message: "page B to get one packet from A and one from Node" }).toEqual(
    bySender([
      { from: idA, bytes: packet(idA, idB) },
      { from: idN, bytes: packet(idN, idB) },
    ]),
  );

  // put_var / get_var on the multiplayer peer, Node → page B and page B → Node, Vector2 kept as a Vector2.
  await b.readVars(true);
  node.readingVars = true;
  const fromNode = { hello: "from Node", pos: new Vector2(1.5, -2), n: 2 ** 40, ratio: 0.1, list: ["é", [1, 2], { deep: true }] };
  expect(node.sendTo(idB, () => node.client.multiplayer_peer.put_var(fromNode))).toBe(0);
  expect(await b.putGreeting(idN)).toBe(0);
  await expect.poll(b.vars, { message: "page B to get_var the Node peer's Dictionary" }).toEqual([
    { from: idN, value: { hello: "from Node", pos: { x: 1.5, y: -2 }, n: 2 ** 40, ratio: 0.1, list: ["é", [1, 2], { deep: true }] }, posIsVector2: true },
  ]);
  await expect.poll(() => node.vars, { message: "the Node peer to get_var page B's Dictionary" }).toEqual([
    { from: idB, value: { hello: `from page ${idB}`, pos: new Vector2(3, -4.5), list: [1, "two", null, true] } },
  ]);
  expect((node.vars[0]?.value as { pos: unknown }).pos).toBeInstanceOf(Vector2);

  // The Node peer closes its WebRTC side only (its signaling socket stays, so nothing but the closed
  // connections tells the pages): both pages see it leave and stay connected to each other.
  node.client.multiplayer_peer.close();
  await expect.poll(a.events, { message: "page A to see the Node peer leave" }).toContain(`peer_disconnected ${idN}`);
  await expect.poll(b.events, { message: "page B to see the Node peer leave" }).toContain(`peer_disconnected ${idN}`);
  expect(await a.events()).not.toContain(`peer_disconnected ${idB}`);
  expect(await b.events()).not.toContain(`peer_disconnected ${idA}`);
  expect(await b.sendTo(idA, [9, 9])).toBe(0);
  await expect.poll(async () => (await a.received()).at(-1), { message: "A and B to still exchange packets" }).toEqual({ from: idB, bytes: [9, 9] });

  node.stop();
  await pageA.context().close();
  await pageB.context().close();
});

test("a Node peer hosts a client/server lobby: both Chromium clients connect to it and exchange packets with it", async ({ browser }) => {
  const pageA = await openPlayer(browser, "client A");
  const pageB = await openPlayer(browser, "client B");
  const a = player(pageA);
  const b = player(pageB);

  const host = nodePlayer();
  expect(host.client.start(url, "", false)).toBe(0);
  await expect.poll(() => host.client.get_unique_id(), { message: "the Node host's id" }).toBe(1);
  await expect.poll(() => host.client.get_lobby(), { message: "the Node host's new lobby" }).toMatch(/^[A-Za-z0-9]{16}$/);
  await expect.poll(() => host.events, { message: "the host's connected signal" }).toEqual(["connected 1 false"]);
  expect(host.client.multiplayer_peer.is_server()).toBe(true);

  const lobby = host.client.get_lobby();
  expect(await a.join(lobby, false)).toBe(0);
  expect(await b.join(lobby, false)).toBe(0);
  await expect.poll(a.id, { message: "client A's id" }).toBeGreaterThan(1);
  await expect.poll(b.id, { message: "client B's id" }).toBeGreaterThan(1);
  const idA = await a.id();
  const idB = await b.id();

  await expect.poll(() => [...host.events].sort(), { message: "the host to connect to both clients" }).toEqual(
    ["connected 1 false", `peer_connected ${idA}`, `peer_connected ${idB}`].sort(),
  );
  await expect.poll(a.events, { message: "client A to connect to the host" }).toContain("peer_connected 1");
  await expect.poll(b.events, { message: "client B to connect to the host" }).toContain("peer_connected 1");
  expect(await a.status()).toBe(ConnectionStatus.CONNECTION_CONNECTED);
  // Clients only connect to the host, never to each other.
  expect((await a.events()).filter((e) => e.startsWith("peer_"))).toEqual(["peer_connected 1"]);
  expect((await b.events()).filter((e) => e.startsWith("peer_"))).toEqual(["peer_connected 1"]);

  // Each client → host (a client's put_packet goes to the server), host → each client by id.
  expect(await a.send([0xa, 1])).toBe(0);
  expect(await b.send([0xb, 1])).toBe(0);
  expect(host.sendTo(idA, () => host.client.multiplayer_peer.put_packet(Uint8Array.of(1, 0xa)))).toBe(0);
  expect(host.sendTo(idB, () => host.client.multiplayer_peer.put_packet(Uint8Array.of(1, 0xb)))).toBe(0);
  await expect.poll(() => bySender(host.received), { message: "the host to get one packet from each client" }).toEqual(
    bySender([
      { from: idA, bytes: [0xa, 1], mode: TransferMode.TRANSFER_MODE_RELIABLE },
      { from: idB, bytes: [0xb, 1], mode: TransferMode.TRANSFER_MODE_RELIABLE },
    ]),
  );
  await expect.poll(a.received, { message: "client A to get its packet from the host" }).toEqual([{ from: 1, bytes: [1, 0xa] }]);
  await expect.poll(b.received, { message: "client B to get its packet from the host" }).toEqual([{ from: 1, bytes: [1, 0xb] }]);

  // The host leaves: the server closes the lobby, and both clients end disconnected.
  host.stop();
  for (const [name, client] of [["A", a], ["B", b]] as const) {
    await expect.poll(client.events, { message: `client ${name} to hear the host left` }).toContain("disconnected 4000 Room host has disconnected");
    await expect.poll(client.status, { message: `client ${name}'s multiplayer peer to be disconnected` }).toBe(ConnectionStatus.CONNECTION_DISCONNECTED);
  }
  await pageA.context().close();
  await pageB.context().close();
});

test("docs/examples/node-lobby-bot.mjs (from the build) joins a page's lobby by name, greets it and echoes its chat", async ({ browser }) => {
  requireDist(["node.js", "signaling.js", "server.js"]);
  const page = await openPlayer(browser, "chat page");
  const human = player(page);
  await human.readVars(true);
  expect(await human.join("", true)).toBe(0);
  await expect.poll(human.lobby, { message: "the page's new lobby" }).toMatch(/^[A-Za-z0-9]{16}$/);

  const bot = spawn(process.execPath, [join(PROJECT_ROOT, "docs", "examples", "node-lobby-bot.mjs"), "--url", url, "--lobby", await human.lobby()], { cwd: PROJECT_ROOT });
  children.push(bot);
  let output = "";
  bot.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  bot.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => bot.once("exit", (code) => resolve(code)));

  await expect.poll(() => output, { message: "the bot to join the page's lobby" }).toMatch(/connected as peer (\d+) \(mesh\)/);
  const botId = Number(/connected as peer (\d+)/.exec(output)?.[1]);
  await expect.poll(human.events, { message: `the page to connect to the bot; bot output:\n${output}` }).toContain(`peer_connected ${botId}`);
  await expect.poll(human.vars, { message: "the bot's greeting" }).toEqual([{ from: botId, value: `hello 1, I am a Node bot (peer ${botId})`, posIsVector2: false }]);

  expect(await page.evaluate(() => (window as unknown as Window_).lobbyPlayer.putVar(0, "hi bot ✓"))).toBe(0);
  await expect.poll(async () => (await human.vars()).at(-1)?.value, { message: "the bot's echo" }).toBe("echo: hi bot ✓");
  expect(output).toContain("1: hi bot ✓");

  // SIGTERM: the bot leaves the lobby, shuts libdatachannel down and exits by itself with code 0.
  bot.kill("SIGTERM");
  expect(await exited, `the bot's exit code; output:\n${output}`).toBe(0);
  await expect.poll(human.events, { message: "the page to see the bot leave" }).toContain(`peer_disconnected ${botId}`);
  await page.context().close();
});
