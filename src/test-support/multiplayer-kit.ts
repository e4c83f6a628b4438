// What the WebRTCMultiplayerPeer unit tests share: a peer that logs its signals, and connections on the shared
// fake browser (useFakeBrowser) added to it, brought up by hand.
import { expect } from "vitest";
import { GodotError } from "../godot/godot-error";
import { WebRTCMultiplayerPeer } from "../multiplayer/webrtc-multiplayer-peer";
import { WebRTCPeerConnection } from "../peer-connection/webrtc-peer-connection";
import { FakeRTCPeerConnection } from "./fake-rtc";

/** A multiplayer peer and the log of its signals (`+id` connected, `-id` disconnected). */
export function multiplayer(): { mp: WebRTCMultiplayerPeer; events: string[] } {
  const mp = new WebRTCMultiplayerPeer();
  const events: string[] = [];
  mp.peer_connected.connect((id) => events.push(`+${id}`));
  mp.peer_disconnected.connect((id) => events.push(`-${id}`));
  return { mp, events };
}

/** A fresh connection in STATE_NEW and its fake browser connection. */
export function connection(): { pc: WebRTCPeerConnection; fake: FakeRTCPeerConnection } {
  const pc = new WebRTCPeerConnection();
  pc.initialize({ iceServers: [] });
  return { pc, fake: FakeRTCPeerConnection.last };
}

/** Adds peer `id` to `mp` (which must accept it) and returns its connection and fake. */
export function addPeer(mp: WebRTCMultiplayerPeer, id: number, lifetime?: number): { pc: WebRTCPeerConnection; fake: FakeRTCPeerConnection } {
  const peer = connection();
  expect(lifetime === undefined ? mp.add_peer(peer.pc, id) : mp.add_peer(peer.pc, id, lifetime)).toBe(GodotError.OK);
  return peer;
}

/** Adds peer `id`, brings it up and polls once, so it is connected. */
export function connectedPeer(mp: WebRTCMultiplayerPeer, id: number): FakeRTCPeerConnection {
  const { fake } = addPeer(mp, id);
  fake.connectAll();
  mp.poll();
  expect(mp.get_peer(id)).toMatchObject({ connected: true });
  return fake;
}

/** A packet's bytes as a plain array, for `toEqual`. */
export const bytes = (packet: Uint8Array): number[] => [...packet];

