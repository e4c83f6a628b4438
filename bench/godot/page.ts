// The page side of the Godot benchmark (bench/godot/godot.bench.ts), loaded into e2e/fixtures/godot.html next to
// the engine. Every contender here is driven once per animation frame, as Godot drives itself: each frame it
// polls, sends while fewer than HIGH bytes are buffered, and drains what arrived. Raw has no queue to drain (its
// packets are counted as their events arrive) and no poll; the shim polls and drains with get_packet().
import { GodotError, WebRTCPeerConnection, type WebRTCDataChannel } from "../../src/index";
import { codecTurn, variantBytes } from "../page/codec";
import { rpcCost, rpcFlood, rpcPair, rpcPing } from "./rpc";
import { rpcLink, rpcLinkFlood, rpcLinkPing } from "./rpc-link";

const HIGH = 1024 * 1024;
const CONFIG: RTCConfiguration = { iceServers: [] };

/** One end of a per-frame pair. */
interface FrameEnd {
  /** false when the contender refused the packet. */
  send(bytes: Uint8Array): boolean;
  buffered(): number;
  /** Packets received since the last call whose first byte is `tag` (older turns' stragglers are not counted). */
  drain(tag: number): number;
}
type Ends = { reliable: FrameEnd; unreliable: FrameEnd };

const polled: WebRTCPeerConnection[] = [];
const pollAll = (): void => polled.forEach((peer) => peer.poll());

const nextFrame = (): Promise<number> => new Promise((resolve) => requestAnimationFrame(resolve));
async function untilOpen(ready: () => boolean, what: string): Promise<void> {
  const deadline = performance.now() + 30_000;
  while (!ready()) {
    if (performance.now() > deadline) throw new Error(`timed out: ${what}`);
    pollAll();
    await nextFrame();
  }
}

function shimEnd(channel: WebRTCDataChannel): FrameEnd {
  return {
    send: (bytes) => channel.put_packet(bytes) === GodotError.OK,
    buffered: () => channel.get_buffered_amount(),
    drain: (tag) => {
      let count = 0;
      while (channel.get_available_packet_count() > 0) if (channel.get_packet()[0] === tag) count++;
      return count;
    },
  };
}

function rawEnd(channel: RTCDataChannel): FrameEnd {
  const arrived = new Uint32Array(256);
  channel.binaryType = "arraybuffer";
  channel.addEventListener("message", (event: MessageEvent<ArrayBuffer>) => arrived[new Uint8Array(event.data, 0, 1)[0]!]!++);
  return {
    send: (bytes) => (channel.send(bytes as Uint8Array<ArrayBuffer>), true),
    buffered: () => channel.bufferedAmount,
    drain: (tag) => {
      const count = arrived[tag]!;
      arrived[tag] = 0;
      return count;
    },
  };
}

function shimChannels(peer: WebRTCPeerConnection): [WebRTCDataChannel, WebRTCDataChannel] {
  const reliable = peer.create_data_channel("reliable", { negotiated: true, id: 0 });
  const unreliable = peer.create_data_channel("unreliable", { negotiated: true, id: 1, ordered: false, maxRetransmits: 0 });
  if (!reliable || !unreliable) throw new Error("create_data_channel failed");
  return [reliable, unreliable];
}

function wire(a: WebRTCPeerConnection, b: WebRTCPeerConnection): void {
  for (const [from, to] of [[a, b], [b, a]] as const) {
    from.session_description_created.connect((type, sdp) => {
      from.set_local_description(type, sdp);
      to.set_remote_description(type, sdp);
    });
    from.ice_candidate_created.connect((media, index, name) => to.add_ice_candidate(media, index, name));
  }
}

function signalRaw(a: RTCPeerConnection, b: RTCPeerConnection): void {
  a.onicecandidate = ({ candidate }) => void (candidate?.candidate && b.addIceCandidate(candidate));
  b.onicecandidate = ({ candidate }) => void (candidate?.candidate && a.addIceCandidate(candidate));
  void a.createOffer().then(async (offer) => {
    await a.setLocalDescription(offer);
    await b.setRemoteDescription(offer);
    const answer = await b.createAnswer();
    await b.setLocalDescription(answer);
    await a.setRemoteDescription(answer);
  });
}

const pairs: Record<string, { a: Ends; b: Ends }> = {};
let link: Ends | null = null;

async function shimPair(): Promise<void> {
  const peers = [new WebRTCPeerConnection(), new WebRTCPeerConnection()] as const;
  peers.forEach((peer) => peer.initialize(CONFIG));
  const [ca, cb] = peers.map(shimChannels) as [[WebRTCDataChannel, WebRTCDataChannel], [WebRTCDataChannel, WebRTCDataChannel]];
  wire(peers[0], peers[1]);
  polled.push(...peers);
  peers[0].create_offer();
  await untilOpen(() => [...ca, ...cb].every((channel) => channel.get_ready_state() === 1), "shim pair");
  pairs.shim = { a: { reliable: shimEnd(ca[0]), unreliable: shimEnd(ca[1]) }, b: { reliable: shimEnd(cb[0]), unreliable: shimEnd(cb[1]) } };
}

async function rawPair(): Promise<void> {
  const a = new RTCPeerConnection(CONFIG);
  const b = new RTCPeerConnection(CONFIG);
  const [ca, cb] = [a, b].map((pc) => [
    pc.createDataChannel("reliable", { negotiated: true, id: 0 }),
    pc.createDataChannel("unreliable", { negotiated: true, id: 1, ordered: false, maxRetransmits: 0 }),
  ]) as [[RTCDataChannel, RTCDataChannel], [RTCDataChannel, RTCDataChannel]];
  signalRaw(a, b);
  await untilOpen(() => [...ca, ...cb].every((channel) => channel.readyState === "open"), "raw pair");
  pairs.raw = { a: { reliable: rawEnd(ca[0]), unreliable: rawEnd(ca[1]) }, b: { reliable: rawEnd(cb[0]), unreliable: rawEnd(cb[1]) } };
}

/** The shim peer linked to the Godot engine's peer (bench.gd's link_shim runs at the same time). */
async function linkGodot(): Promise<void> {
  const peer = new WebRTCPeerConnection();
  peer.initialize(CONFIG);
  const [reliable, unreliable] = shimChannels(peer);
  const { linkToGodot, godotBridge } = window;
  const unhook = linkToGodot(peer);
  polled.push(peer);
  await godotBridge.next("linked");
  peer.create_offer();
  await untilOpen(() => reliable.get_ready_state() === 1 && unreliable.get_ready_state() === 1, "shim↔Godot link");
  unhook(); // the bridge carries one link's signals at a time: rpc-link.ts links the next
  link = { reliable: shimEnd(reliable), unreliable: shimEnd(unreliable) };
}

/** What one flood saw, as bench.gd's flood() reports it. */
export interface FloodRun {
  sent: number;
  refused: number;
  received: number;
  receivedInWindow: number;
  ms: number;
  frames: number;
}

/** A receiver keeps draining after its window until nothing arrived for QUIET_MS (at most SETTLE_MAX_MS more). */
const QUIET_MS = 1000;
const SETTLE_MAX_MS = 10_000;

/**
 * Sends packets tagged `tag` from `sender` for `seconds` and drains `receiver` (either may be null: Godot is the
 * other end) once per frame. The receiver's window opens at its first arrival, so a sender that starts a frame
 * later (a command to Godot takes a frame or two) is not counted short; after it, the receiver drains on until
 * quiet, so `received` counts every packet that made it and the loss is `sent - received`.
 */
async function floodEnds(sender: FrameEnd | null, receiver: FrameEnd | null, tag: number, size: number, seconds: number): Promise<FloodRun> {
  const packet = new Uint8Array(size).fill(tag);
  let sent = 0;
  let refused = 0;
  let received = 0;
  let receivedInWindow = 0;
  let frames = 0;
  const start = performance.now();
  const windowMs = seconds * 1000;
  let first = -1;
  let lastArrival = -1;
  for (;;) {
    const now = performance.now();
    const sending = sender !== null && now - start < windowMs;
    const receiving = receiver !== null && (first < 0 ? now - start < windowMs + SETTLE_MAX_MS : now - first < windowMs || now - lastArrival < QUIET_MS);
    const draining = sender !== null && sender.buffered() > 0;
    if ((!sending && !receiving && !draining) || now - start > windowMs + SETTLE_MAX_MS) break;
    pollAll();
    if (sending) {
      frames++;
      while (sender.buffered() < HIGH) {
        if (!sender.send(packet)) {
          refused++;
          break;
        }
        sent++;
      }
    }
    const arrived = receiver ? receiver.drain(tag) : 0;
    if (arrived > 0) {
      if (first < 0) first = now;
      lastArrival = now;
      received += arrived;
      if (now - first <= windowMs) receivedInWindow = received;
    }
    if (receiver && !sender) frames++;
    await nextFrame();
  }
  return { sent, refused, received, receivedInWindow, ms: windowMs, frames };
}

function endsOf(kind: "shim" | "raw", reliable: boolean): { a: FrameEnd; b: FrameEnd } {
  const pair = pairs[kind];
  if (!pair) throw new Error(`no ${kind} pair`);
  const pick = reliable ? "reliable" : "unreliable";
  return { a: pair.a[pick], b: pair.b[pick] };
}

/** A page-only flood (shim↔shim or raw), or the page's half of a shim↔Godot one (`role` says which half). */
function flood(kind: "shim" | "raw" | "link", role: "both" | "send" | "receive", reliable: boolean, tag: number, size: number, seconds: number): Promise<FloodRun> {
  if (kind === "link") {
    if (!link) throw new Error("not linked to Godot");
    const end = reliable ? link.reliable : link.unreliable;
    return floodEnds(role === "send" ? end : null, role === "receive" ? end : null, tag, size, seconds);
  }
  const { a, b } = endsOf(kind, reliable);
  return floodEnds(a, b, tag, size, seconds);
}

/** 64-byte ping-pong driven once per frame; against Godot (`link`), bench.gd's echo() answers. */
async function ping(kind: "shim" | "raw" | "link", rounds: number): Promise<number[]> {
  const a = kind === "link" ? link!.reliable : endsOf(kind, true).a;
  const b = kind === "link" ? null : endsOf(kind, true).b;
  const packet = new Uint8Array(64); // tag 0: flood turns use 1…255
  const samples: number[] = [];
  let sentAt = performance.now();
  a.send(packet);
  const deadline = sentAt + 60_000;
  while (samples.length < rounds && performance.now() < deadline) {
    pollAll();
    if (b) for (let n = b.drain(0); n > 0; n--) b.send(packet);
    for (let n = a.drain(0); n > 0; n--) {
      const now = performance.now();
      samples.push(now - sentAt);
      sentAt = now;
      a.send(packet);
    }
    await nextFrame();
  }
  return samples;
}

/** A fresh shim↔shim pair from create_offer() to the channel open on both sides, polled once per frame, in ms. */
async function setup(): Promise<number> {
  const a = new WebRTCPeerConnection();
  const b = new WebRTCPeerConnection();
  a.initialize(CONFIG);
  b.initialize(CONFIG);
  const ca = a.create_data_channel("setup", { negotiated: true, id: 3 })!;
  const cb = b.create_data_channel("setup", { negotiated: true, id: 3 })!;
  wire(a, b);
  const start = performance.now();
  a.create_offer();
  while (ca.get_ready_state() !== 1 || cb.get_ready_state() !== 1) {
    a.poll();
    b.poll();
    await nextFrame();
  }
  const ms = performance.now() - start;
  a.close();
  b.close();
  return ms;
}

const benchGodot = { rpcPair, rpcFlood, rpcPing, rpcCost, rpcLink, rpcLinkFlood, rpcLinkPing, shimPair, rawPair, linkGodot, flood, ping, setup, codecTurn, variantBytes: () => Array.from(variantBytes()) };
Object.assign(window, { benchGodot });

declare global {
  interface Window {
    /** bench/godot/page.ts, loaded by the Godot benchmark. */
    benchGodot: typeof benchGodot;
  }
}
