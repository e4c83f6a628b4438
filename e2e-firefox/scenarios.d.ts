import "../e2e/support/page-globals";
/**
 * Connect two peers, exchange text and binary packets both ways on a negotiated and an in-band channel, then
 * close: the Godot-visible states at each step.
 */
export declare function connectExchangeClose(): Promise<{
    connectMs: number;
    openMs: number;
    candidates: string[];
    failures: string[];
    connected: import("../src/core").ConnectionState[];
    inBandInfo: {
        label: string;
        protocol: string;
        negotiated: boolean;
    };
    packets: {
        textToB: {
            text: string;
            wasString: boolean;
        };
        orderedToB: number;
        binaryToA: import("../e2e/fixtures/channel-helpers").ReadPacket[];
        inBandToB: import("../e2e/fixtures/channel-helpers").ReadPacket[];
        inBandToA: {
            text: string;
            wasString: boolean;
        }[];
    };
    closed: {
        peers: import("../src/core").ConnectionState[];
        channels: import("../src/core").ChannelState[];
    };
}>;
/**
 * The remote peer closes: the local side sees its channels CLOSED and its connection leave CONNECTED within a
 * bound, and a packet that arrived before stays readable.
 */
export declare function remoteClose(): Promise<{
    channelClosedMs: number;
    connectionLostMs: number;
    stateAfter: import("../src/core").ConnectionState;
    kept: string;
    sendAfter: import("../src/core").GodotError;
}>;
/**
 * close() while packets are still flowing: the closing side reads CLOSED at once and emits nothing after; the
 * other side's channel closes within a bound; what it got is an in-order prefix and stays readable.
 */
export declare function closeMidTransfer(): Promise<{
    sent: number;
    got: number;
    firstOutOfOrder: number;
    right: {
        peer: import("../src/core").ConnectionState;
        signaling: import("../src/core").SignalingState;
        channel: import("../src/core").ChannelState;
        put: import("../src/core").GodotError;
    };
    remoteClosedMs: number;
    signalsAfterClose: number;
}>;
//# sourceMappingURL=scenarios.d.ts.map