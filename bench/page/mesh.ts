// Issue 16 §4: a mesh of 8 WebRTCMultiplayerPeers in this page (28 connections, each with the three default
// channels plus one custom), and the per-frame cost of what a game does every frame: poll() every peer and drain
// its packets. Measured idle and with 20 Hz state traffic from everyone (a 64-byte packet to all peers every
// third frame of 60). bench/godot/bench.gd does the same in one Godot engine.
import { TransferMode, WebRTCMultiplayerPeer, WebRTCPeerConnection } from "../../src/core";
import { CONFIG, spin } from "./common";

let mesh: WebRTCMultiplayerPeer[] = [];

function wire(a: WebRTCPeerConnection, b: WebRTCPeerConnection): void {
  for (const [from, to] of [[a, b], [b, a]] as const) {
    from.session_description_created.connect((type, sdp) => {
      from.set_local_description(type, sdp);
      to.set_remote_description(type, sdp);
    });
    from.ice_candidate_created.connect((media, index, name) => to.add_ice_candidate(media, index, name));
  }
}

/** Builds the mesh of `size` peers and resolves once every peer sees all the others connected. */
export async function meshOpen(size: number): Promise<void> {
  mesh = Array.from({ length: size }, (_, index) => {
    const peer = new WebRTCMultiplayerPeer();
    peer.create_mesh(index + 1, [TransferMode.TRANSFER_MODE_RELIABLE]);
    return peer;
  });
  const connected = new Array<number>(size).fill(0);
  mesh.forEach((peer, index) => peer.peer_connected.connect(() => connected[index]!++));
  for (let i = 0; i < size; i++) {
    for (let j = i + 1; j < size; j++) {
      const a = new WebRTCPeerConnection();
      const b = new WebRTCPeerConnection();
      a.initialize(CONFIG);
      b.initialize(CONFIG);
      mesh[i]!.add_peer(a, j + 1);
      mesh[j]!.add_peer(b, i + 1);
      wire(a, b);
      a.create_offer();
    }
  }
  await spin(() => {
    mesh.forEach((peer) => peer.poll());
    return connected.every((count) => count === size - 1);
  }, `mesh of ${size} connected`);
}

/**
 * `frames` simulated frames, back to back: the time of one frame's poll() + drain over the whole mesh, in µs,
 * one sample per frame. With `stateEveryFrames` > 0 every peer first sends a 64-byte packet to all others on every
 * that-many-th frame (not timed: the sending is the game's own work), then lets the browser deliver it.
 */
export async function meshFrames(frames: number, stateEveryFrames: number): Promise<number[]> {
  const state = new Uint8Array(64).fill(9);
  const samples: number[] = [];
  let sink = 0;
  for (let frame = 0; frame < frames; frame++) {
    if (stateEveryFrames > 0 && frame % stateEveryFrames === 0) {
      for (const peer of mesh) {
        peer.set_target_peer(0);
        peer.put_packet(state);
      }
    }
    // One task per frame, so the browser delivers what was sent in between, as between two real frames.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const start = performance.now();
    for (const peer of mesh) {
      peer.poll();
      while (peer.get_available_packet_count() > 0) sink += peer.get_packet().byteLength;
    }
    samples.push((performance.now() - start) * 1000);
  }
  if (sink < 0) throw new Error("unreachable");
  return samples;
}

/** Closes every peer of the mesh. */
export function meshClose(): void {
  mesh.forEach((peer) => peer.close());
  mesh = [];
}
