import { WebRTCPeerConnection, type WebRTCDataChannel } from "../../src/index";
/** A named peer of the demo: its connection, its chat channel and its panel. */
export declare class ChatPeer {
    #private;
    readonly title: string;
    readonly remoteTitle: string;
    /** The Godot-style connection this peer drives. */
    readonly peer: WebRTCPeerConnection;
    /** The chat channel: created by the offerer, received through `data_channel_received` by the answerer. */
    channel: WebRTCDataChannel | null;
    /**
     * @param title the display name (`"Alice"`); its lower case prefixes the element ids.
     * @param remoteTitle the name shown on messages that arrive from the other side.
     */
    constructor(title: string, remoteTitle: string, parent: HTMLElement);
    /** `initialize()`: closes whatever came before and starts again in `STATE_NEW`, logs cleared. */
    initialize(): void;
    /** Creates the in-band chat channel (only possible in `STATE_NEW`, so before `create_offer()`). */
    openChannel(label: string): void;
    /** Starts the negotiation; the offer arrives later through `session_description_created`. */
    createOffer(): void;
    /** `close()`: the connection and its channels close; the states read `STATE_CLOSED`. */
    close(): void;
    /** What a game does every frame: poll the connection (signals fire now), then read every packet that arrived. */
    frame(): void;
    /** Sends `text` on the chat channel and shows it on this side. */
    send(text: string): void;
}
//# sourceMappingURL=chat-peer.d.ts.map