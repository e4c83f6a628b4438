// Three signaling server instances on one Redis (Debian's redis-server, started here on loopback), and real
// Chromium players spread over them, one instance each: a mesh lobby and a client/server lobby form and carry
// packets; a seal issued through the host's instance closes the players on the others, and their peers stay.
import { expect, test, type Page } from "@playwright/test";
import { SignalingServer } from "../src/server";
import { RedisProcess } from "../src/server/testing/redis-process";
import type { LobbyPlayer } from "./fixtures/lobby";
import { forwardPageProblems } from "./support/pages";

let redis: RedisProcess;
const servers: SignalingServer[] = [];
const urls: string[] = [];
test.beforeAll(async () => {
  redis = await RedisProcess.start();
  for (let i = 0; i < 3; i++) {
    const server = await SignalingServer.listen({ port: 0, host: "127.0.0.1", redis: redis.url, sealTimeout: 500 });
    servers.push(server);
    urls.push(`ws://127.0.0.1:${server.port}`);
  }
});
test.afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
  await redis.stop();
});

type Player = ReturnType<typeof control>;
const control = (page: Page) => ({
  join: (url: string, lobby: string, mesh: boolean) => page.evaluate(([u, l, m]) => (window as unknown as { lobbyPlayer: LobbyPlayer }).lobbyPlayer.join(u, l, m), [url, lobby, mesh] as const),
  events: () => page.evaluate(() => [...(window as unknown as { lobbyPlayer: LobbyPlayer }).lobbyPlayer.events]),
  id: () => page.evaluate(() => (window as unknown as { lobbyPlayer: LobbyPlayer }).lobbyPlayer.id()),
  lobby: () => page.evaluate(() => (window as unknown as { lobbyPlayer: LobbyPlayer }).lobbyPlayer.lobby()),
  send: (bytes: number[]) => page.evaluate((b) => (window as unknown as { lobbyPlayer: LobbyPlayer }).lobbyPlayer.send(b), bytes),
  seal: () => page.evaluate(() => (window as unknown as { lobbyPlayer: LobbyPlayer }).lobbyPlayer.seal()),
  senders: () => page.evaluate(() => (window as unknown as { lobbyPlayer: LobbyPlayer }).lobbyPlayer.received.map((packet) => packet.from).sort((a, b) => a - b)),
});

/** Opens three players, the host on instance 1 and one guest on each other instance, all in one lobby. */
async function threeAcrossInstances(pages: Page[], mesh: boolean): Promise<{ players: Player[]; ids: number[] }> {
  const players: Player[] = [];
  for (const [i, page] of pages.entries()) {
    forwardPageProblems(page, `player ${i + 1}`);
    await page.goto("/e2e/fixtures/lobby.html");
    await expect(page, "lobby.html did not load the library").toHaveTitle("ready");
    players.push(control(page));
  }
  const [host, ...guests] = players as [Player, Player, Player];
  expect(await host.join(urls[0]!, "", mesh)).toBe(0);
  await expect.poll(host.lobby, { message: "the host's lobby" }).toMatch(/^[A-Za-z0-9]{16}$/);
  const lobby = await host.lobby();
  for (const [i, guest] of guests.entries()) {
    expect(await guest.join(urls[i + 1]!, lobby, mesh)).toBe(0);
    await expect.poll(guest.id, { message: `guest ${i + 1}'s id from instance ${i + 2}` }).toBeGreaterThan(1);
  }
  return { players, ids: [1, await guests[0].id(), await guests[1].id()] };
}

test("a mesh lobby over three instances: every player connects to every other and packets flow every way", async ({ browser }) => {
  const pages = await Promise.all([0, 1, 2].map(() => browser.newPage()));
  const { players, ids } = await threeAcrossInstances(pages, true);
  for (const [i, player] of players.entries()) {
    for (const other of ids.filter((id) => id !== ids[i])) {
      await expect.poll(player.events, { message: `player ${ids[i]} to connect to ${other}`, timeout: 15_000 }).toContain(`peer_connected ${other}`);
    }
  }
  for (const player of players) expect(await player.send([7])).toBe(0);
  for (const [i, player] of players.entries()) {
    await expect.poll(player.senders, { message: `player ${ids[i]}'s packets from the two others` }).toEqual(ids.filter((id) => id !== ids[i]).sort((a, b) => a - b));
  }
  await Promise.all(pages.map((page) => page.close()));
});

test("a client/server lobby over three instances: clients reach the host; a seal closes them on their instances and the peers stay", async ({ browser }) => {
  const pages = await Promise.all([0, 1, 2].map(() => browser.newPage()));
  const { players, ids } = await threeAcrossInstances(pages, false);
  const [host, ...clients] = players as [Player, Player, Player];
  for (const id of ids.slice(1)) await expect.poll(host.events, { message: `the host to connect to ${id}`, timeout: 15_000 }).toContain(`peer_connected ${id}`);
  for (const client of clients) {
    await expect.poll(client.events, { message: "a client to connect to the host", timeout: 15_000 }).toContain("peer_connected 1");
    expect(await client.send([9])).toBe(0);
  }
  await expect.poll(host.senders, { message: "the host to receive both clients' packets" }).toEqual(ids.slice(1).sort((a, b) => a - b));
  for (const [i, client] of clients.entries()) {
    expect(await client.events(), "a client is introduced to the host only").not.toContain(`peer_connected ${ids[2 - i]}`);
  }
  expect(await host.seal()).toBe(0);
  for (const client of clients) {
    await expect.poll(client.events, { message: "a client on another instance to hear of the seal and be closed after it" }).toEqual(expect.arrayContaining(["lobby_sealed", "disconnected 1000 Seal complete"]));
    expect(await client.send([10])).toBe(0);
  }
  await expect.poll(host.senders, { message: "packets after the seal: the peer connections stay" }).toHaveLength(4);
  await Promise.all(pages.map((page) => page.close()));
});
