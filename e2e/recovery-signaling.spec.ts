// Signaling loss in real Chromium (issue 12.3): a mesh of three pages keeps playing while the signaling server
// process is killed (SIGKILL: no close frame) and started again on the same port with the same resume secret;
// every page resumes its id, and a fourth player then joins and connects to all three. Each page streams
// numbered packets on the reliable channel the whole time; every packet must arrive once and in order. Then a
// mesh whose host leaves keeps playing when its members opt in (keep_mesh_when_host_leaves).
import { expect, test, type Browser, type Page } from "@playwright/test";
import { ServerProcess } from "../src/server/testing/server-process";
import type { LobbyPlayer } from "./fixtures/lobby";
import { forwardPageProblems } from "./support/pages";

const SECRET = "e2e resume secret";
const STREAM_MS = 20;

async function openPlayers(browser: Browser, names: string[], url: () => string, query = ""): Promise<ReturnType<typeof player>[]> {
  return Promise.all(names.map(async (name) => {
    const page = await browser.newPage();
    forwardPageProblems(page, name);
    await page.goto(`/e2e/fixtures/lobby.html${query}`);
    await expect(page, "lobby.html did not load the library").toHaveTitle("ready");
    return player(page, url);
  }));
}

const player = (page: Page, url: () => string) => ({
  page,
  join: (lobby: string) => page.evaluate(([u, l]) => (window as unknown as { lobbyPlayer: LobbyPlayer }).lobbyPlayer.join(u, l, true), [url(), lobby] as const),
  events: () => page.evaluate(() => [...(window as unknown as { lobbyPlayer: LobbyPlayer }).lobbyPlayer.events]),
  id: () => page.evaluate(() => (window as unknown as { lobbyPlayer: LobbyPlayer }).lobbyPlayer.id()),
  lobby: () => page.evaluate(() => (window as unknown as { lobbyPlayer: LobbyPlayer }).lobbyPlayer.lobby()),
  startStream: () => page.evaluate((ms) => (window as unknown as { lobbyPlayer: LobbyPlayer }).lobbyPlayer.startStream(ms), STREAM_MS),
  stopStream: () => page.evaluate(() => (window as unknown as { lobbyPlayer: LobbyPlayer }).lobbyPlayer.stopStream()),
  /** Sequence numbers received from each peer, in arrival order. */
  sequences: () =>
    page.evaluate(() => {
      const by: Record<number, number[]> = {};
      for (const { from, bytes } of (window as unknown as { lobbyPlayer: LobbyPlayer }).lobbyPlayer.received) {
        if (bytes.length === 4) (by[from] ??= []).push(((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0);
      }
      return by;
    }),
});

test("the signaling server is killed mid-match and started again: the mesh keeps playing, resumes its ids, and a new player meets everyone", async ({ browser }) => {
  test.setTimeout(90_000);
  let server = await ServerProcess.start({ resumeSecret: SECRET });
  const port = server.port;
  const url = (): string => `ws://127.0.0.1:${port}`;
  try {
    const pages = await openPlayers(browser, ["a", "b", "c", "d"], url);
    const [a, b, c, d] = pages as [ReturnType<typeof player>, ReturnType<typeof player>, ReturnType<typeof player>, ReturnType<typeof player>];
    expect(await a.join("")).toBe(0);
    await expect.poll(a.lobby, { message: "the host's lobby" }).toMatch(/^[A-Za-z0-9]{16}$/);
    const lobby = await a.lobby();
    expect(await b.join(lobby)).toBe(0);
    expect(await c.join(lobby)).toBe(0);
    await expect.poll(c.id, { message: "c's id" }).toBeGreaterThan(1);
    const ids = [1, await b.id(), await c.id()];
    const mesh = [a, b, c];
    for (const [i, who] of mesh.entries()) {
      for (const other of ids.filter((_, j) => j !== i)) await expect.poll(who.events, { message: `player ${ids[i]} to connect to ${other}`, timeout: 15_000 }).toContain(`peer_connected ${other}`);
    }
    for (const who of mesh) await who.startStream();

    await server.stop("SIGKILL");
    const killedAt = Date.now();
    for (const [i, who] of mesh.entries()) await expect.poll(who.events, { message: `player ${ids[i]} to report the loss` }).toContain("disconnected 1006 connection to the signaling server lost");
    const before = await a.sequences();
    await expect.poll(async () => (await a.sequences())[ids[1]!]?.length ?? 0, { message: "packets keep flowing while the server is down" }).toBeGreaterThan((before[ids[1]!]?.length ?? 0) + 100);
    const downFor = Date.now() - killedAt;

    server = await ServerProcess.start({ resumeSecret: SECRET, port });
    const restartedAt = Date.now();
    for (const [i, who] of mesh.entries()) await expect.poll(who.events, { message: `player ${ids[i]} to resume its id`, timeout: 30_000 }).toContain(`reconnected ${ids[i]}`);
    const resumedIn = Date.now() - restartedAt;
    expect([await a.id(), await b.id(), await c.id()]).toEqual(ids);

    expect(await d.join(lobby)).toBe(0);
    await expect.poll(d.id, { message: "the newcomer's id" }).toBeGreaterThan(1);
    const idD = await d.id();
    for (const other of ids) await expect.poll(d.events, { message: `the newcomer to connect to ${other}`, timeout: 15_000 }).toContain(`peer_connected ${other}`);
    for (const [i, who] of mesh.entries()) await expect.poll(who.events, { message: `player ${ids[i]} to connect to the newcomer`, timeout: 15_000 }).toContain(`peer_connected ${idD}`);

    const sent = await Promise.all(mesh.map((who) => who.stopStream()));
    for (const [i, who] of mesh.entries()) {
      for (const [j, from] of ids.entries()) {
        if (i === j) continue;
        await expect.poll(async () => (await who.sequences())[from]?.length ?? 0, { message: `player ${ids[i]} to get all ${sent[j]} packets of ${from}` }).toBe(sent[j]);
        const got = (await who.sequences())[from]!;
        expect(got, `player ${ids[i]}: packets of ${from} once and in order`).toEqual(Array.from({ length: sent[j]! }, (_, n) => n));
      }
      expect((await who.events()).filter((e) => e.startsWith("peer_disconnected"))).toEqual([]);
    }
    test.info().annotations.push({ type: "measured", description: `down ${downFor} ms (stream kept flowing), all three resumed ${resumedIn} ms after the restart; packets per sender ${sent.join(", ")}` });
    console.log(`recovery-signaling: down ${downFor} ms, resumed ${resumedIn} ms after restart, sent ${sent.join(", ")}`);
    for (const who of pages) await who.page.close(); // before the server goes, or they would keep reconnecting
  } finally {
    await server.stop();
  }
});

test("the mesh host leaves: members that opted in (keep_mesh_when_host_leaves) keep exchanging packets", async ({ browser }) => {
  const server = await ServerProcess.start({ resumeSecret: SECRET });
  try {
    const [host] = await openPlayers(browser, ["host"], () => server.url);
    const [b, c] = await openPlayers(browser, ["b", "c"], () => server.url, "?keep_mesh_when_host_leaves=1");
    expect(await host!.join("")).toBe(0);
    await expect.poll(host!.lobby, { message: "the host's lobby" }).toMatch(/^[A-Za-z0-9]{16}$/);
    const lobby = await host!.lobby();
    expect(await b!.join(lobby)).toBe(0);
    expect(await c!.join(lobby)).toBe(0);
    await expect.poll(c!.id, { message: "c's id" }).toBeGreaterThan(1);
    const [idB, idC] = [await b!.id(), await c!.id()];
    await expect.poll(b!.events, { message: "b to connect to c", timeout: 15_000 }).toContain(`peer_connected ${idC}`);
    await expect.poll(c!.events, { message: "c to connect to b", timeout: 15_000 }).toContain(`peer_connected ${idB}`);
    await b!.startStream();
    await c!.startStream();
    await host!.page.close();
    for (const who of [b!, c!]) await expect.poll(who.events, { message: "the members to be told the host left" }).toContain("disconnected 4000 Room host has disconnected");
    for (const who of [b!, c!]) await expect.poll(who.events, { message: "the members to see the host's connection go" }).toContain("peer_disconnected 1");
    const before = (await b!.sequences())[idC]?.length ?? 0;
    await expect.poll(async () => (await b!.sequences())[idC]?.length ?? 0, { message: "c's packets keep reaching b without the host" }).toBeGreaterThan(before + 50);
    const sent = [await b!.stopStream(), await c!.stopStream()];
    await expect.poll(async () => (await c!.sequences())[idB]?.length ?? 0, { message: "every packet of b to reach c" }).toBe(sent[0]);
    await expect.poll(async () => (await b!.sequences())[idC]?.length ?? 0, { message: "every packet of c to reach b" }).toBe(sent[1]);
    expect((await b!.events()).filter((e) => e.startsWith("peer_disconnected"))).toEqual(["peer_disconnected 1"]);
  } finally {
    await server.stop();
  }
});
