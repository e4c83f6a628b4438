import type { WebRTCDataChannel } from "../data-channel/webrtc-data-channel";

/** The signals of `WebRTCPeerConnection` and their arguments, in Godot's order. */
export type PeerConnectionSignals = {
  /** A local offer or answer is ready; apply it with `set_local_description` and send it to the remote peer. */
  session_description_created: [type: string, sdp: string];
  /** A local ICE candidate is ready to send to the remote peer, as `(sdpMid, sdpMLineIndex, candidate)`. */
  ice_candidate_created: [media: string, index: number, name: string];
  /** The remote peer opened an in-band channel. */
  data_channel_received: [channel: WebRTCDataChannel];
  /**
   * Extension: an asynchronous browser operation failed, with the browser's message. Operation
   * `"ice_candidate"` is a STUN/TURN server that failed to give a candidate (`icecandidateerror`), message
   * `"<url>: <errorCode> <errorText>"`, e.g. `"turn:127.0.0.1:3478?transport=udp: 401 Unauthorized."`.
   */
  operation_failed: [operation: string, message: string];
  /** Extension: ICE selected its first candidate pair, or switched to another (seen by the `get_stats()` sampling). */
  selected_candidate_pair_changed: [local_type: string, remote_type: string, protocol: string];
};
