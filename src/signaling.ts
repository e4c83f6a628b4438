export { MessageType, CloseReason, PROTOCOL_ERROR_CODE, SEAL_COMPLETE_CODE, MAX_PEER_ID, encodeMessage, decodeMessage, encodeCandidate, decodeCandidate } from "./signaling/protocol";
export type { SignalingMessage } from "./signaling/protocol";
