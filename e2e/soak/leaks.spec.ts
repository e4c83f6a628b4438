// The long leak run (`npm run test:soak`): 2,000 connect → exchange → close cycles in one page, four times
// Chromium's 500-connections-per-page limit, with the same checks as e2e/leaks.spec.ts. Figures:
// docs/reliability.md, "Leaks".
import { expect, test } from "@playwright/test";
import "../support/page-globals";
import { runLeakCheck } from "../support/leak-check";

/** Heap growth allowed after the cycles (measured: tens of KiB); keeping every cycle's objects adds ~10 KiB each. */
const HEAP_BOUND_BYTES = 512 * 1024;

test("2,000 connect → exchange → close cycles leave no browser connection, no listener and no heap behind", async ({ page }) => {
  test.setTimeout(8 * 60_000);
  const figures = await runLeakCheck(page, 2_000, 50);
  expect(figures.end).toMatchObject({ live: 0, listeners: 0, sendsAfterClose: 0 });
  expect(figures.heapAfter - figures.heapBefore, "JS heap growth over the cycles").toBeLessThan(HEAP_BOUND_BYTES);
});
