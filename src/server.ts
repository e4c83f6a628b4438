export { SignalingServer } from "./server/signaling-server";
export type { SignalingServerStats } from "./server/server-metrics";
export type { SignalingServerOptions } from "./server/server-options";
export { DEFAULT_OPTIONS } from "./server/server-options";
export { MessageType, CloseCode, CloseReason, PROTOCOL_ERROR_CODE, SEAL_COMPLETE_CODE, MAX_PEER_ID, encodeMessage, decodeMessage, encodeCandidate, decodeCandidate } from "./signaling/protocol";
export type { SignalingMessage } from "./signaling/protocol";
