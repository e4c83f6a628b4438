// The model behind peer-pair.model.test.ts: a pair of WebRTCPeerConnections over the FakeNetwork that runs the
// actions of pair-actions.ts and records every invariant it sees broken.
import { expect } from "vitest";
import { WebRTCDataChannel } from "../data-channel/webrtc-data-channel";
import { GodotError } from "../godot/godot-error";
import { WebRTCPeerConnection } from "../peer-connection/webrtc-peer-connection";
import { FakeNetwork } from "../test-support/fake-network";
import { FakeRTCPeerConnection } from "../test-support/fake-rtc";
import { flush, SignalingRelay } from "../test-support/signaling-relay";
import type { Action, Side } from "./pair-actions";

interface Peer {
  readonly api: WebRTCPeerConnection;
  channels: WebRTCDataChannel[];
  closed: boolean;
  /** Channels of closed incarnations, with the packet count they may not exceed any more. */
  readonly frozen: Map<WebRTCDataChannel, number>;
  /** Fakes this side built, and how many messages each had sent when it was closed. */
  readonly fakes: FakeRTCPeerConnection[];
  readonly sentAtClose: Map<FakeRTCPeerConnection, number>;
}

export const figures = { runs: 0, steps: 0, connectedRuns: 0, packetsChecked: 0, operationFailed: 0, received: 0 };
const MARK = 0x4d;

/** A test run: two peers, the network, the relay, and the record of violations. */
export class PairModel {
  readonly network = new FakeNetwork();
  readonly relay = new SignalingRelay();
  readonly peers: [Peer, Peer];
  readonly violations: string[] = [];
  polling: Side | null = null;
  /** Next sequence number per sending channel, and next expected per sending channel at the receiver. */
  readonly #nextSeq = new Map<number, number>();
  readonly #expected = new Map<number, number>();
  readonly #channelKey = new Map<WebRTCDataChannel, number>();
  connected = false;

  constructor() {
    const make = (): Peer => ({ api: new WebRTCPeerConnection(), channels: [], closed: false, frozen: new Map(), fakes: [], sentAtClose: new Map() });
    this.peers = [make(), make()];
    this.relay.wireBoth(this.peers[0].api, this.peers[1].api);
    for (const s of [0, 1] as const) {
      const peer = this.peers[s];
      const watch = (name: string) => (): void => {
        if (this.polling !== s) this.violations.push(`${name} emitted outside peer ${s}'s poll()`);
        if (peer.closed) this.violations.push(`${name} emitted after close() on peer ${s}`);
      };
      peer.api.session_description_created.connect(watch("session_description_created"));
      peer.api.ice_candidate_created.connect(watch("ice_candidate_created"));
      peer.api.operation_failed.connect(() => (watch("operation_failed")(), figures.operationFailed++));
      peer.api.data_channel_received.connect((channel) => {
        watch("data_channel_received")();
        if (!(channel instanceof WebRTCDataChannel)) this.violations.push("data_channel_received without a WebRTCDataChannel");
        else peer.channels.push(channel);
      });
    }
  }

  async run(step: Action): Promise<void> {
    const before = FakeRTCPeerConnection.instances.length;
    const s = "side" in step ? step.side : null;
    const peer = s === null ? null : this.peers[s];
    switch (step.kind) {
      case "initialize":
        this.#retire(peer!, () => expect(peer!.api.initialize({ iceServers: [] })).toBe(GodotError.OK));
        peer!.closed = false;
        break;
      case "channel": {
        const made = peer!.api.create_data_channel(step.negotiated ? "rel" : "inband", step.negotiated ? { negotiated: true, id: 1 } : {});
        if (made !== null) peer!.channels.push(made);
        break;
      }
      case "offer":
        peer!.api.create_offer();
        break;
      case "poll":
        this.#poll(s!);
        break;
      case "signal":
        this.relay.deliver(step.count);
        break;
      case "browser":
        this.network.settleCalls();
        await flush();
        break;
      case "pump":
        this.network.settleCalls();
        await flush();
        this.#poll(0);
        this.#poll(1);
        this.relay.deliver();
        this.network.connectReady();
        this.network.deliver();
        break;
      case "send":
        for (const channel of peer!.channels) for (let i = 0; i < step.count; i++) this.#send(channel);
        break;
      case "deliver":
        this.network.deliver(step.count);
        break;
      case "read":
        for (const channel of peer!.channels) this.#read(channel);
        break;
      case "close":
        this.#retire(peer!, () => peer!.api.close());
        peer!.closed = true;
        break;
      case "closeChannel":
        peer!.channels[step.index]?.close();
        break;
      case "remoteCloseChannel": {
        const fake = peer!.fakes.at(-1)?.channels[step.index];
        if (fake !== undefined) this.network.closeChannel(fake);
        break;
      }
      case "propagate":
        this.network.propagateCloses();
        break;
      case "browserState": {
        const fake = peer!.fakes.at(-1);
        if (fake !== undefined && !fake.closed) fake.setStates({ [step.field]: step.value });
        break;
      }
      case "garbage": {
        const api = peer!.api;
        const code = {
          "remote offer junk": () => api.set_remote_description("offer", "v=0 junk"),
          "remote answer junk": () => api.set_remote_description("answer", "not sdp"),
          "local offer junk": () => api.set_local_description("offer", "v=0 junk"),
          "candidate junk": () => api.add_ice_candidate("0", 0, "candidate:junk"),
          "wrong index": () => api.add_ice_candidate("0", -1, "candidate:junk"),
          "remote rollback": () => api.set_remote_description("rollback", ""),
        }[step.which]();
        if (!Object.values(GodotError).includes(code)) this.violations.push(`${step.which} returned ${String(code)}, not a GodotError`);
        break;
      }
    }
    // Fakes built during this step belong to the side that acted (the connection is made on first need).
    if (peer !== null) peer.fakes.push(...FakeRTCPeerConnection.instances.slice(before));
    this.check();
  }

  /** The invariants that hold after every step. */
  check(): void {
    for (const s of [0, 1] as const) {
      const peer = this.peers[s];
      const { api } = peer;
      inRange(this.violations, `peer ${s} connection state`, api.get_connection_state(), 5);
      inRange(this.violations, `peer ${s} gathering state`, api.get_gathering_state(), 2);
      inRange(this.violations, `peer ${s} signaling state`, api.get_signaling_state(), 5);
      if (peer.closed && api.get_connection_state() !== WebRTCPeerConnection.STATE_CLOSED) this.violations.push(`peer ${s} closed but reads ${api.get_connection_state()}`);
      for (const channel of [...peer.channels, ...peer.frozen.keys()]) inRange(this.violations, `peer ${s} channel state`, channel.get_ready_state(), 3);
      for (const [channel, count] of peer.frozen) {
        if (channel.get_available_packet_count() > count) this.violations.push(`peer ${s}: a closed channel queued a message`);
        if (channel.get_ready_state() !== WebRTCDataChannel.STATE_CLOSED) this.violations.push(`peer ${s}: a channel of a closed connection reads ${channel.get_ready_state()}`);
      }
      for (const [fake, sent] of peer.sentAtClose) {
        if (fake.channels.reduce((n, c) => n + c.sent.length, 0) !== sent) this.violations.push(`peer ${s}: a closed connection sent a message`);
        if (fake.listenerCount() !== 0) this.violations.push(`peer ${s}: a closed connection kept ${fake.listenerCount()} browser listeners`);
      }
      if (api.get_connection_state() === WebRTCPeerConnection.STATE_CONNECTED) this.connected = true;
    }
  }

  #poll(s: Side): void {
    this.polling = s;
    try {
      expect(this.peers[s].api.poll()).toBe(GodotError.OK);
    } finally {
      this.polling = null;
    }
  }

  /** Closing or re-initializing a side: its channels stop queueing, and (once the call returned) its connections stop sending. */
  #retire(peer: Peer, call: () => void): void {
    for (const channel of peer.channels) peer.frozen.set(channel, channel.get_available_packet_count());
    peer.channels = [];
    call();
    for (const fake of peer.fakes) if (!peer.sentAtClose.has(fake)) peer.sentAtClose.set(fake, fake.channels.reduce((n, c) => n + c.sent.length, 0));
  }

  #key(channel: WebRTCDataChannel): number {
    let key = this.#channelKey.get(channel);
    if (key === undefined) this.#channelKey.set(channel, (key = this.#channelKey.size + 1));
    return key;
  }

  /** Sends the next sequence number of `channel` if it is a reliable one; only an `OK` send counts as sent. */
  #send(channel: WebRTCDataChannel): void {
    if (!channel.is_ordered() || channel.get_max_retransmits() !== 65535 || channel.get_max_packet_life_time() !== 65535) return;
    const key = this.#key(channel);
    const seq = this.#nextSeq.get(key) ?? 0;
    const packet = new Uint8Array(9);
    const view = new DataView(packet.buffer);
    packet[0] = MARK;
    view.setUint32(1, key);
    view.setUint32(5, seq);
    const code = channel.put_packet(packet);
    if (code === GodotError.OK) this.#nextSeq.set(key, seq + 1);
    else if (code !== GodotError.ERR_UNCONFIGURED && code !== GodotError.FAILED) this.violations.push(`put_packet returned ${code}`);
    if (code === GodotError.ERR_UNCONFIGURED && channel.get_ready_state() === WebRTCDataChannel.STATE_OPEN) this.violations.push("ERR_UNCONFIGURED on an open channel");
  }

  /** Reads everything `channel` says it holds, checking the count and the order of every reliable stream. */
  #read(channel: WebRTCDataChannel): void {
    const count = channel.get_available_packet_count();
    for (let i = 0; i < count; i++) {
      const packet = channel.get_packet();
      if (channel.get_packet_error() !== GodotError.OK || packet.length === 0) {
        this.violations.push(`get_available_packet_count() said ${count} but packet ${i} was missing`);
        return;
      }
      figures.received++;
      if (packet.length !== 9 || packet[0] !== MARK) continue;
      const view = new DataView(packet.buffer, packet.byteOffset, packet.byteLength);
      const key = view.getUint32(1);
      const seq = view.getUint32(5);
      const expected = this.#expected.get(key) ?? 0;
      figures.packetsChecked++;
      if (seq !== expected) this.violations.push(`stream ${key}: got #${seq}, expected #${expected} (duplicate, reordered or lost)`);
      this.#expected.set(key, seq + 1);
    }
    if (channel.get_available_packet_count() !== 0) this.violations.push("packets left after reading the announced count");
    if (channel.get_packet().length !== 0 || channel.get_packet_error() !== GodotError.ERR_UNAVAILABLE) this.violations.push("an extra get_packet() returned data");
  }
}

function inRange(violations: string[], what: string, value: unknown, max: number): void {
  if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > max) violations.push(`${what} is ${String(value)}, not a valid enum value`);
}
