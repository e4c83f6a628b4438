// The page end of the mixed RPC rows (shim↔Godot, issue 16 §2; the Godot end is rpc_link.gd): one shim
// SceneMultiplayer whose WebRTCMultiplayerPeer's one peer is linked to Godot's through the harness's signal bridge
// (linkToGodot), as the data path's shim↔Godot peer is. Its node declares sync.gd's methods at the path Godot's
// Sync node has relative to its multiplayer root ("Sync"). Driven once per animation frame as rpc.ts is.
import { GodotError, SceneMultiplayer, WebRTCMultiplayerPeer, WebRTCPeerConnection, type RpcNode, type WebRTCDataChannel } from "../../src/index";
import { Vector2 } from "../../src/variant";
import type { FloodRun } from "./page";

const GODOT_ID = 1;
const SHIM_ID = 2;
/** rpc.ts's sending rule: calls go out while the channel holds fewer bytes than this. */
const HIGH = 64 * 1024;
const QUIET_MS = 1000;
const SETTLE_MAX_MS = 10_000;
const ROOT = "/root/Main/Link";

interface LinkEnd {
  scene: SceneMultiplayer;
  node: RpcNode;
  channel: WebRTCDataChannel;
  counts: { small: number; large: number; pongs: number };
}

let end: LinkEnd | null = null;
const nextFrame = (): Promise<number> => new Promise((resolve) => requestAnimationFrame(resolve));

/** Links the page's SceneMultiplayer to Godot's (bench.gd's rpc_link runs at the same time). */
export async function rpcLink(): Promise<void> {
  const mp = new WebRTCMultiplayerPeer();
  mp.create_mesh(SHIM_ID);
  const scene = new SceneMultiplayer();
  scene.root_path = ROOT;
  const counts = { small: 0, large: 0, pongs: 0 };
  const any = SceneMultiplayer.RPC_MODE_ANY_PEER;
  const node: RpcNode = scene.add_rpc_node(`${ROOT}/Sync`, {
    small: { rpc_mode: any, call: () => void counts.small++ },
    large: { rpc_mode: any, call: () => void counts.large++ },
    ping: { rpc_mode: any, call: () => void node.rpc_id(scene.get_remote_sender_id(), "pong") },
    pong: { rpc_mode: any, call: () => void counts.pongs++ },
  })!;
  const pc = new WebRTCPeerConnection();
  pc.initialize({ iceServers: [] });
  mp.add_peer(pc, GODOT_ID);
  scene.multiplayer_peer = mp;
  await window.godotBridge.next("rpc_linked");
  const unhook = window.linkToGodot(pc);
  pc.create_offer();
  const deadline = performance.now() + 30_000;
  while (scene.get_peers().length < 1) {
    if (performance.now() > deadline) throw new Error("timed out: shim↔Godot RPC link");
    scene.poll();
    await nextFrame();
  }
  unhook();
  const peer = mp.get_peer(GODOT_ID);
  if (!("channels" in peer) || !peer.channels[0]) throw new Error("no channel to Godot");
  end = { scene, node, channel: peer.channels[0], counts };
}

/**
 * The page's half of one mixed flood turn (rpc_link.gd's flood() is the other): "send" waits for Godot's
 * "rpc_link_ready", then calls `kind` on Godot for `seconds`; "receive" counts Godot's calls, the window opening at the first arrival and staying open until
 * nothing arrived for QUIET_MS.
 */
export async function rpcLinkFlood(kind: "small" | "large", role: "send" | "receive", seconds: number): Promise<FloodRun> {
  if (!end) throw new Error("rpcLink() first");
  const { scene, node, channel, counts } = end;
  const payload = new Uint8Array(1024);
  const v = new Vector2(1.5, 2.5);
  // Godot runs the calls as they arrive, so its count must be taken before the first one is sent.
  if (role === "send") await window.godotBridge.next("rpc_link_ready");
  const before = counts[kind];
  let sent = 0;
  let refused = 0;
  let frames = 0;
  let received = 0;
  let receivedInWindow = 0;
  const start = performance.now();
  const windowMs = seconds * 1000;
  let first = -1;
  let lastArrival = -1;
  for (;;) {
    const now = performance.now();
    scene.poll();
    if (role === "send") {
      if (now - start >= windowMs) break;
      frames++;
      while (channel.get_buffered_amount() < HIGH) {
        const error = kind === "large" ? node.rpc_id(GODOT_ID, "large", payload) : node.rpc_id(GODOT_ID, "small", 7, v);
        if (error !== GodotError.OK) {
          refused++;
          break;
        }
        sent++;
      }
    } else {
      const waiting = first < 0 && now - start < windowMs + SETTLE_MAX_MS;
      const listening = first >= 0 && (now - first < windowMs || now - lastArrival < QUIET_MS);
      if ((!waiting && !listening) || now - start > windowMs + SETTLE_MAX_MS) break;
      frames++;
      const count = counts[kind] - before;
      if (count !== received) {
        if (first < 0) first = now;
        lastArrival = now;
        received = count;
        if (now - first <= windowMs) receivedInWindow = received;
      }
    }
    await nextFrame();
  }
  return { sent, refused, received, receivedInWindow, ms: windowMs, frames };
}

/** Ping-pong RPCs shim → Godot → shim (Godot's SceneTree answers on its own), polled once per frame; ms. */
export async function rpcLinkPing(rounds: number): Promise<number[]> {
  if (!end) throw new Error("rpcLink() first");
  const { scene, node, counts } = end;
  const samples: number[] = [];
  let seen = counts.pongs;
  let sentAt = performance.now();
  node.rpc_id(GODOT_ID, "ping");
  const deadline = sentAt + 60_000;
  while (samples.length < rounds && performance.now() < deadline) {
    await nextFrame();
    scene.poll();
    if (counts.pongs !== seen) {
      seen = counts.pongs;
      const now = performance.now();
      samples.push(now - sentAt);
      sentAt = now;
      node.rpc_id(GODOT_ID, "ping");
    }
  }
  return samples;
}
