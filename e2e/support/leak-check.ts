// The leak check shared by e2e/leaks.spec.ts (300 cycles, in `npm test`) and e2e/soak/leaks.spec.ts (the long
// run): connect → exchange → close cycles in one page, with the counting RTCPeerConnection installed, and the JS
// heap measured after forced GCs before and after.
import { expect, type Page } from "@playwright/test";
import { heapAfterGc, openFaultKit } from "./fault-kit";
import type { Counts } from "../fixtures/counting-peer";

/** Cycles run before the heap is first measured: the first ones load code and grow Chromium's caches. */
const WARM_UP = 10;
/** Cycles run with everything kept alive, to show what a leak looks like next to the bound. */
const CONTROL = 20;

/** What a leak check measured. */
export interface LeakFigures {
  cycles: number;
  ms: number;
  heapBefore: number;
  heapAfter: number;
  /** Heap a cycle adds when its peers and channels are kept alive (the control run). */
  perLeakedCycle: number;
  end: Counts;
}

/** Runs `count` full cycles in the page; returns the counting wrapper's books and the time taken. */
async function runCycles(page: Page, count: number, retain = false): Promise<{ ms: number; counts: Counts }> {
  return page.evaluate(async ({ count, retain }) => {
    const { harness, faultKit: kit } = window;
    const Counting = kit.CountingPeerConnection;
    const started = performance.now();
    const kept = ((kit.state.kept as unknown[] | undefined) ??= []) as unknown[];
    kit.state.kept = kept;
    for (let cycle = 0; cycle < count; cycle++) {
      const [a, b] = harness.newPair();
      // A negotiated channel and an in-band one, so both ways a channel comes to exist are covered.
      const stream = a.create_data_channel("stream", { negotiated: true, id: 1 })!;
      const streamOnB = b.create_data_channel("stream", { negotiated: true, id: 1 })!;
      const chat = a.create_data_channel("chat")!;
      const received: (typeof chat)[] = [];
      b.data_channel_received.connect((channel) => received.push(channel));
      const stop = harness.pollLoop([a, b]);
      try {
        await harness.link(a, b);
        await harness.until(() => received.length === 1, 10_000, "the in-band channel on b");
        await harness.openChannels([stream, streamOnB, chat, received[0]!]);
        stream.put_packet(harness.numbered(cycle, 64));
        streamOnB.put_packet(harness.numbered(cycle, 64));
        chat.put_packet([1, 2, 3]);
        await harness.packetsArrived(streamOnB, 1);
        await harness.packetsArrived(stream, 1);
        await harness.packetsArrived(received[0]!, 1);
        if (harness.sequenceOf(streamOnB.get_packet()) !== cycle || harness.sequenceOf(stream.get_packet()) !== cycle) throw new Error(`cycle ${cycle}: wrong packet`);
      } finally {
        stop();
        a.close();
        b.close();
      }
      if (retain) kept.push(a, b, stream, streamOnB, chat, received);
    }
    Counting.forgetFinished();
    return { ms: Math.round(performance.now() - started), counts: Counting.counts() };
  }, { count, retain });
}

/**
 * Opens the fault kit in `page`, runs `cycles` cycles in batches of `batch` (checking after each that no browser
 * connection and no listener is left), then the control run; returns the figures for the caller to judge.
 */
export async function runLeakCheck(page: Page, cycles: number, batch = 25): Promise<LeakFigures> {
  await openFaultKit(page);
  await page.evaluate(() => {
    window.GodotWebRTC.WebRTCPeerConnection.set_default_extension(window.faultKit.CountingPeerConnection);
    window.faultKit.CountingPeerConnection.reset();
  });
  await runCycles(page, WARM_UP);
  const heapBefore = await heapAfterGc(page);

  let done = 0;
  let ms = 0;
  while (done < cycles) {
    const count = Math.min(batch, cycles - done);
    const result = await runCycles(page, count);
    done += count;
    ms += result.ms;
    expect(result.counts.live, `browser connections alive after ${done} cycles`).toBe(0);
    expect(result.counts.listeners, `listeners still attached after ${done} cycles: ${JSON.stringify(result.counts.listenersByType)}`).toBe(0);
    // Chromium 156 counts a closed RTCPeerConnection toward its 500-per-page limit until V8 collects it ("Cannot
    // create so many PeerConnections"); a page that allocates little between cycles may not collect in time.
    await heapAfterGc(page);
  }
  const heapAfter = await heapAfterGc(page);
  const end = await page.evaluate(() => window.faultKit.CountingPeerConnection.counts());
  expect(end.created, "connections made: two per cycle, warm-up included").toBe(2 * (cycles + WARM_UP));

  await runCycles(page, CONTROL, true);
  const perLeakedCycle = Math.round(((await heapAfterGc(page)) - heapAfter) / CONTROL);
  const figures = { cycles, ms, heapBefore, heapAfter, perLeakedCycle, end };
  const growth = heapAfter - heapBefore;
  console.log(`${cycles} cycles in ${(ms / 1000).toFixed(1)} s (${(ms / cycles).toFixed(0)} ms each); heap after GC ${heapBefore} → ${heapAfter} bytes (${growth >= 0 ? "+" : ""}${growth}); a cycle kept alive retains ${perLeakedCycle} bytes; books ${JSON.stringify(end)}`);
  return figures;
}
