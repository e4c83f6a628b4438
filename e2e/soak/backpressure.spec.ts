// The long backpressure run (`npm run test:soak`): 512 MiB through one reliable channel as fast as put_packet
// accepts, with every byte checked on arrival; the same checks as e2e/backpressure.spec.ts, eight times longer.
// Figures: docs/reliability.md, "Backpressure".
import { expect, test } from "@playwright/test";
import "../support/page-globals";
import { pushThrough } from "../support/bulk";
import { openFaultKit } from "../support/fault-kit";

test("512 MiB as fast as put_packet accepts: ERR_BUSY pushes back, every byte arrives in order", async ({ page }) => {
  test.setTimeout(6 * 60_000);
  await openFaultKit(page);
  const figures = await pushThrough(page, 512 * 2 ** 20, 16 * 1024);
  expect(figures.exceptions, "put_packet threw").toBe(0);
  expect(figures.refusals, "put_packet answered something other than OK or ERR_BUSY").toEqual({});
  expect(figures.busy).toBeGreaterThan(0);
  expect(figures.senderState, "backpressure must not close the channel").toBe(1);
  expect(figures.firstBad, "a packet arrived out of order or with a wrong byte").toBe(-1);
  expect(figures.dropped).toBe(0);
  expect(figures.intact).toBe(figures.packets);
  expect(figures.maxQueuedBytes).toBeLessThanOrEqual(figures.inBufferLimit);
});
