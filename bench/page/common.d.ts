export declare const CONFIG: RTCConfiguration;
export declare const DEADLINE_MS = 60000;
/** One side of a pair: how to send, the browser channel underneath (for backpressure) and who hears packets. */
export interface End {
    readonly channel: RTCDataChannel;
    send(bytes: Uint8Array): void;
    handler: ((byteLength: number) => void) | null;
}
export interface Pair {
    readonly a: End;
    readonly b: End;
}
/** The long-lived pairs of one contender: a reliable ordered channel and an unordered maxRetransmits: 0 one. */
export interface Pairs {
    readonly reliable: Pair;
    readonly unreliable: Pair;
    close(): void;
}
/** What the page needs from each contender besides its long-lived pairs. */
export interface Contender {
    /** Connects the long-lived pairs. */
    pairs(): Promise<Pairs>;
    /** A fresh pair from the first offer to the channel open on both sides, in ms. */
    setupTime(): Promise<number>;
    /** Opens one connection (one channel, open on both sides) and returns how to close it. */
    hold(): Promise<() => void>;
    /** Makes what `hold` reuses, before the first heap reading. */
    prepareMemory?(): Promise<void>;
}
/** Calls `step` in back-to-back tasks until it returns true; resolves with the time it did. */
export declare function spin(step: () => boolean, what: string): Promise<number>;
/** `promise`, or a rejection naming `what` after `ms`. */
export declare function within<T>(promise: Promise<T>, what: string, ms?: number): Promise<T>;
export declare const sleep: (ms: number) => Promise<void>;
//# sourceMappingURL=common.d.ts.map