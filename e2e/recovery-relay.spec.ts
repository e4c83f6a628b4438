// Relay restart (issue 12.2): two Chromium pages in a mesh lobby, relay-only through the coturn the tests start.
// Each streams numbered packets on the reliable channel; coturn is stopped mid-stream and started again on the
// same port with the same login. The connections go DISCONNECTED / FAILED, the player that made the first offer
// restarts ICE through the signaling server, and both recover: every reliable packet arrives once and in order,
// the unreliable channel carries packets again, and neither side ever sees peer_disconnected.
import { expect, test, type Page } from "@playwright/test";
import { SignalingServer } from "../src/server";
import { joinMeshPair, onPlayer as on } from "./support/lobby-pair";
import { forwardPageProblems } from "./support/pages";
import { startTurnServer, type TurnServer } from "./support/turn-server";

const STREAM_MS = 20;
const STATE_CONNECTED = 2;

/** Reliable sequence numbers and unreliable markers received from peer `from`. */
const received = (page: Page, from: number): Promise<{ reliable: number[]; unreliable: number }> =>
  on(page, (p, id) => {
    const reliable: number[] = [];
    let unreliable = 0;
    for (const { from: sender, bytes } of p.received) {
      if (sender !== id) continue;
      if (bytes.length === 4) reliable.push(((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0);
      else if (bytes.length === 5) unreliable++;
    }
    return { reliable, unreliable };
  }, from);

test("the relay restarts under a relay-only match: ICE restart recovers it, no reliable packet lost or repeated", async ({ browser }) => {
  test.setTimeout(120_000);
  let turn: TurnServer = await startTurnServer();
  const server = await SignalingServer.listen({ port: 0, host: "127.0.0.1" });
  try {
    const query = `?turn=${encodeURIComponent(turn.url)}&user=${turn.username}&pass=${turn.credential}`;
    const pages = await Promise.all(["a", "b"].map(async (name) => {
      const page = await browser.newPage();
      forwardPageProblems(page, name);
      await page.goto(`/e2e/fixtures/lobby.html${query}`);
      await expect(page, "lobby.html did not load the library").toHaveTitle("ready");
      return page;
    }));
    const [a, b] = pages as [Page, Page];
    const url = `ws://127.0.0.1:${server.port}`;
    const idB = await joinMeshPair(a, b, url);
    for (const page of pages) await on(page, (p, ms) => p.startStream(ms), STREAM_MS);

    await turn.stop();
    const stoppedAt = Date.now();
    await expect.poll(() => on(a, (p, id) => p.peerState(id), idB), { message: "a's connection to leave CONNECTED with the relay gone", timeout: 30_000 }).not.toBe(STATE_CONNECTED);
    const droppedAfter = Date.now() - stoppedAt;
    turn = await startTurnServer(10_000, turn);
    const restartedAt = Date.now();
    await expect.poll(() => on(a, (p, id) => p.peerState(id), idB), { message: "a's connection to recover", timeout: 40_000 }).toBe(STATE_CONNECTED);
    await expect.poll(() => on(b, (p) => p.peerState(1)), { message: "b's connection to recover", timeout: 40_000 }).toBe(STATE_CONNECTED);
    const recoveredIn = Date.now() - restartedAt;

    // Unreliable packets live 1 ms (unreliable_lifetime): while SCTP retransmits the reliable backlog of the
    // outage they expire in the queue. So: one per poll until one gets through.
    await expect.poll(async () => (await on(b, (p, marker) => p.sendUnreliable(marker), 1), (await received(a, idB)).unreliable), { message: "the unreliable channel to carry packets again", timeout: 20_000 }).toBeGreaterThan(0);
    const unreliableAfter = Date.now() - restartedAt;
    const sent = [await on(a, (p) => p.stopStream()), await on(b, (p) => p.stopStream())];
    await expect.poll(async () => (await received(b, 1)).reliable.length, { message: `b to get all ${sent[0]} of a's packets` }).toBe(sent[0]);
    await expect.poll(async () => (await received(a, idB)).reliable.length, { message: `a to get all ${sent[1]} of b's packets` }).toBe(sent[1]);
    expect((await received(b, 1)).reliable, "a's packets once and in order").toEqual(Array.from({ length: sent[0]! }, (_, n) => n));
    expect((await received(a, idB)).reliable, "b's packets once and in order").toEqual(Array.from({ length: sent[1]! }, (_, n) => n));
    for (const page of pages) expect((await on(page, (p) => p.events)).filter((e) => e.startsWith("peer_disconnected"))).toEqual([]);
    console.log(`recovery-relay: connection left CONNECTED ${droppedAfter} ms after the relay stopped; recovered ${recoveredIn} ms after it came back (unreliable through after ${unreliableAfter} ms); packets ${sent.join(", ")}`);
  } finally {
    await turn.stop();
    await server.close();
  }
});
