// The game's side of signaling for unit tests: offers, answers and candidates one WebRTCPeerConnection emits
// are queued for the other, and delivered when the test says so. With a FakeNetwork underneath, `connectPair`
// runs Godot's whole flow (initialize, channels, offer, answer, candidates) and returns once both are connected.
import { WebRTCDataChannel } from "../data-channel/webrtc-data-channel";
import { GodotError } from "../godot/godot-error";
import { WebRTCMultiplayerPeer } from "../multiplayer/webrtc-multiplayer-peer";
import { WebRTCPeerConnection } from "../peer-connection/webrtc-peer-connection";
import type { FakeNetwork } from "./fake-network";

/** Lets every queued promise callback run (setImmediate: after the microtasks, without a timer's 1 ms floor). */
export function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A message for one peer: a description or a candidate the other produced. */
export interface Relayed {
  readonly to: WebRTCPeerConnection;
  readonly kind: "description" | "candidate";
  readonly args: readonly [string, string] | readonly [string, number, string];
}

/** Relays signaling between wired peers, in order, when `deliver()` is called. */
export class SignalingRelay {
  /** Messages not delivered yet, oldest first. */
  readonly queue: Relayed[] = [];

  /** Makes `from`'s descriptions (applied locally first, as Godot's demo does) and candidates go to `to`. */
  wire(from: WebRTCPeerConnection, to: WebRTCPeerConnection): void {
    from.session_description_created.connect((type, sdp) => {
      from.set_local_description(type, sdp);
      this.queue.push({ to, kind: "description", args: [type, sdp] });
    });
    from.ice_candidate_created.connect((media, index, name) => this.queue.push({ to, kind: "candidate", args: [media, index, name] }));
  }

  /** Wires `a` and `b` both ways. */
  wireBoth(a: WebRTCPeerConnection, b: WebRTCPeerConnection): void {
    this.wire(a, b);
    this.wire(b, a);
  }

  /** Delivers up to `count` queued messages; returns the codes the receiving calls returned. */
  deliver(count = Infinity): GodotError[] {
    const codes: GodotError[] = [];
    while (codes.length < count && this.queue.length > 0) {
      const { to, kind, args } = this.queue.shift()!;
      codes.push(kind === "description"
        ? to.set_remote_description(args[0], args[1] as string)
        : to.add_ice_candidate(args[0], args[1] as number, args[2] as string));
    }
    return codes;
  }
}

/** One round of everything happening: browser calls settle, signals go out, signaling and messages arrive. */
export async function pumpOnce(network: FakeNetwork, relay: SignalingRelay, poll: () => void): Promise<void> {
  network.settleCalls();
  await flush();
  poll();
  relay.deliver();
  network.connectReady();
  network.deliver();
  network.propagateCloses();
}

/** Pumps until `done()`, failing with `what` after `rounds` rounds (each round is a macrotask, not a sleep). */
export async function pumpUntil(network: FakeNetwork, relay: SignalingRelay, poll: () => void, done: () => boolean, what: string, rounds = 40): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    if (done()) return;
    await pumpOnce(network, relay, poll);
  }
  if (!done()) throw new Error(`not reached after ${rounds} rounds: ${what}`);
}

/**
 * Wires `a` and `b` as a signaling server would, with no delay: each one's descriptions are applied locally and
 * remotely, its candidates added on the other side, as they come out of `poll()` (for real WebRTC stacks).
 */
export function linkDirectly(a: WebRTCPeerConnection, b: WebRTCPeerConnection): void {
  for (const [from, to] of [[a, b], [b, a]] as const) {
    from.session_description_created.connect((type, sdp) => {
      from.set_local_description(type, sdp);
      to.set_remote_description(type, sdp);
    });
    from.ice_candidate_created.connect((media, index, name) => to.add_ice_candidate(media, index, name));
  }
}

const relays = new WeakMap<WebRTCPeerConnection, SignalingRelay>();

/** The relay `connectPair` wired `peer` with (to pump a renegotiation afterwards); throws if there is none. */
export function relayOf(peer: WebRTCPeerConnection): SignalingRelay {
  const relay = relays.get(peer);
  if (relay === undefined) throw new Error("this peer was not connected with connectPair()");
  return relay;
}

/**
 * Godot's flow on `a` (offerer) and `b`: initialize both, a negotiated channel id 1 on each, offer, answer and
 * candidates through a new relay; returns once both are connected with the channels open.
 */
export async function connectPair(network: FakeNetwork, a: WebRTCPeerConnection, b: WebRTCPeerConnection): Promise<[WebRTCDataChannel, WebRTCDataChannel]> {
  // Signal connections outlive initialize(): wire a pair once, then reuse its relay.
  let relay = relays.get(a);
  if (relay === undefined || relays.get(b) !== relay) {
    relay = new SignalingRelay();
    relay.wireBoth(a, b);
    relays.set(a, relay);
    relays.set(b, relay);
  }
  relay.queue.length = 0;
  const made: WebRTCDataChannel[] = [];
  for (const peer of [a, b]) {
    if (peer.initialize({ iceServers: [] }) !== GodotError.OK) throw new Error("initialize() did not return OK");
    const channel = peer.create_data_channel("check", { negotiated: true, id: 1 });
    if (!(channel instanceof WebRTCDataChannel)) throw new Error("create_data_channel() did not return a channel");
    made.push(channel);
  }
  if (a.create_offer() !== GodotError.OK) throw new Error("create_offer() did not return OK");
  const [ca, cb] = made as [WebRTCDataChannel, WebRTCDataChannel];
  const connected = (): boolean =>
    a.get_connection_state() === WebRTCPeerConnection.STATE_CONNECTED && b.get_connection_state() === WebRTCPeerConnection.STATE_CONNECTED &&
    ca.get_ready_state() === WebRTCDataChannel.STATE_OPEN && cb.get_ready_state() === WebRTCDataChannel.STATE_OPEN;
  await pumpUntil(network, relay, () => (a.poll(), b.poll()), connected, "both peers connected with the channel open");
  return [ca, cb];
}

/** Sends one packet each way over a connected pair of channels and checks it arrives intact. */
export function exchange(network: FakeNetwork, x: WebRTCDataChannel, y: WebRTCDataChannel): void {
  for (const [from, to, text] of [[x, y, "ping"], [y, x, "pong"]] as const) {
    const code = from.put_packet(new TextEncoder().encode(text));
    if (code !== GodotError.OK) throw new Error(`put_packet returned ${code}`);
    network.deliver();
    const got = new TextDecoder().decode(to.get_packet());
    if (got !== text || to.get_packet_error() !== GodotError.OK) throw new Error(`expected "${text}", got "${got}"`);
  }
}

/**
 * Two multiplayer peers `a` (id `idA`) and `b` (id `idB`), already made with `create_*`, connected through one
 * WebRTCPeerConnection each way as Godot's demo does (the higher id offers); returns once both emitted
 * `peer_connected`, polled through their own `poll()`.
 */
export async function connectMultiplayer(network: FakeNetwork, a: WebRTCMultiplayerPeer, idA: number, b: WebRTCMultiplayerPeer, idB: number): Promise<void> {
  const relay = new SignalingRelay();
  const pa = new WebRTCPeerConnection();
  const pb = new WebRTCPeerConnection();
  for (const peer of [pa, pb]) if (peer.initialize({ iceServers: [] }) !== GodotError.OK) throw new Error("initialize() did not return OK");
  relay.wireBoth(pa, pb);
  if (a.add_peer(pa, idB) !== GodotError.OK || b.add_peer(pb, idA) !== GodotError.OK) throw new Error("add_peer() did not return OK");
  if ((idA > idB ? pa : pb).create_offer() !== GodotError.OK) throw new Error("create_offer() did not return OK");
  const connected = (): boolean => a.get_peer(idB).connected === true && b.get_peer(idA).connected === true;
  await pumpUntil(network, relay, () => (a.poll(), b.poll()), connected, "both multiplayer peers connected");
}

/** Sends one reliable packet each way between connected multiplayer peers and checks it arrives from the right peer. */
export function exchangeMultiplayer(network: FakeNetwork, a: WebRTCMultiplayerPeer, idA: number, b: WebRTCMultiplayerPeer, idB: number): void {
  for (const [from, to, fromId, byte] of [[a, b, idA, 7], [b, a, idB, 9]] as const) {
    from.set_target_peer(0);
    from.set_transfer_mode(WebRTCMultiplayerPeer.TRANSFER_MODE_RELIABLE);
    const code = from.put_packet(new Uint8Array([byte]));
    if (code !== GodotError.OK) throw new Error(`multiplayer put_packet returned ${code}`);
    network.deliver();
    to.poll();
    if (to.get_packet_peer() !== fromId) throw new Error(`the next packet should come from ${fromId}, not ${to.get_packet_peer()}`);
    const packet = to.get_packet();
    if (packet.length !== 1 || packet[0] !== byte) throw new Error(`expected [${byte}], got [${[...packet].join(", ")}]`);
  }
}
