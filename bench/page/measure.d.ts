import { type Pair } from "./common";
/** What one throughput turn saw; `errors` counts sends the contender refused. */
export interface ThroughputRun {
    ms: number;
    sent: number;
    received: number;
    bytes: number;
    lost: number;
    errors: number;
}
/**
 * One throughput turn: `count` messages of `size` bytes from a to b; time from the first send to the last
 * arrival. `errors()` reads the contender's refused-send counter.
 */
export declare function throughput(name: string, { a, b }: Pair, reliable: boolean, size: number, count: number, errors: () => number): Promise<ThroughputRun>;
/** Ping-pong round trips of 64-byte messages, in milliseconds. */
export declare function pingPong(name: string, { a, b }: Pair, rounds: number): Promise<number[]>;
//# sourceMappingURL=measure.d.ts.map