import { type Contender } from "./common";
/** Where the receiving side drains: inside the browser's message task, or once per animation frame as a game does. */
export type Drain = "task" | "frame";
/** Chooses where the library's receivers drain from now on. */
export declare function setDrain(mode: Drain): void;
/** put_packet calls that did not return OK, so far. */
export declare const libErrors: () => number;
/** This library over the browser's channel. */
export declare const lib: Contender;
/**
 * `poll()` cost in nanoseconds: with nothing queued (averaged over many calls), or per call with `queued` events.
 * The events are queued through the browser connection underneath, as ICE candidates it reports, so the figure
 * covers the library's own listener, queue and signal dispatch.
 */
export declare function pollCost(queued: number, rounds: number): number[];
//# sourceMappingURL=lib.d.ts.map