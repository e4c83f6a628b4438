// The shim↔shim half of the RPC benchmark (issue 16 §2), in the Godot page beside bench.gd's Godot↔Godot pair and
// driven the same way: once per animation frame, SceneMultiplayer.poll() on both sides, calls from A to B while
// A's reliable channel holds fewer than HIGH bytes. The methods are sync.gd's: small(int, Vector2),
// large(PackedByteArray of 1 KiB), ping() answered by pong().
import { GodotError, SceneMultiplayer, WebRTCMultiplayerPeer, WebRTCPeerConnection, type RpcNode, type WebRTCDataChannel } from "../../src/index";
import { Vector2 } from "../../src/variant";

/** Calls go out while the channel holds fewer bytes than this (smaller than the data path's: a small RPC is ~20 bytes). */
const HIGH = 64 * 1024;
const QUIET_MS = 1000;
const SETTLE_MAX_MS = 10_000;

interface Side {
  mp: WebRTCMultiplayerPeer;
  scene: SceneMultiplayer;
  node: RpcNode;
  counts: { small: number; large: number; pongs: number };
}

let sides: [Side, Side] | null = null;
let channel: WebRTCDataChannel | null = null;
const nextFrame = (): Promise<number> => new Promise((resolve) => requestAnimationFrame(resolve));
const pollBoth = (): void => sides?.forEach((side) => side.scene.poll());

function side(id: number): Side {
  const mp = new WebRTCMultiplayerPeer();
  mp.create_mesh(id);
  const scene = new SceneMultiplayer();
  const counts = { small: 0, large: 0, pongs: 0 };
  const any = SceneMultiplayer.RPC_MODE_ANY_PEER;
  const node: RpcNode = scene.add_rpc_node("/root/Main/Sync", {
    small: { rpc_mode: any, call: () => void counts.small++ },
    large: { rpc_mode: any, call: () => void counts.large++ },
    ping: { rpc_mode: any, call: () => void node.rpc_id(scene.get_remote_sender_id(), "pong") },
    pong: { rpc_mode: any, call: () => void counts.pongs++ },
  })!;
  scene.multiplayer_peer = mp;
  return { mp, scene, node, counts };
}

/** Connects the two shim SceneMultiplayers. */
export async function rpcPair(): Promise<void> {
  const pair: [Side, Side] = [side(1), side(2)];
  const [pa, pb] = [new WebRTCPeerConnection(), new WebRTCPeerConnection()];
  pa.initialize({ iceServers: [] });
  pb.initialize({ iceServers: [] });
  const mpA = pair[0].scene.multiplayer_peer as WebRTCMultiplayerPeer;
  mpA.add_peer(pa, 2);
  (pair[1].scene.multiplayer_peer as WebRTCMultiplayerPeer).add_peer(pb, 1);
  for (const [from, to] of [[pa, pb], [pb, pa]] as const) {
    from.session_description_created.connect((type, sdp) => {
      from.set_local_description(type, sdp);
      to.set_remote_description(type, sdp);
    });
    from.ice_candidate_created.connect((media, index, name) => to.add_ice_candidate(media, index, name));
  }
  sides = pair;
  pa.create_offer();
  const deadline = performance.now() + 30_000;
  while (pair.some((s) => s.scene.get_peers().length < 1)) {
    if (performance.now() > deadline) throw new Error("timed out: shim RPC pair");
    pollBoth();
    await nextFrame();
  }
  const peer = mpA.get_peer(2);
  channel = "channels" in peer ? peer.channels[0]! : null;
}

/** One flood turn, the same shape as bench.gd's rpc_flood(). */
export async function rpcFlood(kind: "small" | "large", seconds: number) {
  if (!sides || !channel) throw new Error("rpcPair() first");
  const [a, b] = sides;
  const payload = new Uint8Array(1024);
  const v = new Vector2(1.5, 2.5);
  const before = b.counts[kind];
  let sent = 0;
  let refused = 0;
  let frames = 0;
  let received = 0;
  let receivedInWindow = 0;
  const start = performance.now();
  const windowMs = seconds * 1000;
  let lastChange = start;
  for (;;) {
    const now = performance.now();
    const sending = now - start < windowMs;
    if (!sending && (now - lastChange > QUIET_MS || now - start > windowMs + SETTLE_MAX_MS)) break;
    pollBoth();
    if (sending) {
      frames++;
      while (channel.get_buffered_amount() < HIGH) {
        const error = kind === "large" ? a.node.rpc_id(2, "large", payload) : a.node.rpc_id(2, "small", 7, v);
        if (error !== GodotError.OK) {
          refused++;
          break;
        }
        sent++;
      }
    }
    await nextFrame();
    pollBoth();
    const count = b.counts[kind] - before;
    if (count !== received) {
      received = count;
      lastChange = performance.now();
    }
    if (performance.now() - start <= windowMs) receivedInWindow = received;
  }
  return { sent, refused, received, receivedInWindow, ms: windowMs, frames };
}

/** Ping-pong RPCs once per frame; round trips in ms. */
export async function rpcPing(rounds: number): Promise<number[]> {
  if (!sides) throw new Error("rpcPair() first");
  const [a] = sides;
  const samples: number[] = [];
  let seen = a.counts.pongs;
  let sentAt = performance.now();
  a.node.rpc_id(2, "ping");
  const deadline = sentAt + 60_000;
  while (samples.length < rounds && performance.now() < deadline) {
    await nextFrame();
    pollBoth();
    if (a.counts.pongs !== seen) {
      seen = a.counts.pongs;
      const now = performance.now();
      samples.push(now - sentAt);
      sentAt = now;
      a.node.rpc_id(2, "ping");
    }
  }
  return samples;
}

/**
 * The JS cost per call, timed directly: `count` calls of `kind` made back to back on A (encode + put_packet),
 * then, once they all wait in B's multiplayer peer, B's one SceneMultiplayer.poll() that decodes and runs them.
 * In µs per call.
 */
export async function rpcCost(kind: "small" | "large", count: number): Promise<{ sendUs: number; receiveUs: number }> {
  if (!sides) throw new Error("rpcPair() first");
  const [a, b] = sides;
  const payload = new Uint8Array(1024);
  const v = new Vector2(1.5, 2.5);
  const before = b.counts[kind];
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    if (kind === "large") a.node.rpc_id(2, "large", payload);
    else a.node.rpc_id(2, "small", 7, v);
  }
  const sendUs = ((performance.now() - start) * 1000) / count;
  const deadline = performance.now() + 30_000;
  while (b.mp.get_available_packet_count() < count && performance.now() < deadline) {
    a.mp.poll();
    b.mp.poll();
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  const received = performance.now();
  b.scene.poll();
  const receiveUs = ((performance.now() - received) * 1000) / count;
  if (b.counts[kind] - before !== count) throw new Error(`rpcCost: ${b.counts[kind] - before} of ${count} calls ran`);
  return { sendUs, receiveUs };
}
