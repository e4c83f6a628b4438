// PeerJS without a network: a PeerServer stand-in behind the WebSocket PeerJS opens. It answers OPEN and relays
// OFFER / ANSWER / CANDIDATE to the peer named in `dst`, in a microtask (as close to a direct call as raw gets).
import { Peer, type DataConnection } from "peerjs";
import { CONFIG, spin, within, type Contender, type End, type Pair, type Pairs } from "./common";

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

/** Connects two PeerJS peers; `ready()` says when both DataConnections are open. */
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

async function pairs(): Promise<Pairs> {
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

async function setupTime(): Promise<number> {
  const a = await newPeerJs();
  const b = await newPeerJs();
  const start = performance.now();
  const link = connectPeerJs(a, b, true);
  const end = await spin(link.ready, "PeerJS setup");
  a.destroy();
  b.destroy();
  return end - start;
}

// The two Peer objects (a game has one) are made once, outside the measured heap delta.
let memoryPeers: [Peer, Peer] | null = null;

async function prepareMemory(): Promise<void> {
  memoryPeers ??= [await newPeerJs(), await newPeerJs()];
}

async function hold(): Promise<() => void> {
  await prepareMemory();
  const [a, b] = memoryPeers!;
  const link = connectPeerJs(a, b, true);
  await spin(link.ready, "PeerJS held connection");
  const [local, remote] = link.conns();
  return () => [local, remote].forEach((connection) => connection?.close());
}

/** PeerJS 1.5 with `serialization: "raw"`. */
export const peerjs: Contender = { pairs, setupTime, hold, prepareMemory };
