// Background tabs (issue 12.5), the long run (`npm run test:soak`): the game page is in the background for six
// minutes while the other page streams into it: two minutes throttled as Chromium throttles a hidden tab (one
// wake-up a second), two as after five minutes hidden (one a minute), two frozen; the pages meet in a lobby on the
// signaling server. The same checks as e2e/background.spec.ts; figures in docs/reliability.md, "Background tabs".
import { test } from "@playwright/test";
import "../support/page-globals";
import { describeFigures, expectSurvived, runBackgroundScenario } from "../support/background";

test("a page in the background for 6 minutes (throttled 1/s, 1/min, then frozen) comes back connected, queues bounded and drops counted", async ({ browser, baseURL }) => {
  test.setTimeout(9 * 60_000);
  const figures = await runBackgroundScenario(browser, baseURL, {
    via: "lobby",
    throttled: [{ ms: 120_000, periodMs: 1000 }, { ms: 120_000, periodMs: 60_000 }],
    wakeMs: 50,
    frozenMs: 120_000,
    inBufferLimit: 256 * 1024,
    perTick: 1,
    size: 1024,
  });
  console.log(`[background soak] ${describeFigures(figures)}`);
  expectSurvived(figures);
});
