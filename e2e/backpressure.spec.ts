// Backpressure in real Chromium. A sender pushing 64 MiB as fast as put_packet accepts sees ERR_BUSY (never an
// exception or a closed channel) and every byte arrives, in order. A receiver that stops reading keeps its queue
// within set_in_buffer_limit, counts and reports what it drops, and reads cleanly once it resumes.
// Figures: docs/reliability.md, "Backpressure".
import { expect, test } from "@playwright/test";
import "./support/page-globals";
import { pushThrough } from "./support/bulk";
import { openFaultKit } from "./support/fault-kit";

test.beforeEach(async ({ page }) => openFaultKit(page));

test("64 MiB as fast as put_packet accepts: ERR_BUSY pushes back, every byte arrives in order", async ({ page }) => {
  test.setTimeout(3 * 60_000);
  const figures = await pushThrough(page, 64 * 2 ** 20, 16 * 1024);
  expect(figures.exceptions, "put_packet threw").toBe(0);
  expect(figures.refusals, "put_packet answered something other than OK or ERR_BUSY").toEqual({});
  expect(figures.busy, "a sender this fast must meet ERR_BUSY").toBeGreaterThan(0);
  expect(figures.senderState, "backpressure must not close the channel").toBe(1);
  expect(figures.firstBad, "a packet arrived out of order or with a wrong byte").toBe(-1);
  expect(figures.dropped).toBe(0);
  expect(figures.intact).toBe(figures.packets);
  expect(figures.maxQueuedBytes).toBeLessThanOrEqual(figures.inBufferLimit);
});

test("a receiver that stops reading stays within its in-buffer limit, counts and reports drops, then reads on cleanly", async ({ page }) => {
  const warnings: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "warning" && message.text().includes("receive queue full")) warnings.push(message.text());
  });
  const limit = 64 * 1024;
  const size = 1024;
  const seen = await page.evaluate(async ({ limit, size }) => {
    const kit = window.faultKit;
    const { harness } = window;
    const pair = kit.streamingPair();
    await kit.connect(pair);
    const { onA, onB } = pair;
    const codes: number[] = [];
    const setLimit = onB.set_in_buffer_limit(limit);
    const send = (from: number, to: number): void => {
      for (let sequence = from; sequence < to; sequence++) codes.push(onA.put_packet(harness.numbered(sequence, size)));
    };
    const settled = (total: number) => harness.until(() => onB.get_available_packet_count() + onB.get_dropped_packet_count() === total, 15_000, `${total} packets queued or dropped`);

    // 1. 200 KiB at a receiver that reads nothing, with room for 64 KiB.
    send(0, 200);
    await settled(200);
    const stalled = { queuedBytes: onB.get_available_packet_count() * size, dropped: onB.get_dropped_packet_count() };
    // 2. It reads again: what was kept comes out in order, the oldest first.
    const kept = kit.readSequence(onB);
    // 3. New packets arrive and read cleanly, nothing more is dropped.
    send(200, 210);
    await harness.packetsArrived(onB, 10);
    const resumed = kit.readSequence(onB, 200);
    const droppedAfterResume = onB.get_dropped_packet_count();
    // 4. A second stall is reported again (one warning per burst).
    send(210, 410);
    await settled(stalled.dropped + 200);
    const secondBurst = onB.get_dropped_packet_count() - droppedAfterResume;
    pair.line.stopPolling();
    pair.line.a.close();
    pair.line.b.close();
    return { setLimit, codes: [...new Set(codes)], stalled, kept, resumed, droppedAfterResume, secondBurst };
  }, { limit, size });

  expect(seen.setLimit).toBe(0);
  expect(seen.codes, "every put_packet was OK (the sender does not see the receiver's queue)").toEqual([0]);
  expect(seen.stalled.queuedBytes, "the receive queue went above set_in_buffer_limit").toBeLessThanOrEqual(limit);
  expect(seen.stalled, "the queue holds exactly what fits; the rest is counted as dropped").toEqual({ queuedBytes: limit, dropped: 200 - limit / size });
  expect(seen.kept, "the kept packets are the oldest, in order").toEqual({ count: limit / size, firstOutOfOrder: -1, highest: limit / size - 1 });
  expect(seen.resumed, "after draining, new packets arrive and read cleanly").toEqual({ count: 10, firstOutOfOrder: -1, highest: 209 });
  expect(seen.droppedAfterResume, "nothing was dropped once reading resumed").toBe(seen.stalled.dropped);
  expect(seen.secondBurst).toBe(200 - limit / size);
  await expect.poll(() => warnings.length, { message: `one console warning per burst of drops: ${warnings.join(" | ")}` }).toBe(2);
});
