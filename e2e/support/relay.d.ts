/** A running relay. */
export interface Relay {
    /** `ws://127.0.0.1:<port>` */
    readonly url: string;
    /** Frames forwarded so far, parsed as JSON, in the order received. */
    readonly forwarded: readonly unknown[];
    /** Resolves once `count` clients are connected; rejects after `timeoutMs`. */
    waitForClients(count: number, timeoutMs?: number): Promise<void>;
    /** Closes every client and the server. */
    close(): Promise<void>;
}
/** Starts a relay on a free loopback port. */
export declare function startRelay(): Promise<Relay>;
//# sourceMappingURL=relay.d.ts.map