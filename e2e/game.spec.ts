// The multiplayer demo (demo/game/) as players use it: three browser contexts (three players, nothing shared)
// meet through the signaling server Vite runs at /signaling, see each other's dots move, chat, and notice a
// player leaving. Once as a mesh, once as a client/server lobby where the host relays everything.
import { join } from "node:path";
import { expect, test, type Browser, type BrowserContext, type Page, type TestInfo } from "@playwright/test";
import type { GameDebug } from "../demo/game/main";
import { forwardPageProblems } from "./support/pages";

const LOBBY_NAME = /^[A-Za-z0-9]{16}$/;
const CONNECTED = "STATE_CONNECTED (2)";

interface Player {
  name: string;
  context: BrowserContext;
  page: Page;
  id: number;
  /** Uncaught exceptions in the page: a broken demo often shows nothing else. */
  errors: string[];
}

/** Opens the game in a fresh context (its own storage, like another person's browser). */
async function openGame(browser: Browser, name: string, query = ""): Promise<Omit<Player, "id">> {
  const context = await browser.newContext();
  const page = await context.newPage();
  forwardPageProblems(page, name);
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(`/demo/game/${query}`);
  await expect(page.locator("#status"), `${name}: the game page should load`).toHaveAttribute("data-status", "idle");
  return { name, context, page, errors };
}

/** Fills in the form and joins; resolves with the player's id once the server gave one. */
async function joinLobby(player: Omit<Player, "id">, lobby: string, mode: "mesh" | "server"): Promise<Player> {
  const { page, name } = player;
  await page.getByLabel("Lobby", { exact: true }).fill(lobby);
  await page.locator(`input[name="mode"][value="${mode}"]`).check();
  await page.getByRole("button", { name: "Join" }).click();
  await expect(page.locator("#status"), `${name} should get into the lobby`).toHaveAttribute("data-status", "in lobby");
  const id = Number(await page.locator("#my-id").textContent());
  expect(id, `${name}'s id`).toBeGreaterThanOrEqual(1);
  return { ...player, id };
}

/** The player's view of `id`'s dot, as the page stores it. */
const dot = (viewer: Player, id: number) => viewer.page.locator(`#arena .dot[data-peer-id="${id}"]`);

async function positionOf(viewer: Player, id: number): Promise<{ x: number; y: number } | null> {
  const locator = dot(viewer, id);
  if ((await locator.count()) === 0) return null;
  return { x: Number(await locator.getAttribute("data-x")), y: Number(await locator.getAttribute("data-y")) };
}

/** Waits until every viewer shows `mover`'s dot within a unit of where `mover` itself shows it. */
async function expectSeenAt(viewers: Player[], mover: Player, at: { x: number; y: number }): Promise<void> {
  for (const viewer of viewers) {
    await expect
      .poll(async () => {
        const seen = await positionOf(viewer, mover.id);
        return seen !== null && Math.abs(seen.x - at.x) <= 1 && Math.abs(seen.y - at.y) <= 1;
      }, { message: `${viewer.name} should see ${mover.name}'s dot at (${at.x}, ${at.y})` })
      .toBe(true);
  }
}

/** Clicks the arena at a fraction of its size; resolves once the player's own dot got there (in arena units). */
async function clickToMove(player: Player, fx: number, fy: number): Promise<{ x: number; y: number }> {
  const arena = player.page.locator("#arena");
  const box = await arena.boundingBox();
  if (box === null) throw new Error(`${player.name}: the arena is not on screen`);
  await arena.click({ position: { x: box.width * fx, y: box.height * fy } });
  const target = { x: 800 * fx, y: 500 * fy };
  await expect
    .poll(async () => {
      const own = await positionOf(player, player.id);
      return own !== null && Math.abs(own.x - target.x) <= 2 && Math.abs(own.y - target.y) <= 2;
    }, { message: `${player.name}'s dot should walk to the click (${target.x}, ${target.y})` })
    .toBe(true);
  return (await positionOf(player, player.id)) as { x: number; y: number };
}

/** Holds ArrowRight until the player's own dot moved at least 60 units right; resolves with where it stopped. */
async function walkRight(player: Player): Promise<{ x: number; y: number }> {
  const start = (await positionOf(player, player.id)) as { x: number; y: number };
  await player.page.locator("#arena").focus();
  await player.page.keyboard.down("ArrowRight");
  await expect
    .poll(async () => ((await positionOf(player, player.id))?.x ?? 0) - start.x, { message: `${player.name}'s dot should move right while the key is held` })
    .toBeGreaterThanOrEqual(60);
  await player.page.keyboard.up("ArrowRight");
  // Settled: the same position twice in a row, frames apart.
  let last = await positionOf(player, player.id);
  await expect
    .poll(async () => {
      const now = await positionOf(player, player.id);
      const same = now !== null && last !== null && now.x === last.x && now.y === last.y;
      last = now;
      return same;
    }, { message: `${player.name}'s dot should stop when the key is released` })
    .toBe(true);
  return last as unknown as { x: number; y: number };
}

async function say(player: Player, text: string): Promise<void> {
  await player.page.getByLabel("Message").fill(text);
  await player.page.getByLabel("Message").press("Enter");
  await expect(player.page.locator("#chat-log"), `${player.name} sees its own line`).toContainText(`${player.id} (you): ${text}`);
}

async function expectChat(viewers: Player[], from: Player, text: string): Promise<void> {
  for (const viewer of viewers) {
    await expect(viewer.page.locator("#chat-log"), `${viewer.name} should get ${from.name}'s chat line`).toContainText(`${from.id}: ${text}`);
  }
}

const events = (player: Player) => player.page.evaluate(() => (window as unknown as { game: GameDebug }).game.snapshot().events);

/** The peer table must list exactly `ids`, each connected, with a measured round-trip time and traffic both ways. */
async function expectPeerTable(player: Player, ids: number[]): Promise<void> {
  const rows = player.page.locator("#peer-table tbody tr");
  await expect(rows, `${player.name}'s peer table`).toHaveCount(ids.length);
  for (const id of ids) {
    const row = player.page.locator(`#peer-table tbody tr[data-peer-id="${id}"]`);
    await expect(row.locator('[data-field="state"]'), `${player.name}: peer ${id}'s connection state`).toHaveText(CONNECTED);
    await expect(row.locator('[data-field="connected"]')).toHaveText("yes");
    await expect(row.locator('[data-field="rtt"]'), `${player.name}: a ping/pong round trip to ${id}`).toHaveText(/^\d+\.\d ms$/);
    await expect(row.locator('[data-field="transport_rtt"]'), `${player.name}: the transport's round trip to ${id} (get_stats)`).toHaveText(/^\d+\.\d ms$/);
    await expect(row.locator('[data-badge="relayed"]'), `${player.name}: peer ${id} is reached directly on loopback`).toBeHidden();
    await expect.poll(async () => Number(await row.locator('[data-field="sent"]').textContent()), { message: `${player.name}: packets sent to ${id}` }).toBeGreaterThan(0);
    await expect.poll(async () => Number(await row.locator('[data-field="received"]').textContent()), { message: `${player.name}: packets from ${id}` }).toBeGreaterThan(0);
  }
}

async function keepScreenshot(player: Player, label: string, testInfo: TestInfo): Promise<void> {
  const body = await player.page.screenshot({ path: join(testInfo.project.outputDir, `game-${label}.png`), fullPage: true });
  await testInfo.attach(`game-${label}`, { body, contentType: "image/png" });
}

async function expectGone(viewers: Player[], leaver: Player): Promise<void> {
  for (const viewer of viewers) {
    await expect(dot(viewer, leaver.id), `${viewer.name} should remove ${leaver.name}'s dot`).toHaveCount(0);
    await expect(viewer.page.locator(`#peer-table tr[data-peer-id="${leaver.id}"]`)).toHaveCount(0);
  }
}

test("three players in a mesh lobby see each other move, chat, and see one leave", async ({ browser }, testInfo) => {
  const first = await openGame(browser, "A");
  const a = await joinLobby(first, "", "mesh");
  await expect(a.page.locator("#lobby-name"), "the created lobby's name is shown").toHaveText(LOBBY_NAME);
  const lobby = (await a.page.locator("#lobby-name").textContent()) as string;
  const link = await a.page.locator("#share-link").inputValue();
  expect(new URL(link).searchParams.get("lobby"), "the share link names the lobby").toBe(lobby);
  expect(new URL(link).searchParams.get("mode")).toBe("mesh");

  // B types the name; C opens A's share link, which fills the form in.
  const b = await joinLobby(await openGame(browser, "B"), lobby, "mesh");
  const cPage = await openGame(browser, "C", new URL(link).search);
  await expect(cPage.page.getByLabel("Lobby", { exact: true }), "the share link fills in the lobby").toHaveValue(lobby);
  const c = await joinLobby(cPage, lobby, "mesh");
  const players = [a, b, c];
  expect(new Set(players.map((player) => player.id)).size, "three distinct ids").toBe(3);

  for (const viewer of players) {
    for (const other of players) await expect(dot(viewer, other.id), `${viewer.name} should see ${other.name}'s dot`).toBeVisible();
    await expectPeerTable(viewer, players.filter((other) => other !== viewer).map((other) => other.id));
  }
  expect(await events(a)).toEqual(expect.arrayContaining([`peer_connected ${b.id}`, `peer_connected ${c.id}`]));

  // Every player moves (click, keys, click) and the two others follow it.
  await expectSeenAt([b, c], a, await clickToMove(a, 0.25, 0.75));
  await expectSeenAt([a, c], b, await walkRight(b));
  await expectSeenAt([a, b], c, await clickToMove(c, 0.9, 0.1));

  await say(c, "hello from C");
  await expectChat([a, b], c, "hello from C");
  await say(a, "héllo ✓ from A");
  await expectChat([b, c], a, "héllo ✓ from A");

  for (const player of players) await keepScreenshot(player, `mesh-${player.name}`, testInfo);

  await c.context.close();
  for (const viewer of [a, b]) {
    await expect.poll(() => events(viewer), { message: `${viewer.name} should get peer_disconnected for C` }).toContain(`peer_disconnected ${c.id}`);
  }
  await expectGone([a, b], c);
  // The two left still play together.
  await expectSeenAt([b], a, await clickToMove(a, 0.5, 0.5));
  for (const player of players) expect(player.errors, `${player.name}: uncaught page errors`).toEqual([]);
  await Promise.all([a.context.close(), b.context.close()]);
});

test("a client/server lobby: the host relays movement and chat between its two clients, and a leaving client vanishes for everyone", async ({ browser }, testInfo) => {
  const host = await joinLobby(await openGame(browser, "host"), "", "server");
  expect(host.id, "the creator of a client/server lobby is the host, id 1").toBe(1);
  await expect(host.page.locator("#lobby-name")).toHaveText(LOBBY_NAME);
  const lobby = (await host.page.locator("#lobby-name").textContent()) as string;
  expect(new URL(await host.page.locator("#share-link").inputValue()).searchParams.get("mode")).toBe("server");

  // Joining by name: the lobby's kind is the host's, whatever the joiner picked.
  const one = await joinLobby(await openGame(browser, "client one"), lobby, "mesh");
  const two = await joinLobby(await openGame(browser, "client two"), lobby, "server");
  for (const client of [one, two]) await expect(client.page.locator("#lobby-kind")).toHaveText("(client/server)");
  const players = [host, one, two];

  for (const viewer of players) {
    for (const other of players) await expect(dot(viewer, other.id), `${viewer.name} should see ${other.name}'s dot`).toBeVisible();
  }
  // Clients connect to the host only; the host to both.
  await expectPeerTable(host, [one.id, two.id].sort((x, y) => x - y));
  await expectPeerTable(one, [1]);
  await expectPeerTable(two, [1]);

  await expectSeenAt([host, two], one, await clickToMove(one, 0.2, 0.2));
  await expectSeenAt([host, one], two, await walkRight(two));
  await expectSeenAt([one, two], host, await clickToMove(host, 0.7, 0.8));

  await say(one, "relay me");
  await expectChat([host, two], one, "relay me");
  await say(host, "host here");
  await expectChat([one, two], host, "host here");

  for (const player of players) await keepScreenshot(player, `client-server-${player.name.replace(" ", "-")}`, testInfo);

  await two.context.close();
  await expect.poll(() => events(host), { message: "the host should get peer_disconnected for client two" }).toContain(`peer_disconnected ${two.id}`);
  await expectGone([host, one], two);
  await expectSeenAt([host], one, await clickToMove(one, 0.6, 0.4));

  // The host leaving ends the lobby: the server closes the client with Godot's reason.
  await host.context.close();
  await expect(one.page.locator("#status"), "the client learns the host is gone").toHaveText("disconnected: 4000 Room host has disconnected");
  await expect(one.page.locator("#arena .dot"), "no dot is left, the client's own neither: the game is over").toHaveCount(0);
  await expect(one.page.locator("#my-id"), "no stale id once out of the game").toHaveText("–");
  for (const player of players) expect(player.errors, `${player.name}: uncaught page errors`).toEqual([]);
  await one.context.close();
});
