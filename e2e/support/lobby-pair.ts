// Node-side helpers for specs that drive two e2e/fixtures/lobby.html players in one mesh lobby (the recovery specs).
import { expect, type Page } from "@playwright/test";
import type { LobbyPlayer } from "../fixtures/lobby";

/** Runs `read(lobbyPlayer, arg)` in the page and returns its result. */
export const onPlayer = <T>(page: Page, read: (player: LobbyPlayer, arg: number) => T, arg = 0): Promise<T> =>
  page.evaluate(({ source, arg }) => new Function("p", "a", `return (${source})(p, a)`)((window as unknown as { lobbyPlayer: LobbyPlayer }).lobbyPlayer, arg), { source: read.toString(), arg }) as Promise<T>;

/**
 * Page `host` opens a mesh lobby on the signaling server at `url`, page `guest` joins it, and both wait until each
 * has announced the other (`timeout` ms for the connection). Returns the guest's id (the host's is 1).
 */
export async function joinMeshPair(host: Page, guest: Page, url: string, timeout = 20_000): Promise<number> {
  expect(await host.evaluate((u) => (window as unknown as { lobbyPlayer: LobbyPlayer }).lobbyPlayer.join(u, "", true), url)).toBe(0);
  await expect.poll(() => onPlayer(host, (p) => p.lobby()), { message: "the host's lobby" }).toMatch(/^[A-Za-z0-9]{16}$/);
  const lobby = await onPlayer(host, (p) => p.lobby());
  expect(await guest.evaluate(([u, l]) => (window as unknown as { lobbyPlayer: LobbyPlayer }).lobbyPlayer.join(u!, l!, true), [url, lobby])).toBe(0);
  await expect.poll(() => onPlayer(guest, (p) => p.id()), { message: "the guest's id" }).toBeGreaterThan(1);
  const guestId = await onPlayer(guest, (p) => p.id());
  await expect.poll(() => onPlayer(host, (p) => p.events), { message: "the host to connect to the guest", timeout }).toContain(`peer_connected ${guestId}`);
  await expect.poll(() => onPlayer(guest, (p) => p.events), { message: "the guest to connect to the host", timeout }).toContain("peer_connected 1");
  return guestId;
}
