// The long recovery run (`npm run test:soak`, issue 12): 200 recover cycles in one page. Two lobby clients (a
// mesh host and its guest) stream numbered packets to each other on the reliable channel while the signaling
// server is closed and started again on the same port with the same resume secret, 200 times; each cycle both
// must resume their ids, and then the guest restarts ICE through the resumed server. Afterwards: no connection, socket or listener left over, the JS heap bounded, every
// packet received once and in order, and no peer_disconnected. Figures: docs/reliability.md, "Recovery".
import { expect, test, type Page } from "@playwright/test";
import { SignalingServer } from "../../src/server";
import { heapAfterGc } from "../support/fault-kit";
import type { RecoveryPair } from "../fixtures/recovery-pair";

const CYCLES = Number(process.env.RECOVERY_CYCLES ?? 200);
const WARM_UP = 10;
const SECRET = "soak resume secret";
/** Heap growth allowed from the end of the warm-up to the end (what one cycle could leak × 200 is far above). */
const HEAP_BOUND_BYTES = 512 * 1024;

test(`${CYCLES} recover cycles (signaling resume, then ICE restart) in one page leave no connection, socket, listener or heap behind, and lose no packet`, async ({ page }) => {
  test.setTimeout(9 * 60_000);
  const consoleLines: string[] = [];
  page.on("console", (message) => consoleLines.push(`${message.type()}: ${message.text()}`));
  await page.goto("/e2e/fixtures/recovery-pair.html");
  await expect(page, "recovery-pair.html did not load").toHaveTitle("ready");
  let server = await SignalingServer.listen({ port: 0, host: "127.0.0.1", resumeSecret: SECRET });
  const port = server.port!;
  try {
    await page.evaluate((url) => (window as unknown as { recoveryPair: RecoveryPair }).recoveryPair.start(url), `ws://127.0.0.1:${port}`);
    const events = (): Promise<[string[], string[]]> => page.evaluate(() => (window as unknown as { recoveryPair: RecoveryPair }).recoveryPair.events());
    await expect.poll(async () => (await events()).map((list) => list.filter((e) => e.startsWith("peer_connected")).length), { message: "host and guest connected", timeout: 15_000 }).toEqual([1, 1]);
    await page.evaluate(() => (window as unknown as { recoveryPair: RecoveryPair }).recoveryPair.stream(true));
    let heapBefore = 0;
    const started = Date.now();
    const resumeMs: number[] = [];
    const iceMs: number[] = [];
    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      await server.close();
      server = await SignalingServer.listen({ port, host: "127.0.0.1", resumeSecret: SECRET });
      const restarted = Date.now();
      await expect.poll(() => page.evaluate(() => (window as unknown as { recoveryPair: RecoveryPair }).recoveryPair.resumes()), { message: `cycle ${cycle}: both to resume`, timeout: 15_000, intervals: [20] }).toEqual([cycle, cycle]);
      resumeMs.push(Date.now() - restarted);
      // Then an ICE restart through the resumed server: a new offer, its answer, the same connection.
      const iceStarted = Date.now();
      expect(await page.evaluate(() => (window as unknown as { recoveryPair: RecoveryPair }).recoveryPair.restartIce()), `cycle ${cycle}: restart_ice()`).toBe(0);
      await expect.poll(() => page.evaluate(() => (window as unknown as { recoveryPair: RecoveryPair }).recoveryPair.iceRestarts()), { message: `cycle ${cycle}: the ICE restart to complete`, timeout: 15_000, intervals: [20] }).toBe(cycle);
      iceMs.push(Date.now() - iceStarted);
      if (cycle === WARM_UP) heapBefore = await heapAfterGc(page);
      if (cycle % 25 === 0) {
        const counts = await page.evaluate(() => (window as unknown as { recoveryPair: RecoveryPair }).recoveryPair.counts());
        expect(counts.peers, `cycle ${cycle}: the two kept browser connections only`).toMatchObject({ created: 2, live: 2 });
        expect(counts.sockets.created - counts.sockets.closed, `cycle ${cycle}: one live socket per client`).toBe(2);
        // open, message and close on each live socket (the library's listener bag); none left on closed ones.
        expect(counts.sockets.listeners, `cycle ${cycle}: listeners of the two live sockets only`).toBe(6);
      }
    }
    const heapAfter = await heapAfterGc(page);
    await page.evaluate(() => (window as unknown as { recoveryPair: RecoveryPair }).recoveryPair.stream(false));
    const tally = () => page.evaluate(() => (window as unknown as { recoveryPair: RecoveryPair }).recoveryPair.tally());
    await expect.poll(async () => { const t = await tally(); return [t.received[0] === t.sent[1], t.received[1] === t.sent[0]]; }, { message: "every packet to arrive", timeout: 15_000 }).toEqual([true, true]);
    const final = await tally();
    expect(final.inOrder, "each side received 0…n−1 in order").toEqual([true, true]);
    expect((await events()).flat().filter((e) => e.startsWith("peer_disconnected"))).toEqual([]);
    resumeMs.sort((x, y) => x - y);
    iceMs.sort((x, y) => x - y);
    const figures = { cycles: CYCLES, seconds: Math.round((Date.now() - started) / 1000), resumeMedianMs: resumeMs[CYCLES >> 1], resumeMaxMs: resumeMs.at(-1), iceRestartMedianMs: iceMs[CYCLES >> 1], iceRestartMaxMs: iceMs.at(-1), heapBefore, heapAfter, growth: heapAfter - heapBefore, packets: final.sent };
    console.log(`recovery soak: ${JSON.stringify(figures)}; console lines ${consoleLines.length}: ${consoleLines.slice(0, 6).join(" | ")}`);
    expect(heapAfter - heapBefore, "JS heap growth over the cycles").toBeLessThan(HEAP_BOUND_BYTES);
  } finally {
    await server.close();
  }
});
