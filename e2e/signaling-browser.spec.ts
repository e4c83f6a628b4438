// The lobby client in real Chromium (browser WebSocket, browser RTCPeerConnection) against the real signaling
// server running in the test process: each page is one player, as in a game.
import { expect, test, type Page } from "@playwright/test";
import { SignalingServer } from "../src/server";
import type { LobbyPlayer } from "./fixtures/lobby";
import { forwardPageProblems } from "./support/pages";

let server: SignalingServer;
let url = "";
test.beforeAll(async () => {
  server = await SignalingServer.listen({ port: 0, host: "127.0.0.1" });
  url = `ws://127.0.0.1:${server.port}`;
});
test.afterAll(async () => {
  await server.close();
});

async function openPlayer(page: Page, name: string): Promise<void> {
  forwardPageProblems(page, name);
  await page.goto("/e2e/fixtures/lobby.html");
  await expect(page, "lobby.html did not load the library").toHaveTitle("ready");
}

const player = (page: Page) => ({
  join: (lobby: string, mesh: boolean) => page.evaluate(([u, l, m]) => (window as unknown as { lobbyPlayer: LobbyPlayer }).lobbyPlayer.join(u, l, m), [url, lobby, mesh] as const),
  events: () => page.evaluate(() => [...(window as unknown as { lobbyPlayer: LobbyPlayer }).lobbyPlayer.events]),
  id: () => page.evaluate(() => (window as unknown as { lobbyPlayer: LobbyPlayer }).lobbyPlayer.id()),
  lobby: () => page.evaluate(() => (window as unknown as { lobbyPlayer: LobbyPlayer }).lobbyPlayer.lobby()),
  send: (bytes: number[]) => page.evaluate((b) => (window as unknown as { lobbyPlayer: LobbyPlayer }).lobbyPlayer.send(b), bytes),
  received: () => page.evaluate(() => [...(window as unknown as { lobbyPlayer: LobbyPlayer }).lobbyPlayer.received]),
});

for (const mesh of [true, false]) {
  test(`two pages join a ${mesh ? "mesh" : "client/server"} lobby, connect, exchange a packet, and notice one leaving`, async ({ browser }) => {
    const hostPage = await browser.newPage();
    const guestPage = await browser.newPage();
    await openPlayer(hostPage, "host");
    await openPlayer(guestPage, "guest");
    const host = player(hostPage);
    const guest = player(guestPage);

    expect(await host.join("", mesh)).toBe(0);
    await expect.poll(host.lobby, { message: "the host's lobby" }).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(await guest.join(await host.lobby(), mesh)).toBe(0);
    await expect.poll(guest.id, { message: "the guest's id" }).toBeGreaterThan(1);
    const guestId = await guest.id();

    await expect.poll(host.events, { message: "the host to connect to the guest" }).toContain(`peer_connected ${guestId}`);
    await expect.poll(guest.events, { message: "the guest to connect to the host" }).toContain("peer_connected 1");
    expect((await host.events())[0]).toBe(`connected 1 ${mesh}`);

    expect(await guest.send([1, 2, 3])).toBe(0);
    await expect.poll(host.received, { message: "the guest's packet" }).toEqual([{ from: guestId, bytes: [1, 2, 3] }]);

    await guestPage.close();
    await expect.poll(host.events, { message: "the host to see the guest leave" }).toContain(`peer_disconnected ${guestId}`);
    await hostPage.close();
  });
}
