// The random actions of the peer-pair model (pair-model.ts): API calls and browser events on two
// WebRTCPeerConnections, and the runs built from them.
import fc from "fast-check";

export const RUNS = 200;
export const MAX_STEPS = 40;

export type Side = 0 | 1;
const side = fc.constantFrom<Side>(0, 1);
const action = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("initialize" as const), side }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("channel" as const), side, negotiated: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("offer" as const), side }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("poll" as const), side }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("signal" as const), count: fc.integer({ min: 1, max: 4 }) }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("browser" as const) }) },
  { weight: 10, arbitrary: fc.record({ kind: fc.constant("pump" as const) }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("send" as const), side, count: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("deliver" as const), count: fc.integer({ min: 1, max: 5 }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("read" as const), side }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("close" as const), side }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("closeChannel" as const), side, index: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("remoteCloseChannel" as const), side, index: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("propagate" as const) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("browserState" as const),
      side,
      field: fc.constantFrom("connectionState", "iceConnectionState", "iceGatheringState", "signalingState"),
      value: fc.constantFrom("new", "connecting", "checking", "connected", "disconnected", "failed", "closed", "gathering", "complete", "stable", "have-local-offer", "bogus"),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("garbage" as const),
      side,
      which: fc.constantFrom("remote offer junk", "remote answer junk", "local offer junk", "candidate junk", "wrong index", "remote rollback"),
    }),
  },
);
export type Action = typeof action extends fc.Arbitrary<infer A> ? A : never;

/** Godot's correct flow as a prefix, so most runs reach connected and the random tail works on live channels. */
const NEGOTIATION: Action[] = [
  { kind: "channel", side: 0, negotiated: true }, { kind: "channel", side: 1, negotiated: true }, { kind: "channel", side: 0, negotiated: false },
  { kind: "offer", side: 0 }, ...Array.from({ length: 8 }, (): Action => ({ kind: "pump" })),
];
export const steps = fc.tuple(fc.boolean(), fc.array(action, { maxLength: MAX_STEPS, size: "max" }))
  .map(([negotiate, tail]) => (negotiate ? [...NEGOTIATION, ...tail] : tail).slice(0, MAX_STEPS));

/** One side: the API object, its channels (made or received), and what the invariants need to remember. */
