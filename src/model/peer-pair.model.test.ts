// Model-based test (issue 6, item 2): random sequences of API calls and browser events on two
// WebRTCPeerConnections over the FakeNetwork, checking after every step: nothing throws, every state getter
// reads a valid enum value, no signal is emitted outside the owner's poll() or after its close(), a closed
// connection sends nothing, packets on reliable channels arrive once and in order, and
// get_available_packet_count() is what get_packet() then hands out.
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { FakeRTCPeerConnection } from "../test-support/fake-rtc";
import { useFakeBrowser } from "../test-support/use-fake-browser";
import { MAX_STEPS, RUNS, steps, type Action } from "./pair-actions";
import { figures, PairModel } from "./pair-model";

useFakeBrowser();
afterAll(() => {
  process.stdout.write(`peer-pair model: ${JSON.stringify(figures)}\n`);
});

// A fixed amount of work (RUNS × MAX_STEPS); on a loaded machine it takes longer than vitest's 5 s default.
const MODEL_TIMEOUT_MS = 120_000;

describe("model: a pair of WebRTCPeerConnections under random calls and browser events", () => {
  it(`keeps every invariant after every step (${RUNS} runs of up to ${MAX_STEPS} steps)`, async () => {
    await fc.assert(
      fc.asyncProperty(steps, async (steps) => {
        FakeRTCPeerConnection.reset();
        const model = new PairModel();
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
        // At the end everything in flight arrives, and both sides read it all: still in order, none twice.
        for (const step of [{ kind: "pump" }, { kind: "read", side: 0 }, { kind: "read", side: 1 }] as Action[]) await model.run(step);
        if (model.violations.length > 0) throw new Error(`after the final reads: ${model.violations.join("; ")}`);
        if (model.connected) figures.connectedRuns++;
      }),
      { numRuns: RUNS },
    );
    // The model must reach the interesting states, not only refusals.
    expect(figures.connectedRuns).toBeGreaterThan(RUNS / 10);
    expect(figures.packetsChecked).toBeGreaterThan(100);
  }, MODEL_TIMEOUT_MS);
});
