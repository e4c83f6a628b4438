// The background-tab scenario (issue 12.5) shared by e2e/background.spec.ts (short, in `npm test`) and
// e2e/soak/background.spec.ts (minutes): two pages in their own browser contexts, a foreground sender and a
// "background" game page. Headless Chromium 156 keeps every page visible: no hidden tab, no timer throttling, and
// `Page.setWebLifecycleState("frozen")` is accepted but does nothing on a visible page (measured: no freeze event,
// a 100 ms interval kept ticking). So the background is emulated over CDP with the debugger: `Debugger.pause`
// stops the page's main thread at its next statement, and every task (timers, animation frames, data-channel
// message events) waits, as in a frozen tab, while the browser's network threads keep the connection alive. The
// game page stops its requestAnimationFrame loop, then is (1) throttled, i.e. paused with one short wake-up per
// period, as Chromium wakes a hidden tab's timers once a second (once a minute after five minutes hidden), and
// (2) paused outright, as Chromium's tab freezing does. Then it comes back and the spec checks what the library
// did meanwhile.
import type { Browser, CDPSession, Page } from "@playwright/test";
import { expect } from "@playwright/test";
import type { BackgroundReport } from "../fixtures/background-peer";
import "./page-globals";
import { openPageInNewContext } from "./pages";
import { SignalingServer } from "../../src/server";
import { startRelay } from "./relay";

/** How long each phase lasts, how hard the sender pushes, and how the pages meet. */
export interface BackgroundPlan {
  /** "relay": signals through a bare loopback relay; "lobby": SignalingClient on the real signaling server. */
  via: "relay" | "lobby";
  /** Throttled phases, in turn: each `ms` long, paused except for one `wakeMs` wake-up every `periodMs`. */
  throttled: { ms: number; periodMs: number }[];
  wakeMs: number;
  /** Frozen phase: this long without any wake-up. */
  frozenMs: number;
  /** The game page's receive-queue bound per channel (`set_in_buffer_limit`), bytes. */
  inBufferLimit: number;
  /** Packets per 10 ms tick on each of reliable and unreliable, and their size. */
  perTick: number;
  size: number;
}

/** What the scenario measured. */
export interface BackgroundFigures {
  plan: BackgroundPlan;
  sent: { reliable: number; unreliable: number };
  /** The game page's report after it came back and read everything, and the sender's. */
  game: BackgroundReport;
  sender: BackgroundReport;
  /**
   * Phase boundaries on the game page's clock (`performance.now()`), converted from the test's wall clock through
   * the page's `timeOrigin`: the page cannot read its clock while paused, and once resumed it first runs the
   * tasks that waited.
   */
  backgroundAt: number;
  frozenAt: number;
  backAt: number;
  /** Wake-ups the throttled phase gave the page. */
  wakeUps: number;
}

function openPage(browser: Browser, baseURL: string | undefined, name: string): Promise<Page> {
  return openPageInNewContext(browser, baseURL, name, "/e2e/fixtures/background-peer.html");
}

/** Stops the page's main thread; resolves once it is stopped (a statement is run to give it one to stop at). */
async function freeze(cdp: CDPSession): Promise<void> {
  const paused = new Promise<void>((resolve) => cdp.once("Debugger.paused", () => resolve()));
  await cdp.send("Debugger.pause");
  void cdp.send("Runtime.evaluate", { expression: "void 0" }).catch(() => {});
  await paused;
}

/** Lets the page run again. */
async function thaw(cdp: CDPSession): Promise<void> {
  await cdp.send("Debugger.resume");
}

/** Holds the page in a phase for `ms`: this is the emulated background itself, not a wait for a condition. */
function hold(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs the whole scenario and returns the figures; the caller asserts. */
export async function runBackgroundScenario(browser: Browser, baseURL: string | undefined, plan: BackgroundPlan): Promise<BackgroundFigures> {
  const relay = plan.via === "relay" ? await startRelay() : null;
  const server = plan.via === "lobby" ? await SignalingServer.listen({ port: 0, host: "127.0.0.1" }) : null;
  const sender = await openPage(browser, baseURL, "sender");
  const game = await openPage(browser, baseURL, "game");
  const cdp = await game.context().newCDPSession(game);
  await cdp.send("Debugger.enable");
  try {
    if (relay !== null) {
      await sender.evaluate(({ url }) => window.backgroundPeer.join(url, 1, 2, 16 * 2 ** 20), { url: relay.url });
      await game.evaluate(({ url, limit }) => window.backgroundPeer.join(url, 2, 1, limit), { url: relay.url, limit: plan.inBufferLimit });
      await relay.waitForClients(2);
    } else {
      const url = `ws://127.0.0.1:${server!.port}`;
      const lobby = await sender.evaluate((url) => window.backgroundPeer.joinLobby(url, ""), url);
      await game.evaluate(({ url, lobby }) => window.backgroundPeer.joinLobby(url, lobby), { url, lobby });
    }
    await Promise.all([sender.evaluate(() => window.backgroundPeer.connect(true)), game.evaluate((limit) => window.backgroundPeer.connect(false, limit), plan.inBufferLimit)]);
    await sender.evaluate(({ perTick, size }) => window.backgroundPeer.stream(perTick, size), plan);

    const timeOrigin = await game.evaluate(() => performance.timeOrigin);
    const pageClock = (): number => Date.now() - timeOrigin;
    const backgroundAt = await game.evaluate(() => (window.backgroundPeer.runFrames(false), performance.now()));
    let wakeUps = 0;
    for (const phase of plan.throttled) {
      const until = Date.now() + phase.ms;
      while (Date.now() < until) {
        await freeze(cdp);
        await hold(phase.periodMs - plan.wakeMs);
        await thaw(cdp);
        wakeUps++;
        await hold(plan.wakeMs);
      }
    }
    await freeze(cdp);
    const frozenAt = pageClock();
    await hold(plan.frozenMs);
    const backAt = pageClock();
    await thaw(cdp);
    await game.evaluate(() => window.backgroundPeer.runFrames(true));
    // The stream goes on until the game has read 100 packets sent after it came back: the queue works again.
    await game.evaluate(async () => {
      const { backgroundPeer } = window;
      const start = backgroundPeer.report();
      const target = start.received.reliable.count + start.queued.reliable + 100;
      const deadline = performance.now() + 30_000;
      while (backgroundPeer.report().received.reliable.count < target && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    });

    const sent = await sender.evaluate(() => window.backgroundPeer.stopStream());
    // Everything sent is either read by the game's frames or counted as dropped (reliable: nothing else may go).
    await game.evaluate(async ({ reliable }) => {
      const { backgroundPeer } = window;
      const settled = (): boolean => {
        const { received, dropped } = backgroundPeer.report();
        return received.reliable.count + dropped.reliable >= reliable;
      };
      const deadline = performance.now() + 30_000;
      while (!settled() && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    }, sent);
    // One more sampling interval, so the first sample after coming back is in.
    await game.evaluate(() => new Promise<void>((resolve) => {
      const { backgroundPeer } = window;
      const since = performance.now();
      const check = (): void => void (backgroundPeer.report().stats.timestamp > since || performance.now() - since > 5_000 ? resolve() : setTimeout(check, 20));
      check();
    }));
    const [gameReport, senderReport] = await Promise.all([game.evaluate(() => window.backgroundPeer.report()), sender.evaluate(() => window.backgroundPeer.report())]);
    return { plan, sent, game: gameReport, sender: senderReport, backgroundAt, frozenAt, backAt, wakeUps };
  } finally {
    await cdp.send("Debugger.disable").catch(() => {});
    for (const page of [game, sender]) {
      await page.evaluate(() => window.backgroundPeer.leave()).catch(() => {});
      await page.context().close();
    }
    await relay?.close();
    await server?.close();
  }
}

/** The checks both specs make: still connected, bounded and counted queues, the sampling timer within its slack. */
export function expectSurvived(figures: BackgroundFigures): void {
  const { game, sender, sent } = figures;
  // Through a lobby the client also says it joined; nothing may say it left, lost the server or reconnected.
  const joined = figures.plan.via === "lobby" ? ["connected", "lobby_joined", "peer_connected"] : ["peer_connected"];
  expect(game.signals.map(({ name }) => name).sort(), "the game page's signals").toEqual(joined);
  expect(sender.signals.map(({ name }) => name).sort(), "the sender's signals").toEqual(joined);
  if (figures.plan.via === "lobby") expect(game.lobby?.status, "the game page is still in its lobby").toBe(2);
  expect([game.state, game.status, game.connected], "game page: STATE_CONNECTED, CONNECTION_CONNECTED, peer connected").toEqual([2, 2, true]);
  expect(sender.lapses, "the sender saw its connection leave STATE_CONNECTED").toEqual([]);

  // Reliable: in order, and every packet either read or counted as dropped by the full queue, none lost otherwise.
  expect(game.received.reliable.backwards, "reliable packets out of order").toBe(0);
  expect(game.received.reliable.count + game.dropped.reliable, "reliable: read + dropped = sent").toBe(sent.reliable);
  expect(game.received.reliable.last, "reliable: the last packet sent was read").toBe(sent.reliable - 1);
  expect(game.received.reliable.gaps, "reliable: the only missing packets are the dropped ones").toBe(game.dropped.reliable);
  expect(game.dropped.reliable, "the plan must overfill the queue, or the bound was not tested").toBeGreaterThan(0);
  expect(game.received.unreliable.count + game.dropped.unreliable).toBeLessThanOrEqual(sent.unreliable);
  expect(game.dropped.unreliable).toBeGreaterThan(0);

  // The sampling timer: never while frozen, never bursting to catch up, fresh again soon after coming back.
  const interval = 1000;
  const calls = game.statsCalls;
  const inFreeze = calls.filter((at) => at > figures.frozenAt + 50 && at < figures.backAt - 50);
  expect(inFreeze, "getStats() ran while the page was frozen").toEqual([]);
  const gaps = calls.slice(1).map((at, i) => at - calls[i]!);
  expect(Math.min(...gaps), "two samples closer than half an interval: the timer burst to catch up").toBeGreaterThanOrEqual(interval / 2);
  const firstBack = calls.find((at) => at >= figures.backAt);
  expect(firstBack, "no sample after coming back").toBeDefined();
  expect(firstBack! - figures.backAt, "first sample after coming back later than interval + 1 s slack").toBeLessThanOrEqual(interval + 1000);
  expect(game.stats.has_selected_pair).toBe(true);
  expect(game.stats.timestamp).toBeGreaterThan(figures.backAt);
}

/** One line of figures for the test output and docs/reliability.md. */
export function describeFigures(figures: BackgroundFigures): string {
  const { game, sent, plan } = figures;
  const calls = game.statsCalls;
  const during = calls.filter((at) => at > figures.backgroundAt && at < figures.frozenAt);
  const firstBack = calls.find((at) => at >= figures.backAt) ?? Number.NaN;
  return [
    `throttled ${plan.throttled.map(({ ms, periodMs }) => `${(ms / 1000).toFixed(0)} s waking every ${periodMs / 1000} s`).join(" + ")} (${figures.wakeUps} wake-ups of ${plan.wakeMs} ms), frozen ${(plan.frozenMs / 1000).toFixed(0)} s`,
    `reliable sent ${sent.reliable}, read ${game.received.reliable.count}, dropped ${game.dropped.reliable}`,
    `unreliable sent ${sent.unreliable}, read ${game.received.unreliable.count}, dropped ${game.dropped.unreliable}`,
    `getStats() ${during.length}× while throttled, first after coming back +${(firstBack - figures.backAt).toFixed(0)} ms`,
    `longest frame gap ${(game.frames.longestGapMs / 1000).toFixed(1)} s`,
  ].join("; ");
}
