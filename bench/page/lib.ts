// This library (the core entry: no webrtc-adapter, so "raw" really is the browser's own API). Its browser channels
// are recorded through set_default_extension (the door users have), so the harness waits for
// `bufferedamountlow` exactly like the raw sender does, and can drain in the message task or once per frame.
import { GodotError, WebRTCDataChannel, WebRTCPeerConnection } from "../../src/core";
import { CONFIG, spin, type Contender, type End, type Pairs } from "./common";

let lastCreated: RTCDataChannel | null = null;
let lastConnection: RTCPeerConnection | null = null;
class RecordingPeerConnection extends RTCPeerConnection {
  constructor(config?: RTCConfiguration) {
    super(config);
    lastConnection = this;
  }

  override createDataChannel(label: string, init?: RTCDataChannelInit): RTCDataChannel {
    const channel = super.createDataChannel(label, init);
    lastCreated = channel;
    return channel;
  }
}
WebRTCPeerConnection.set_default_extension(RecordingPeerConnection);

/** Where the receiving side drains: inside the browser's message task, or once per animation frame as a game does. */
export type Drain = "task" | "frame";
let drainMode: Drain = "task";
const ends: { end: End; channel: WebRTCDataChannel }[] = [];
let errors = 0;

/** Chooses where the library's receivers drain from now on. */
export function setDrain(mode: Drain): void {
  drainMode = mode;
}

/** put_packet calls that did not return OK, so far. */
export const libErrors = (): number => errors;

function drain(channel: WebRTCDataChannel, handler: (byteLength: number) => void): void {
  while (channel.get_available_packet_count() > 0) handler(channel.get_packet().byteLength);
}

function libEnd(channel: WebRTCDataChannel, browserChannel: RTCDataChannel): End {
  const end: End = {
    channel: browserChannel,
    send: (bytes) => {
      if (channel.put_packet(bytes) !== GodotError.OK) errors++;
    },
    handler: null,
  };
  // Registered after the library's own listener, so the packet is already queued when this runs.
  browserChannel.addEventListener("message", () => {
    if (drainMode === "task" && end.handler) drain(channel, end.handler);
  });
  ends.push({ end, channel });
  return end;
}

function frame(): void {
  if (drainMode === "frame") for (const { end, channel } of ends) if (end.handler) drain(channel, end.handler);
  requestAnimationFrame(frame);
}
requestAnimationFrame(frame);

/** Wires two library peers through their signals, as a game's signaling would. */
function signalLib(a: WebRTCPeerConnection, b: WebRTCPeerConnection): void {
  for (const [from, to] of [[a, b], [b, a]] as const) {
    from.session_description_created.connect((type, sdp) => {
      from.set_local_description(type, sdp);
      to.set_remote_description(type, sdp);
    });
    from.ice_candidate_created.connect((media, index, name) => to.add_ice_candidate(media, index, name));
  }
}

async function pairs(): Promise<Pairs> {
  const peers = [new WebRTCPeerConnection(), new WebRTCPeerConnection()] as const;
  const made = peers.map((peer) => {
    peer.initialize(CONFIG);
    const reliable = peer.create_data_channel("reliable", { negotiated: true, id: 0 });
    const reliableRaw = lastCreated;
    const unreliable = peer.create_data_channel("unreliable", { negotiated: true, id: 1, ordered: false, maxRetransmits: 0 });
    const unreliableRaw = lastCreated;
    if (!reliable || !unreliable || !reliableRaw || !unreliableRaw) throw new Error("create_data_channel failed");
    return { reliable, reliableRaw, unreliable, unreliableRaw };
  });
  signalLib(peers[0], peers[1]);
  peers[0].create_offer();
  await spin(() => {
    peers.forEach((peer) => peer.poll());
    return made.every((m) => m.reliable.get_ready_state() === 1 && m.unreliable.get_ready_state() === 1);
  }, "library channels open");
  const [ma, mb] = made as [(typeof made)[0], (typeof made)[0]];
  return {
    reliable: { a: libEnd(ma.reliable, ma.reliableRaw), b: libEnd(mb.reliable, mb.reliableRaw) },
    unreliable: { a: libEnd(ma.unreliable, ma.unreliableRaw), b: libEnd(mb.unreliable, mb.unreliableRaw) },
    close: () => peers.forEach((peer) => peer.close()),
  };
}

async function setupTime(): Promise<number> {
  const a = new WebRTCPeerConnection();
  const b = new WebRTCPeerConnection();
  a.initialize(CONFIG);
  b.initialize(CONFIG);
  const local = a.create_data_channel("setup");
  let remote: WebRTCDataChannel | null = null;
  b.data_channel_received.connect((channel) => (remote = channel));
  signalLib(a, b);
  const start = performance.now();
  a.create_offer();
  const end = await spin(() => {
    a.poll();
    b.poll();
    return local?.get_ready_state() === 1 && (remote as WebRTCDataChannel | null)?.get_ready_state() === 1;
  }, "library setup");
  a.close();
  b.close();
  return end - start;
}

async function hold(): Promise<() => void> {
  const peers = [new WebRTCPeerConnection(), new WebRTCPeerConnection()] as const;
  const channels = peers.map((peer) => {
    peer.initialize(CONFIG);
    return peer.create_data_channel("held", { negotiated: true, id: 0 });
  });
  signalLib(peers[0], peers[1]);
  peers[0].create_offer();
  await spin(() => {
    peers.forEach((peer) => peer.poll());
    return channels.every((channel) => channel?.get_ready_state() === 1);
  }, "library held pair");
  return () => peers.forEach((peer) => peer.close());
}

/** This library over the browser's channel. */
export const lib: Contender = { pairs, setupTime, hold };

// Memory per queued packet: a pair whose receiving channel is never drained. `queueOpen()` connects it (the heap
// is read after), `queueFill(n)` has n packets of `size` bytes arrive into the receive queue (read again), and the
// returned close releases both.
let queued: { peers: readonly WebRTCPeerConnection[]; from: WebRTCDataChannel; to: WebRTCDataChannel } | null = null;

/** Opens the pair whose receive queue `queueFill` fills. */
export async function queueOpen(): Promise<void> {
  const peers = [new WebRTCPeerConnection(), new WebRTCPeerConnection()] as const;
  const [from, to] = peers.map((peer) => {
    peer.initialize(CONFIG);
    return peer.create_data_channel("queued", { negotiated: true, id: 0 });
  });
  if (!from || !to) throw new Error("create_data_channel failed");
  signalLib(peers[0], peers[1]);
  peers[0].create_offer();
  await spin(() => {
    peers.forEach((peer) => peer.poll());
    return from.get_ready_state() === 1 && to.get_ready_state() === 1;
  }, "queue pair");
  queued = { peers, from, to };
}

/** Sends `count` packets of `size` bytes and resolves once all wait, undrained, in the receiver's queue. */
export async function queueFill(count: number, size: number): Promise<number> {
  if (!queued) throw new Error("queueOpen() first");
  const { from, to } = queued;
  const bytes = new Uint8Array(size).fill(3);
  for (let i = 0; i < count; i++) from.put_packet(bytes);
  await spin(() => to.get_available_packet_count() >= count, `${count} queued packets`);
  return to.get_available_packet_count();
}

/** Closes the queue pair. */
export function queueClose(): void {
  queued?.peers.forEach((peer) => peer.close());
  queued = null;
}

/**
 * `poll()` cost in nanoseconds: with nothing queued (averaged over many calls), or per call with `queued` events.
 * The events are queued through the browser connection underneath, as ICE candidates it reports, so the figure
 * covers the library's own listener, queue and signal dispatch.
 */
export function pollCost(queued: number, rounds: number): number[] {
  const peer = new WebRTCPeerConnection();
  peer.initialize(CONFIG);
  const browser = lastConnection;
  if (!browser) throw new Error("initialize() made no browser connection");
  peer.ice_candidate_created.connect(() => {});
  const candidate = new RTCIceCandidate({ candidate: "candidate:1 1 udp 2122260223 10.0.0.1 54321 typ host", sdpMid: "0", sdpMLineIndex: 0 });
  const samples: number[] = [];
  for (let round = 0; round < rounds; round++) {
    if (queued === 0) {
      const calls = 1_000_000;
      const start = performance.now();
      for (let i = 0; i < calls; i++) peer.poll();
      samples.push(((performance.now() - start) / calls) * 1e6);
    } else {
      for (let i = 0; i < queued; i++) browser.dispatchEvent(new RTCPeerConnectionIceEvent("icecandidate", { candidate }));
      const start = performance.now();
      peer.poll();
      samples.push((performance.now() - start) * 1e6);
    }
  }
  peer.close();
  return samples;
}
