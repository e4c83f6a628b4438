// The page `npm run bench` drives (bench/run.mjs). Three contenders live side by side in this one page, each on
// its own loopback pair: the browser's raw RTCDataChannel, this library (the core entry: no webrtc-adapter, so
// "raw" here really is the browser's own API) and PeerJS. The runner calls the functions on `window.bench`
// in alternating turns; each call measures one contender once.
import { Peer, type DataConnection } from "peerjs";
import { GodotError, WebRTCDataChannel, WebRTCPeerConnection } from "../../src/core";

/** The contenders. `lib` drains inside the message task, `libFrame` once per animation frame. */
export type Kind = "raw" | "lib" | "libFrame" | "peerjs";

const CONFIG: RTCConfiguration = { iceServers: [] };
/** The sender pauses above HIGH buffered bytes and resumes at `bufferedamountlow` (LOW), the same for everyone. */
const HIGH = 2 * 1024 * 1024;
const LOW = 512 * 1024;
const DEADLINE_MS = 60_000;

/** One side of a pair: how to send, the browser channel underneath (for backpressure) and who hears packets. */
interface End {
  readonly channel: RTCDataChannel;
  send(bytes: Uint8Array): void;
  handler: ((byteLength: number) => void) | null;
}

interface Pair {
  readonly a: End;
  readonly b: End;
}

// ---------------------------------------------------------------------------------------------------------
// The library's browser channels: recorded through set_default_extension (the door users have), so the
// harness waits for `bufferedamountlow` exactly like the raw sender does and can drain in the message task.
let lastCreated: RTCDataChannel | null = null;
class RecordingPeerConnection extends RTCPeerConnection {
  override createDataChannel(label: string, init?: RTCDataChannelInit): RTCDataChannel {
    const channel = super.createDataChannel(label, init);
    lastCreated = channel;
    return channel;
  }
}
WebRTCPeerConnection.set_default_extension(RecordingPeerConnection);

let libMode: "task" | "frame" = "task";
const libEnds: { end: End; channel: WebRTCDataChannel }[] = [];
let libErrors = 0;

function drain(channel: WebRTCDataChannel, handler: (byteLength: number) => void): void {
  while (channel.get_available_packet_count() > 0) handler(channel.get_packet().byteLength);
}

function libEnd(channel: WebRTCDataChannel, browserChannel: RTCDataChannel): End {
  const end: End = {
    channel: browserChannel,
    send: (bytes) => {
      if (channel.put_packet(bytes) !== GodotError.OK) libErrors++;
    },
    handler: null,
  };
  // Registered after the library's own listener, so the packet is already queued when this runs.
  browserChannel.addEventListener("message", () => {
    if (libMode === "task" && end.handler) drain(channel, end.handler);
  });
  libEnds.push({ end, channel });
  return end;
}

function frame(): void {
  if (libMode === "frame") for (const { end, channel } of libEnds) if (end.handler) drain(channel, end.handler);
  requestAnimationFrame(frame);
}
requestAnimationFrame(frame);

// ---------------------------------------------------------------------------------------------------------
// Helpers.

/** Calls `step` in back-to-back tasks until it returns true; resolves with the time it did. */
function spin(step: () => boolean, what: string): Promise<number> {
  const deadline = performance.now() + DEADLINE_MS;
  const channel = new MessageChannel();
  return new Promise((resolve, reject) => {
    channel.port1.onmessage = () => {
      const now = performance.now();
      if (step()) {
        channel.port1.close();
        resolve(now);
      } else if (now > deadline) {
        channel.port1.close();
        reject(new Error(`timed out: ${what}`));
      } else channel.port2.postMessage(0);
    };
    channel.port2.postMessage(0);
  });
}

function within<T>(promise: Promise<T>, what: string, ms = DEADLINE_MS): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Raw signaling, in the same order the library's signals drive it (answer made right after the offer lands). */
function signalRaw(a: RTCPeerConnection, b: RTCPeerConnection): void {
  a.onicecandidate = ({ candidate }) => {
    if (candidate?.candidate) void b.addIceCandidate(candidate);
  };
  b.onicecandidate = ({ candidate }) => {
    if (candidate?.candidate) void a.addIceCandidate(candidate);
  };
  void a.createOffer().then((offer) => {
    void a.setLocalDescription(offer);
    void b.setRemoteDescription(offer).then(() => b.createAnswer()).then((answer) => {
      void b.setLocalDescription(answer);
      void a.setRemoteDescription(answer);
    });
  });
}

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

function rawEnd(channel: RTCDataChannel): End {
  channel.binaryType = "arraybuffer";
  const end: End = { channel, send: (bytes) => channel.send(bytes as Uint8Array<ArrayBuffer>), handler: null };
  channel.addEventListener("message", (event: MessageEvent<ArrayBuffer>) => end.handler?.(event.data.byteLength));
  return end;
}

// ---------------------------------------------------------------------------------------------------------
// PeerJS without a network: a PeerServer stand-in behind the WebSocket PeerJS opens. It answers OPEN and relays
// OFFER / ANSWER / CANDIDATE to the peer named in `dst`, in a microtask (as close to a direct call as raw gets).
class MockPeerServerSocket {
  static readonly sockets = new Map<string, MockPeerServerSocket>();
  readyState = 0;
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  readonly #id: string;

  constructor(url: string) {
    this.#id = new URL(url).searchParams.get("id") ?? "";
    MockPeerServerSocket.sockets.set(this.#id, this);
    queueMicrotask(() => {
      this.readyState = 1;
      this.onopen?.();
      this.deliver({ type: "OPEN" });
    });
  }

  deliver(message: object): void {
    if (this.readyState === 1) this.onmessage?.({ data: JSON.stringify(message) });
  }

  send(text: string): void {
    const message = JSON.parse(text) as { type: string; dst?: string; payload?: unknown };
    const to = message.dst === undefined ? undefined : MockPeerServerSocket.sockets.get(message.dst);
    if (to) queueMicrotask(() => to.deliver({ type: message.type, src: this.#id, payload: message.payload }));
  }

  close(): void {
    this.readyState = 3;
    MockPeerServerSocket.sockets.delete(this.#id);
  }
}
Object.defineProperty(globalThis, "WebSocket", { value: MockPeerServerSocket, configurable: true, writable: true });

let peerIds = 0;
async function newPeerJs(): Promise<Peer> {
  const peer = new Peer(`bench${++peerIds}x${Math.random().toString(36).slice(2)}`, {
    host: "peerserver.invalid", port: 9, path: "/", secure: false, debug: 0, config: CONFIG,
  });
  await within(new Promise<void>((resolve) => peer.on("open", () => resolve())), "PeerJS open");
  return peer;
}

/** Connects two PeerJS peers; resolves with both DataConnections open. */
function connectPeerJs(a: Peer, b: Peer, reliable: boolean): { ready: () => boolean; conns: () => [DataConnection, DataConnection | null] } {
  let openA = false;
  let openB = false;
  let remote: DataConnection | null = null;
  b.once("connection", (connection) => {
    remote = connection;
    connection.on("open", () => (openB = true));
  });
  const conn = a.connect(b.id, { serialization: "raw", reliable });
  conn.on("open", () => (openA = true));
  return { ready: () => openA && openB, conns: () => [conn, remote] };
}

function peerJsEnd(connection: DataConnection): End {
  const end: End = { channel: connection.dataChannel, send: (bytes) => void connection.send(bytes), handler: null };
  connection.on("data", (data) => end.handler?.((data as ArrayBuffer).byteLength));
  return end;
}

// ---------------------------------------------------------------------------------------------------------
// The long-lived pairs for throughput and round trips: a reliable ordered channel and an unordered
// maxRetransmits: 0 channel per contender (PeerJS cannot make the latter; see pairs()).
const pairs: Partial<Record<"raw" | "lib" | "peerjs", { reliable: Pair; unreliable: Pair }>> = {};

async function rawPair(): Promise<{ reliable: Pair; unreliable: Pair; close: () => void }> {
  const a = new RTCPeerConnection(CONFIG);
  const b = new RTCPeerConnection(CONFIG);
  const channels = [a, b].map((pc) => [
    pc.createDataChannel("reliable", { negotiated: true, id: 0 }),
    pc.createDataChannel("unreliable", { negotiated: true, id: 1, ordered: false, maxRetransmits: 0 }),
  ]);
  signalRaw(a, b);
  await spin(() => channels.flat().every((channel) => channel.readyState === "open"), "raw channels open");
  const [[ar, au], [br, bu]] = channels as [[RTCDataChannel, RTCDataChannel], [RTCDataChannel, RTCDataChannel]];
  return {
    reliable: { a: rawEnd(ar), b: rawEnd(br) },
    unreliable: { a: rawEnd(au), b: rawEnd(bu) },
    close: () => [a, b].forEach((pc) => pc.close()),
  };
}

async function libPair(): Promise<{ reliable: Pair; unreliable: Pair; close: () => void }> {
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

async function peerJsPair(): Promise<{ reliable: Pair; unreliable: Pair; close: () => void }> {
  const a = await newPeerJs();
  const b = await newPeerJs();
  const made: Pair[] = [];
  // PeerJS's `reliable: false` gives an unordered but fully reliable channel (no maxRetransmits option).
  for (const reliable of [true, false]) {
    const link = connectPeerJs(a, b, reliable);
    await spin(link.ready, "PeerJS connection open");
    const [ca, cb] = link.conns();
    made.push({ a: peerJsEnd(ca), b: peerJsEnd(cb!) });
  }
  return { reliable: made[0]!, unreliable: made[1]!, close: () => [a, b].forEach((peer) => peer.destroy()) };
}

function pairFor(kind: Kind, reliable: boolean): Pair {
  const set = pairs[kind === "libFrame" ? "lib" : kind];
  if (!set) throw new Error(`no pair for ${kind}; call bench.init() first`);
  libMode = kind === "libFrame" ? "frame" : "task";
  return reliable ? set.reliable : set.unreliable;
}

// ---------------------------------------------------------------------------------------------------------
// Measurements.

/** Sends `count` copies of `bytes` as fast as backpressure allows (the same pump for every contender). */
function pump(end: End, bytes: Uint8Array, count: number): Promise<void> {
  const channel = end.channel;
  channel.bufferedAmountLowThreshold = LOW;
  let sent = 0;
  return new Promise((resolve) => {
    const go = (): void => {
      while (sent < count) {
        if (channel.bufferedAmount > HIGH) {
          channel.addEventListener("bufferedamountlow", go, { once: true });
          return;
        }
        end.send(bytes);
        sent++;
      }
      resolve();
    };
    go();
  });
}

/** One throughput turn: `count` messages of `size` bytes from a to b; time from the first send to the last arrival. */
async function throughput(kind: Kind, reliable: boolean, size: number, count: number) {
  const { a, b } = pairFor(kind, reliable);
  const bytes = new Uint8Array(size).fill(7);
  let received = 0;
  let receivedBytes = 0;
  let last = 0;
  let finished = (): void => {};
  const all = new Promise<void>((resolve) => (finished = resolve));
  b.handler = (length) => {
    received++;
    receivedBytes += length;
    last = performance.now();
    if (received === count) finished();
  };
  const errorsBefore = libErrors;
  const start = performance.now();
  try {
    await within(pump(a, bytes, count), `${kind} send`);
    if (reliable) {
      await within(all, `${kind}: all ${count} messages of ${size} B (got ${received})`);
    } else {
      // Unreliable: whatever has not arrived 300 ms after the send buffer emptied is lost.
      let quietSince = performance.now();
      let seen = -1;
      while (received < count) {
        if (received !== seen || a.channel.bufferedAmount > 0) {
          seen = received;
          quietSince = performance.now();
        } else if (performance.now() - quietSince > 300) break;
        await sleep(10);
      }
    }
  } finally {
    b.handler = null;
  }
  const ms = last - start;
  return { ms, sent: count, received, bytes: receivedBytes, lost: count - received, errors: libErrors - errorsBefore };
}

/** Ping-pong round trips of 64-byte messages on the reliable channel, in milliseconds. */
async function pingPong(kind: Kind, rounds: number): Promise<number[]> {
  const { a, b } = pairFor(kind, true);
  const ping = new Uint8Array(64);
  const samples: number[] = [];
  let sentAt = 0;
  const done = new Promise<void>((resolve) => {
    b.handler = () => b.send(ping);
    a.handler = () => {
      samples.push(performance.now() - sentAt);
      if (samples.length === rounds) return resolve();
      sentAt = performance.now();
      a.send(ping);
    };
  });
  sentAt = performance.now();
  a.send(ping);
  try {
    await within(done, `${kind} ping-pong`);
  } finally {
    a.handler = b.handler = null;
  }
  return samples;
}

/** A fresh pair from `create_offer()` (createOffer for raw, connect for PeerJS) to the channel open on both sides, in ms. */
async function setupTime(kind: Kind): Promise<number> {
  if (kind === "raw") {
    const a = new RTCPeerConnection(CONFIG);
    const b = new RTCPeerConnection(CONFIG);
    const local = a.createDataChannel("setup");
    let remote: RTCDataChannel | null = null;
    b.ondatachannel = ({ channel }) => (remote = channel);
    const start = performance.now();
    signalRaw(a, b);
    const end = await spin(() => local.readyState === "open" && remote?.readyState === "open", "raw setup");
    a.close();
    b.close();
    return end - start;
  }
  if (kind === "lib") {
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
  if (kind === "peerjs") {
    const a = await newPeerJs();
    const b = await newPeerJs();
    const start = performance.now();
    const link = connectPeerJs(a, b, true);
    const end = await spin(link.ready, "PeerJS setup");
    a.destroy();
    b.destroy();
    return end - start;
  }
  throw new Error(`no setup measurement for ${kind}`);
}

/** `poll()` cost in nanoseconds: with nothing queued (averaged over many calls), or per call with `queued` events. */
function pollCost(queued: number, rounds: number): number[] {
  const peer = new WebRTCPeerConnection();
  peer.initialize(CONFIG);
  peer.ice_candidate_created.connect(() => {});
  const enqueue = (peer as unknown as { enqueue(name: string, ...args: unknown[]): void }).enqueue.bind(peer);
  const samples: number[] = [];
  for (let round = 0; round < rounds; round++) {
    if (queued === 0) {
      const calls = 1_000_000;
      const start = performance.now();
      for (let i = 0; i < calls; i++) peer.poll();
      samples.push(((performance.now() - start) / calls) * 1e6);
    } else {
      for (let i = 0; i < queued; i++) enqueue("ice_candidate_created", "0", 0, "candidate:1 1 udp 2122260223 10.0.0.1 54321 typ host");
      const start = performance.now();
      peer.poll();
      samples.push((performance.now() - start) * 1e6);
    }
  }
  peer.close();
  return samples;
}

/** Open connections (one channel each, open on both sides) kept alive for a heap measurement; `release()` closes them. */
const held: (() => void)[] = [];
let memoryPeers: [Peer, Peer] | null = null;
async function hold(kind: "raw" | "lib" | "peerjs", count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    if (kind === "raw") {
      const a = new RTCPeerConnection(CONFIG);
      const b = new RTCPeerConnection(CONFIG);
      const channels = [a, b].map((pc) => pc.createDataChannel("held", { negotiated: true, id: 0 }));
      signalRaw(a, b);
      await spin(() => channels.every((channel) => channel.readyState === "open"), "raw held pair");
      held.push(() => [a, b].forEach((pc) => pc.close()));
    } else if (kind === "lib") {
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
      held.push(() => peers.forEach((peer) => peer.close()));
    } else {
      // The two Peer objects (a game has one) are made once, outside the measured heap delta.
      const [a, b] = memoryPeers ??= [await newPeerJs(), await newPeerJs()];
      const link = connectPeerJs(a, b, true);
      await spin(link.ready, "PeerJS held connection");
      const [local, remote] = link.conns();
      held.push(() => [local, remote].forEach((connection) => connection?.close()));
    }
  }
}

/** Makes the two PeerJS Peer objects the memory measurement reuses (before its first heap reading). */
async function prepareMemory(): Promise<void> {
  memoryPeers ??= [await newPeerJs(), await newPeerJs()];
}

function release(): void {
  for (const close of held.splice(0)) close();
}

async function init(): Promise<void> {
  pairs.raw = await rawPair();
  pairs.lib = await libPair();
  pairs.peerjs = await peerJsPair();
}

Object.assign(window, {
  bench: { init, throughput, pingPong, setupTime, pollCost, hold, release, prepareMemory, userAgent: () => navigator.userAgent, isolated: () => crossOriginIsolated },
});
document.title = "ready";
