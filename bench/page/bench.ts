// The page `npm run bench` drives (bench/run.mjs). The contenders live side by side in this one page, each on its
// own loopback pair and in its own file: the browser's raw RTCDataChannel (raw.ts), this library (lib.ts) and
// PeerJS (peerjs.ts); measure.ts holds the measuring code they share, codec.ts the codec race. The runner calls the functions on
// `window.bench` in alternating turns; each call measures one contender once.
import { codecTurn, variantBytes } from "./codec";
import type { Contender, Pair, Pairs } from "./common";
import { lib, libErrors, pollCost, queueClose, queueFill, queueOpen, setDrain } from "./lib";
import { pingPong as pingPongOn, throughput as throughputOn } from "./measure";
import { meshClose, meshFrames, meshOpen } from "./mesh";
import { peerjs } from "./peerjs";
import { raw } from "./raw";

/** The contenders. `lib` drains inside the message task, `libFrame` once per animation frame. */
export type Kind = "raw" | "lib" | "libFrame" | "peerjs";
type Base = "raw" | "lib" | "peerjs";

const contenders: Record<Base, Contender> = { raw, lib, peerjs };
const pairs: Partial<Record<Base, Pairs>> = {};
const base = (kind: Kind): Base => (kind === "libFrame" ? "lib" : kind);

function pairFor(kind: Kind, reliable: boolean): Pair {
  const set = pairs[base(kind)];
  if (!set) throw new Error(`no pair for ${kind}; call bench.init() first`);
  setDrain(kind === "libFrame" ? "frame" : "task");
  return reliable ? set.reliable : set.unreliable;
}

async function init(): Promise<void> {
  for (const name of Object.keys(contenders) as Base[]) pairs[name] = await contenders[name].pairs();
}

const noErrors = (): number => 0;
const throughput = (kind: Kind, reliable: boolean, size: number, count: number) =>
  throughputOn(kind, pairFor(kind, reliable), reliable, size, count, base(kind) === "lib" ? libErrors : noErrors);
const pingPong = (kind: Kind, rounds: number) => pingPongOn(kind, pairFor(kind, true), rounds);
const setupTime = (kind: Base) => contenders[kind].setupTime();

/** Open connections kept alive for a heap measurement; `release()` closes them. */
const held: (() => void)[] = [];
async function hold(kind: Base, count: number): Promise<void> {
  for (let i = 0; i < count; i++) held.push(await contenders[kind].hold());
}
function release(): void {
  for (const close of held.splice(0)) close();
}
async function prepareMemory(): Promise<void> {
  for (const contender of Object.values(contenders)) await contender.prepareMemory?.();
}

Object.assign(window, {
  bench: { init, meshOpen, meshFrames, meshClose, codecTurn, variantBytes, queueOpen, queueFill, queueClose, throughput, pingPong, setupTime, pollCost, hold, release, prepareMemory, userAgent: () => navigator.userAgent, isolated: () => crossOriginIsolated },
});
document.title = "ready";
