// No leaks: 300 connect → exchange → close cycles in one page (about 15 s). Every browser connection is closed
// again (counted through set_default_extension), every browser event listener is detached, and the JS heap after a
// forced GC returns to within HEAP_BOUND_BYTES of where it started. Chromium refuses new connections after a few
// hundred leaked ones (500 per page), so a connection leaked per cycle fails the run on its own. The longer run is
// in e2e/soak/. Figures: docs/reliability.md, "Leaks".
import { expect, test } from "@playwright/test";
import "./support/page-globals";
import { runLeakCheck } from "./support/leak-check";

/** Heap growth allowed after the cycles (measured: tens of KiB); keeping every cycle's objects adds ~10 KiB each. */
const HEAP_BOUND_BYTES = 512 * 1024;

test("300 connect → exchange → close cycles leave no browser connection, no listener and no heap behind", async ({ page }) => {
  test.setTimeout(3 * 60_000);
  const figures = await runLeakCheck(page, 300);
  expect(figures.end).toMatchObject({ live: 0, listeners: 0, sendsAfterClose: 0 });
  expect(figures.heapAfter - figures.heapBefore, "JS heap growth over the cycles").toBeLessThan(HEAP_BOUND_BYTES);
  expect(figures.perLeakedCycle * figures.cycles, "a leak of every cycle's objects must exceed the bound, or the bound proves nothing").toBeGreaterThan(HEAP_BOUND_BYTES);
});
