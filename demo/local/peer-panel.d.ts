/** What a log line is about: a signal, something the demo did, or a failure. */
export type LogKind = "signal" | "action" | "error";
/** The states a panel shows, already formatted as `"NAME (number)"`, with the raw numbers as data attributes. */
export type PanelStates = Record<"connection" | "gathering" | "signaling" | "channel", {
    text: string;
    value: number | null;
}>;
/** One peer's column: its states, its signal log and its chat. */
export declare class PeerPanel {
    #private;
    /**
     * Clones the template into `parent`.
     * @param id prefix of the element ids (`"alice"`).
     * @param title the peer's display name (`"Alice"`).
     * @param onSend called with the trimmed text when the user sends a message.
     */
    constructor(id: string, title: string, parent: HTMLElement, onSend: (text: string) => void);
    /** Redraws the four states; cheap to call every frame since unchanged text is left alone. */
    showStates(states: PanelStates): void;
    /** Enables the message box while the chat channel is open. */
    setChatOpen(open: boolean): void;
    /**
     * Appends a line to the signal log: `name` in bold, then `detail`, stamped with the time since the page opened
     * (one clock for both panels, so their lines can be compared).
     */
    log(kind: LogKind, name: string, detail: string): void;
    /** Appends a chat line; `mine` lines are what this peer sent. */
    addChat(from: string, text: string, mine: boolean): void;
    /** Empties the log and the chat, for a fresh start. */
    clear(): void;
}
//# sourceMappingURL=peer-panel.d.ts.map