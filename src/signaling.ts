export { SignalingClient } from "./signaling/signaling-client";
export type { SignalingClientOptions, SignalingClientSignals } from "./signaling/signaling-client";
export type { SignalingSocket, SignalingSocketConstructor } from "./signaling/signaling-socket";
export { MessageType, CloseCode, CloseReason, PROTOCOL_ERROR_CODE, SEAL_COMPLETE_CODE, MAX_PEER_ID, encodeMessage, decodeMessage, encodeCandidate, decodeCandidate } from "./signaling/protocol";
export type { SignalingMessage } from "./signaling/protocol";
