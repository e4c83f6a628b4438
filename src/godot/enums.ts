/** `WebRTCPeerConnection.ConnectionState`: the overall state of a peer connection. */
export const ConnectionState = Object.freeze({
  STATE_NEW: 0,
  STATE_CONNECTING: 1,
  STATE_CONNECTED: 2,
  STATE_DISCONNECTED: 3,
  STATE_FAILED: 4,
  STATE_CLOSED: 5,
} as const);
/** A `ConnectionState` value. */
export type ConnectionState = (typeof ConnectionState)[keyof typeof ConnectionState];

/** `WebRTCPeerConnection.GatheringState`: how far ICE candidate gathering has got. */
export const GatheringState = Object.freeze({
  GATHERING_STATE_NEW: 0,
  GATHERING_STATE_GATHERING: 1,
  GATHERING_STATE_COMPLETE: 2,
} as const);
/** A `GatheringState` value. */
export type GatheringState = (typeof GatheringState)[keyof typeof GatheringState];

/** `WebRTCPeerConnection.SignalingState`: where the offer/answer exchange stands. */
export const SignalingState = Object.freeze({
  SIGNALING_STATE_STABLE: 0,
  SIGNALING_STATE_HAVE_LOCAL_OFFER: 1,
  SIGNALING_STATE_HAVE_REMOTE_OFFER: 2,
  SIGNALING_STATE_HAVE_LOCAL_PRANSWER: 3,
  SIGNALING_STATE_HAVE_REMOTE_PRANSWER: 4,
  SIGNALING_STATE_CLOSED: 5,
} as const);
/** A `SignalingState` value. */
export type SignalingState = (typeof SignalingState)[keyof typeof SignalingState];

/** `WebRTCDataChannel.ChannelState`: the ready state of a data channel. */
export const ChannelState = Object.freeze({
  STATE_CONNECTING: 0,
  STATE_OPEN: 1,
  STATE_CLOSING: 2,
  STATE_CLOSED: 3,
} as const);
/** A `ChannelState` value. */
export type ChannelState = (typeof ChannelState)[keyof typeof ChannelState];

/** `WebRTCDataChannel.WriteMode`: whether `put_packet` sends text or binary messages. */
export const WriteMode = Object.freeze({
  WRITE_MODE_TEXT: 0,
  WRITE_MODE_BINARY: 1,
} as const);
/** A `WriteMode` value. */
export type WriteMode = (typeof WriteMode)[keyof typeof WriteMode];

/** `MultiplayerPeer.TransferMode`: the delivery guarantee of a multiplayer packet. */
export const TransferMode = Object.freeze({
  TRANSFER_MODE_UNRELIABLE: 0,
  TRANSFER_MODE_UNRELIABLE_ORDERED: 1,
  TRANSFER_MODE_RELIABLE: 2,
} as const);
/** A `TransferMode` value. */
export type TransferMode = (typeof TransferMode)[keyof typeof TransferMode];
/** Every `TransferMode` value, for checking an argument. */
export const TRANSFER_MODES: ReadonlySet<unknown> = new Set<unknown>(Object.values(TransferMode));

/** `MultiplayerPeer.ConnectionStatus`: the status of a multiplayer peer as a whole. */
export const ConnectionStatus = Object.freeze({
  CONNECTION_DISCONNECTED: 0,
  CONNECTION_CONNECTING: 1,
  CONNECTION_CONNECTED: 2,
} as const);
/** A `ConnectionStatus` value. */
export type ConnectionStatus = (typeof ConnectionStatus)[keyof typeof ConnectionStatus];
