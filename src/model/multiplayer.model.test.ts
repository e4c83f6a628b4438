// Model-based test (issue 6, item 2) of WebRTCMultiplayerPeer: two mesh members (ids 1 and 2) add, remove,
// disconnect and re-add each other, send and read packets, close and start again, while the browser fails
// connections and closes channels. After every step: nothing throws, the status is a valid enum value,
// get_peers() agrees with has_peer(), signals come only from the owner's poll() and never after close(),
// peer_connected / peer_disconnected pair up per id, after a poll() the peers marked connected are exactly those
// announced, reliable packets arrive once and in order, and the available count is what get_packet() hands out.
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { FakeRTCPeerConnection } from "../test-support/fake-rtc";
import { useFakeBrowser } from "../test-support/use-fake-browser";
import { figures, MAX_STEPS, MultiplayerModel, RUNS, steps, type Action } from "./multiplayer-model";

useFakeBrowser();
afterAll(() => {
  process.stdout.write(`multiplayer model: ${JSON.stringify(figures)}\n`);
});

const FINAL_STEPS: Action[] = [
  { kind: "put", side: 0, mode: 2, target: 0 },
  { kind: "put", side: 1, mode: 2, target: 0 },
  { kind: "pump" }, { kind: "pump" }, { kind: "get", side: 0 }, { kind: "get", side: 1 },
];

// A fixed amount of work (RUNS × MAX_STEPS); on a loaded machine it takes longer than vitest's 5 s default.
const MODEL_TIMEOUT_MS = 120_000;

describe("model: two WebRTCMultiplayerPeer mesh members under random calls and browser events", () => {
  it(`keeps every invariant after every step (${RUNS} runs of up to ${MAX_STEPS} steps)`, async () => {
    await fc.assert(
      fc.asyncProperty(steps, async (steps) => {
        FakeRTCPeerConnection.reset();
        const model = new MultiplayerModel();
        figures.runs++;
        for (const [index, step] of steps.entries()) {
          figures.steps++;
          try {
            await model.run(step);
          } catch (error) {
            throw new Error(`step ${index} ${JSON.stringify(step)} threw: ${error instanceof Error ? error.message : String(error)}`);
          }
          if (model.violations.length > 0) throw new Error(`after step ${index} ${JSON.stringify(step)}: ${model.violations.join("; ")}`);
        }
        // Each side ends with one more reliable broadcast, so every run that is still connected checks delivery.
        for (const step of FINAL_STEPS) await model.run(step);
        if (model.violations.length > 0) throw new Error(`after the final reads: ${model.violations.join("; ")}`);
        if (model.connected) figures.connectedRuns++;
      }),
      { numRuns: RUNS },
    );
    expect(figures.connectedRuns).toBeGreaterThan(RUNS / 10);
    expect(figures.packetsChecked).toBeGreaterThan(RUNS / 10);
  }, MODEL_TIMEOUT_MS);
});
