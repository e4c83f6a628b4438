/** Where Debian's coturn package puts the server. */
export declare const TURNSERVER_PATH: string;
/** A running coturn. */
export interface TurnServer {
    /** `turn:127.0.0.1:<port>` (UDP), for `iceServers[].urls`. */
    readonly url: string;
    readonly port: number;
    readonly username: string;
    readonly credential: string;
    /** The server's log so far (coturn writes one line per allocation, auth failure, …). */
    log(): string;
    /** Stops the server (SIGTERM, then SIGKILL after 5 s) and removes its files. Idempotent. */
    stop(): Promise<void>;
}
/**
 * Starts coturn on 127.0.0.1 with a fresh user and password; resolves once it answers STUN. Fails with the
 * install command if coturn is missing, and with its log if it does not come up within `timeoutMs`.
 */
export declare function startTurnServer(timeoutMs?: number): Promise<TurnServer>;
//# sourceMappingURL=turn-server.d.ts.map