/**
 * Remote ICE candidates that arrived before the remote description (or while one is being applied), kept until it
 * is applied. For now unbounded; see `WebRTCPeerConnection.set_held_candidate_limits`.
 */
export class HeldCandidates {
  #held: RTCIceCandidateInit[] = [];

  /** Holds `candidate`. */
  hold(candidate: RTCIceCandidateInit): void {
    this.#held.push(candidate);
  }

  /** Hands over every held candidate, oldest first, and forgets them. */
  release(): RTCIceCandidateInit[] {
    const held = this.#held;
    this.#held = [];
    return held;
  }
}
