// Background tabs (issue 12.5), the short run: the game page stops its requestAnimationFrame loop, is throttled
// for 10 s (frozen but for a 50 ms wake-up each second) and frozen for 10 s more, while the other page streams
// into it. It comes back connected; what arrived is in the bounded queues or counted as dropped; the stats
// timer neither ran while frozen nor burst afterwards. Twice: the pages met through a bare relay (the library
// alone), and through a lobby on the signaling server (SignalingClient too: still in its lobby, nothing lost or
// reconnected). The long run is e2e/soak/background.spec.ts.
import { test } from "@playwright/test";
import { describeFigures, expectSurvived, runBackgroundScenario } from "./support/background";

for (const via of ["relay", "lobby"] as const) {
  test(`a page in the background for 20 s (throttled, then frozen) comes back connected, queues bounded and drops counted (signals via ${via})`, async ({ browser, baseURL }) => {
    test.setTimeout(120_000);
    const figures = await runBackgroundScenario(browser, baseURL, {
      via,
      throttled: [{ ms: 10_000, periodMs: 1000 }],
      wakeMs: 50,
      frozenMs: 10_000,
      inBufferLimit: 64 * 1024,
      perTick: 1,
      size: 1024,
    });
    console.log(`[background ${via}] ${describeFigures(figures)}`);
    expectSurvived(figures);
  });
}
