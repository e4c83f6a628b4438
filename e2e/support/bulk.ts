// The bulk transfer shared by e2e/backpressure.spec.ts (64 MiB, in `npm test`) and the soak run: a fresh
// connected pair in the page, `faultKit.bulkTransfer` over its reliable channel, the figures back.
import type { Page } from "@playwright/test";
import type { BulkFigures } from "../fixtures/fault-kit";

/** Connects a pair in the page (fault kit loaded) and pushes `totalBytes` in `size`-byte packets from a to b. */
export async function pushThrough(page: Page, totalBytes: number, size: number): Promise<BulkFigures> {
  const figures = await page.evaluate(async ({ totalBytes, size }) => {
    const kit = window.faultKit;
    const pair = kit.streamingPair();
    await kit.connect(pair);
    try {
      return await kit.bulkTransfer(pair.onA, pair.onB, totalBytes, size);
    } finally {
      pair.line.stopPolling();
      pair.line.a.close();
      pair.line.b.close();
    }
  }, { totalBytes, size });
  const mib = totalBytes / 2 ** 20;
  console.log(`${mib} MiB in ${size}-byte packets: ${figures.ms} ms (${(mib / (figures.ms / 1000)).toFixed(1)} MiB/s), ${figures.busy} × ERR_BUSY, receive queue peak ${figures.maxQueuedBytes} of ${figures.inBufferLimit} bytes`);
  return figures;
}
