/** What the scenario saw, in a form `page.evaluate` can return. */
export interface ScenarioResult {
    /** `get_connection_state()` of the offerer and the answerer once connected. */
    connected: number[];
    /** Label and protocol of the in-band channel as `data_channel_received` delivered it. */
    received: {
        label: string;
        protocol: string;
    };
    /** The text packet as it arrived (decoded) and its `was_string_packet()`. */
    text: {
        value: string;
        wasString: boolean;
    };
    /** The binary packet as it arrived and its `was_string_packet()`. */
    binary: {
        bytes: number[];
        wasString: boolean;
    };
    /** A few static constants as the class carries them. */
    constants: {
        STATE_CONNECTED: number;
        STATE_CLOSED: number;
    };
    /** `get_connection_state()` of the offerer after `close()`. */
    closed: number;
}
//# sourceMappingURL=scenario-result.d.ts.map