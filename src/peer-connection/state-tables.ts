import { ChannelState, ConnectionState, GatheringState, SignalingState } from "../godot/enums";

/** `RTCDataChannel.readyState` → `ChannelState`; anything unknown reads as closed (as in Godot). */
export const READY_STATE: Readonly<Record<string, ChannelState>> = Object.freeze({
  connecting: ChannelState.STATE_CONNECTING,
  open: ChannelState.STATE_OPEN,
  closing: ChannelState.STATE_CLOSING,
  closed: ChannelState.STATE_CLOSED,
});

/** `RTCPeerConnection.connectionState` → `ConnectionState`. */
export const CONNECTION_STATE: Readonly<Record<string, ConnectionState>> = Object.freeze({
  new: ConnectionState.STATE_NEW,
  connecting: ConnectionState.STATE_CONNECTING,
  connected: ConnectionState.STATE_CONNECTED,
  disconnected: ConnectionState.STATE_DISCONNECTED,
  failed: ConnectionState.STATE_FAILED,
  closed: ConnectionState.STATE_CLOSED,
});

/** `RTCPeerConnection.iceConnectionState` → `ConnectionState`, for browsers without `connectionState` (Firefox < 113). */
export const ICE_CONNECTION_STATE: Readonly<Record<string, ConnectionState>> = Object.freeze({
  new: ConnectionState.STATE_NEW,
  checking: ConnectionState.STATE_CONNECTING,
  connected: ConnectionState.STATE_CONNECTED,
  completed: ConnectionState.STATE_CONNECTED,
  disconnected: ConnectionState.STATE_DISCONNECTED,
  failed: ConnectionState.STATE_FAILED,
  closed: ConnectionState.STATE_CLOSED,
});

/** `RTCPeerConnection.iceGatheringState` → `GatheringState`. */
export const GATHERING_STATE: Readonly<Record<string, GatheringState>> = Object.freeze({
  new: GatheringState.GATHERING_STATE_NEW,
  gathering: GatheringState.GATHERING_STATE_GATHERING,
  complete: GatheringState.GATHERING_STATE_COMPLETE,
});

/** `RTCPeerConnection.signalingState` → `SignalingState`. */
export const SIGNALING_STATE: Readonly<Record<string, SignalingState>> = Object.freeze({
  stable: SignalingState.SIGNALING_STATE_STABLE,
  "have-local-offer": SignalingState.SIGNALING_STATE_HAVE_LOCAL_OFFER,
  "have-remote-offer": SignalingState.SIGNALING_STATE_HAVE_REMOTE_OFFER,
  "have-local-pranswer": SignalingState.SIGNALING_STATE_HAVE_LOCAL_PRANSWER,
  "have-remote-pranswer": SignalingState.SIGNALING_STATE_HAVE_REMOTE_PRANSWER,
  closed: SignalingState.SIGNALING_STATE_CLOSED,
});

/** The description types `set_local_description` / `set_remote_description` accept. */
export const DESCRIPTION_TYPES: ReadonlySet<string> = new Set(["offer", "answer", "pranswer", "rollback"]);

/** What `set_local_description` / `set_remote_description` log for arguments `isDescription` refuses. */
export const DESCRIPTION_EXPECTED = "expected type offer/answer/pranswer/rollback and an sdp string";

/** Whether `type` and `sdp` make a description: a known type and an sdp string. */
export function isDescription(type: unknown, sdp: unknown): type is RTCSdpType {
  return DESCRIPTION_TYPES.has(type as string) && typeof sdp === "string";
}
