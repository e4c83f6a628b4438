// Node-side helpers for the fault, leak and backpressure specs: pair.html with e2e/fixtures/fault-kit.ts loaded
// on top, and the JS heap measured through the Chrome DevTools Protocol.
import { expect, type Page } from "@playwright/test";
import { openHarness } from "./pages";

/** Opens pair.html, then loads the fault kit into it and waits until `window.faultKit` is there. */
export async function openFaultKit(page: Page): Promise<void> {
  await openHarness(page);
  await page.addScriptTag({ type: "module", content: 'import "/e2e/fixtures/fault-kit.ts";' });
  await expect.poll(() => page.evaluate(() => typeof window.faultKit), { message: "fault-kit.ts did not load" }).toBe("object");
}

/** The page's JS heap in bytes right after a forced full garbage collection (CDP HeapProfiler + Runtime). */
export async function heapAfterGc(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send("HeapProfiler.enable");
    // Two passes: the first can leave objects that only become unreachable once finalizers ran.
    await cdp.send("HeapProfiler.collectGarbage");
    await cdp.send("HeapProfiler.collectGarbage");
    const { usedSize } = await cdp.send("Runtime.getHeapUsage");
    return usedSize;
  } finally {
    await cdp.detach();
  }
}
