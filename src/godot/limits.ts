// Numeric limits of Godot's and WebRTC's APIs, named once. `godot/` is the floor of the layers: no imports.

/** The largest peer id Godot allows (2^31 − 1); peer ids are 1 (the server) … this. */
export const MAX_PEER_ID = 2147483647;

/**
 * What Godot's `WebRTCDataChannel` reports for an id, `maxPacketLifeTime` or `maxRetransmits` that is not set
 * (its `uint16_t` "none").
 */
export const UNSET_CHANNEL_VALUE = 65535;

/** The largest `maxPacketLifeTime` / `maxRetransmits` (and `unreliable_lifetime`) the browser takes: an unsigned short. */
export const MAX_UNSIGNED_SHORT = 65535;

/** The largest negotiated channel id: SCTP stream ids are 0…65534 (65535 is reserved). */
export const MAX_CHANNEL_ID = 65534;

/** The longest channel label or protocol, in UTF-8 bytes (W3C WebRTC: 65535). */
export const MAX_LABEL_BYTES = 65535;

/** The largest `sdpMLineIndex` `add_ice_candidate` takes: an unsigned short. */
export const MAX_MLINE_INDEX = 65535;

/** One mebibyte, for the byte limits of queues and buffers. */
export const MIB = 1024 * 1024;
