/** What a packet is: its first byte. */
export declare const MessageKind: Readonly<{
    readonly POSITION: 1;
    readonly CHAT: 2;
    readonly PING: 3;
    readonly PONG: 4;
    readonly LEAVE: 5;
}>;
/** Longest chat line, in UTF-16 code units (what a text input counts); longer lines are cut. */
export declare const MAX_CHAT_LENGTH = 200;
/** The arena's size in game units; positions are clamped to it. */
export declare const ARENA: Readonly<{
    width: 800;
    height: 500;
}>;
/** A decoded packet. */
export type GameMessage = {
    kind: typeof MessageKind.POSITION;
    player: number;
    x: number;
    y: number;
} | {
    kind: typeof MessageKind.CHAT;
    player: number;
    text: string;
} | {
    kind: typeof MessageKind.PING;
    time: number;
} | {
    kind: typeof MessageKind.PONG;
    time: number;
} | {
    kind: typeof MessageKind.LEAVE;
    player: number;
};
/** The bytes of `message`, ready for `put_packet`. */
export declare function encodeGameMessage(message: GameMessage): Uint8Array;
/**
 * Reads one packet, or returns null when it is not one of ours: unknown kind, wrong length, a player id outside
 * 1…2147483647, a position that is not a finite number, or chat text that is not UTF-8.
 */
export declare function decodeGameMessage(bytes: Uint8Array): GameMessage | null;
/** `value` limited to `min`…`max`. */
export declare function clamp(value: number, min: number, max: number): number;
//# sourceMappingURL=game-messages.d.ts.map