import type { WebRTCPeerConnection } from "../peer-connection/webrtc-peer-connection";

/**
 * Asked by `WebRTCMultiplayerPeer.poll()` before it drops a connected peer whose connection went disconnected
 * or failed: true keeps the peer (connected, no `peer_disconnected`) while something recovers it, such as the
 * lobby client restarting ICE. Not part of the public API: no entry point exports this module.
 */
export type PeerHold = (id: number, connection: WebRTCPeerConnection) => boolean;

const holds = new WeakMap<object, PeerHold>();

/** Installs (or with null removes) the hold of `peer`. */
export function setPeerHold(peer: object, hold: PeerHold | null): void {
  if (hold === null) holds.delete(peer);
  else holds.set(peer, hold);
}

/** Whether `peer`'s hold keeps peer `id` for now. */
export function isPeerHeld(peer: object, id: number, connection: WebRTCPeerConnection): boolean {
  return holds.get(peer)?.(id, connection) ?? false;
}
