// Path change (issue 12): the network under a match changes address, as when a player moves from Wi-Fi to mobile.
// Inside scripts/netns-run.sh's namespace the two pages' connection runs over the veth pair (10.77.0.1/.2), in a
// Chromium started without --allow-loopback-in-peer-connection, so no loopback candidate can carry it. The test
// deletes both addresses and adds new ones (10.77.0.3/.4): every candidate pair of the old path is dead. The player
// that made the first offer restarts ICE through the signaling server, the connection comes back on the new
// addresses, every reliable packet arrives once and in order, and neither side sees peer_disconnected.
import { chromium, expect, test, type Browser, type Page } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { CHROMIUM_ARGS, findChromium } from "../scripts/browser.mjs";
import { SignalingServer } from "../src/server";
import { joinMeshPair, onPlayer as on } from "./support/lobby-pair";
import { openPageInNewContext } from "./support/pages";

const STREAM_MS = 20;
const STATE_CONNECTED = 2;
const OLD = ["10.77.0.1/24 dev v0", "10.77.0.2/24 dev v1"];
const NEW = ["10.77.0.3/24 dev v0", "10.77.0.4/24 dev v1"];

const ip = (...args: string[]): string => execFileSync("ip", args, { encoding: "utf8" });
const inNamespace = process.env.GODOT_WEBRTC_NETNS === "inside" && ip("-brief", "addr").includes("10.77.0.1/24");

/** Reliable sequence numbers received from peer `from`. */
const reliableFrom = (page: Page, from: number): Promise<number[]> =>
  on(page, (p, id) => p.received.filter((r) => r.from === id && r.bytes.length === 4).map(({ bytes }) => ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0), from);

/**
 * Replaces the addresses `from` with `to` on the veth pair: the old ones go first (deleting an interface's primary
 * address also deletes the secondaries of its subnet), then the new ones come up, as when Wi-Fi drops and mobile
 * data takes over. The namespace's default route goes with its gateway address; it is put back on the new one.
 */
function move(from: string[], to: string[], gateway: string): void {
  for (const address of from) ip("addr", "del", ...address.split(" "));
  for (const address of to) ip("addr", "add", ...address.split(" "));
  ip("route", "replace", "default", "via", gateway, "dev", "v0");
}

test("the network changes address under a match: ICE restart moves it to the new path, no reliable packet lost or repeated", async ({ baseURL }) => {
  test.skip(!inNamespace, "needs scripts/netns-run.sh's namespace (npm run test:e2e runs every spec inside it)");
  test.setTimeout(120_000);
  // No loopback candidates: only the veth addresses can carry the connection, so moving them really kills it.
  const browser: Browser = await chromium.launch({ executablePath: (await findChromium()) ?? undefined, args: CHROMIUM_ARGS.filter((arg: string) => arg !== "--allow-loopback-in-peer-connection") });
  const server = await SignalingServer.listen({ port: 0, host: "127.0.0.1" });
  let moved = false;
  try {
    const [a, b] = await Promise.all(["a", "b"].map((name) => openPageInNewContext(browser, baseURL, name, "/e2e/fixtures/lobby.html"))) as [Page, Page];
    const url = `ws://127.0.0.1:${server.port}`;
    const idB = await joinMeshPair(a, b, url);
    await expect.poll(() => on(a, (p, id) => p.peerPath(id), idB), { message: "a's selected pair on the old addresses" }).toMatch(/^10\.77\.0\.[12]:\d+ > 10\.77\.0\.[12]:\d+$/);
    const before = await on(a, (p, id) => p.peerPath(id), idB);
    for (const page of [a, b]) await on(page, (p, ms) => p.startStream(ms), STREAM_MS);
    await expect.poll(async () => (await reliableFrom(b, 1)).length, { message: "a's stream to reach b before the move" }).toBeGreaterThan(10);

    move(OLD, NEW, "10.77.0.4");
    moved = true;
    const movedAt = Date.now();
    await expect.poll(() => on(a, (p, id) => p.peerState(id), idB), { message: "a's connection to leave CONNECTED once its addresses are gone", timeout: 30_000 }).not.toBe(STATE_CONNECTED);
    const droppedAfter = Date.now() - movedAt;
    await expect.poll(() => on(a, (p, id) => p.peerState(id), idB), { message: "a's connection to recover on the new addresses", timeout: 45_000 }).toBe(STATE_CONNECTED);
    await expect.poll(() => on(b, (p) => p.peerState(1)), { message: "b's connection to recover", timeout: 45_000 }).toBe(STATE_CONNECTED);
    const recoveredIn = Date.now() - movedAt;
    await expect.poll(() => on(a, (p, id) => p.peerPath(id), idB), { message: "a's selected pair on the new addresses", timeout: 10_000 }).toMatch(/^10\.77\.0\.[34]:\d+ > 10\.77\.0\.[34]:\d+$/);
    const after = await on(a, (p, id) => p.peerPath(id), idB);

    const sent = [await on(a, (p) => p.stopStream()), await on(b, (p) => p.stopStream())];
    await expect.poll(async () => (await reliableFrom(b, 1)).length, { message: `b to get all ${sent[0]} of a's packets` }).toBe(sent[0]);
    await expect.poll(async () => (await reliableFrom(a, idB)).length, { message: `a to get all ${sent[1]} of b's packets` }).toBe(sent[1]);
    expect(await reliableFrom(b, 1), "a's packets once and in order").toEqual(Array.from({ length: sent[0]! }, (_, n) => n));
    expect(await reliableFrom(a, idB), "b's packets once and in order").toEqual(Array.from({ length: sent[1]! }, (_, n) => n));
    for (const page of [a, b]) expect((await on(page, (p) => p.events)).filter((e) => e.startsWith("peer_disconnected"))).toEqual([]);
    console.log(`recovery-path: ${before} → ${after}; left CONNECTED ${droppedAfter} ms after the move, connected again ${recoveredIn} ms after it; packets ${sent.join(", ")}`);
  } finally {
    // Later specs in this namespace expect the addresses scripts/netns-run.sh set up.
    if (moved) move(NEW, OLD, "10.77.0.2");
    await server.close();
    await browser.close();
  }
});
