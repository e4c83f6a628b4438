import { ConnectionState, GodotError } from "../../src/index";
import { SignalingClient } from "../../src/signaling";
/** A dot in the arena. */
export interface Player {
    /** Its peer id (1 is a client/server lobby's host). */
    readonly id: number;
    /** Where it is, in arena units (0…800 × 0…500): for a remote player the last position heard. */
    x: number;
    /** See `x`. */
    y: number;
}
/** What the side panel shows about one directly connected peer. */
export interface PeerRow {
    /** Its peer id. */
    id: number;
    /** `ConnectionState` of its `WebRTCPeerConnection`. */
    state: ConnectionState;
    /** Whether `peer_connected` was emitted for it (every channel open). */
    connected: boolean;
    /** Last round-trip time from a PING/PONG, in ms; null before the first PONG. */
    rtt: number | null;
    /** Packets sent to it (relayed ones included). */
    sent: number;
    /** Packets received from it. */
    received: number;
}
/** One chat line. */
export interface ChatLine {
    /** The peer id of whoever said it. */
    from: number;
    /** What was said. */
    text: string;
}
/** Where the session stands: not started, waiting for the server, in a lobby, or thrown out. */
export type SessionStatus = "idle" | "connecting" | "in lobby" | "disconnected";
/** A player's whole game state and networking. */
export declare class GameSession {
    #private;
    /** The lobby client; its `multiplayer_peer` carries the game. */
    readonly client: SignalingClient;
    /** Every dot, ours included, by peer id. */
    readonly players: Map<number, Player>;
    /** The chat so far, oldest first. */
    readonly chat: ChatLine[];
    /** Signals and notable events, oldest first, e.g. "peer_connected 123". */
    readonly events: string[];
    /** Where the session stands. */
    status: SessionStatus;
    /** Why the server connection ended, when `status` is "disconnected". */
    disconnectReason: string;
    constructor();
    /** Our peer id, or 0 before the server gave one. */
    get id(): number;
    /** Whether we are the host (id 1) of a client/server lobby, the one relaying for everybody. */
    get isRelay(): boolean;
    /** Joins `lobby` (or creates one when it is "") at the signaling server `url`. */
    join(url: string, lobby: string, mesh: boolean): GodotError;
    /** Leaves the lobby and closes every connection; the others see us go. */
    leave(): void;
    /** Sets the keyboard direction (each of x, y in −1…1); any key press cancels a click target. */
    steer(x: number, y: number): void;
    /** Sends our dot towards (`x`, `y`) in arena units. */
    aimAt(x: number, y: number): void;
    /** Sends a chat line to everybody (reliable channel) and adds it to our own chat. */
    say(text: string): GodotError;
    /** The game's frame: poll, read every packet, move our dot, send our position and pings when due. */
    tick(now: number, dt: number): void;
    /** Every peer in `multiplayer_peer`, connected or still connecting, with its statistics. */
    peerRows(): PeerRow[];
}
//# sourceMappingURL=game-session.d.ts.map