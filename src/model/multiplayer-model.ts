// The model behind multiplayer.model.test.ts: the random actions, and two WebRTCMultiplayerPeer mesh members over
// the FakeNetwork that run them and record every invariant they see broken.
import fc from "fast-check";
import { expect } from "vitest";
import { GodotError } from "../godot/godot-error";
import { WebRTCMultiplayerPeer } from "../multiplayer/webrtc-multiplayer-peer";
import { WebRTCPeerConnection } from "../peer-connection/webrtc-peer-connection";
import { FakeNetwork } from "../test-support/fake-network";
import { FakeRTCPeerConnection } from "../test-support/fake-rtc";
import { flush, SignalingRelay } from "../test-support/signaling-relay";

export const RUNS = 200;
export const MAX_STEPS = 40;
const IDS = [1, 2] as const;
/** Ids the model may touch: the two members, a stray peer that never connects, and one never added. */
const PROBE_IDS = [1, 2, 3, 4];

type Side = 0 | 1;
const side = fc.constantFrom<Side>(0, 1);
const action = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("link" as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("stray" as const), side }) },
  { weight: 12, arbitrary: fc.record({ kind: fc.constant("pump" as const) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("poll" as const), side }) },
  { weight: 8, arbitrary: fc.record({ kind: fc.constant("put" as const), side, mode: fc.constantFrom(0, 1, 2, 2, 2), target: fc.constantFrom(0, 0, 1, 2, -1, -2, 3) }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("get" as const), side }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("remove" as const), side, id: fc.constantFrom(...PROBE_IDS) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("disconnect" as const), side, id: fc.constantFrom(...PROBE_IDS), force: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("close" as const), side }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("create" as const), side }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("fail" as const), index: fc.nat(20), state: fc.constantFrom("failed", "disconnected", "closed") }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("remoteCloseChannel" as const), index: fc.nat(20), channel: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("propagate" as const) }) },
);
export type Action = typeof action extends fc.Arbitrary<infer A> ? A : never;

// Three runs in four start with a correct link, so the random tail mostly works on connected members.
export const steps = fc.tuple(fc.nat(3).map((n) => n > 0), fc.array(action, { maxLength: MAX_STEPS, size: "max" }))
  .map(([link, tail]) => (link ? [{ kind: "link" } as Action, ...Array.from({ length: 8 }, (): Action => ({ kind: "pump" })), ...tail] : tail).slice(0, MAX_STEPS));

export const figures = { sentReliable: 0, read: 0, runs: 0, steps: 0, connectedRuns: 0, peerConnected: 0, peerDisconnected: 0, packetsChecked: 0 };
const MARK = 0x6d;

interface Member {
  readonly mp: WebRTCMultiplayerPeer;
  readonly id: number;
  /** Ids announced by peer_connected and not yet by peer_disconnected, in this session (create_* to close). */
  readonly announced: Set<number>;
  /** False between close() and the next create_*: nothing may be emitted then. */
  active: boolean;
}

export class MultiplayerModel {
  readonly network = new FakeNetwork();
  readonly relay = new SignalingRelay();
  readonly members: [Member, Member];
  readonly violations: string[] = [];
  polling: WebRTCMultiplayerPeer | null = null;
  connected = false;
  readonly #nextSeq = [0, 0];
  readonly #expected = [0, 0];

  constructor() {
    this.members = IDS.map((id) => {
      const mp = new WebRTCMultiplayerPeer();
      expect(mp.create_mesh(id)).toBe(GodotError.OK);
      const member: Member = { mp, id, announced: new Set(), active: true };
      mp.peer_connected.connect((peer) => this.#signal(member, "peer_connected", peer));
      mp.peer_disconnected.connect((peer) => this.#signal(member, "peer_disconnected", peer));
      return member;
    }) as [Member, Member];
  }

  #signal(member: Member, name: string, peer: number): void {
    if (this.polling !== member.mp) this.violations.push(`${name}(${peer}) emitted outside member ${member.id}'s poll()`);
    if (!member.active) this.violations.push(`${name}(${peer}) emitted after close() on member ${member.id}`);
    if (name === "peer_connected") {
      figures.peerConnected++;
      if (member.announced.has(peer)) this.violations.push(`member ${member.id}: peer_connected(${peer}) twice without peer_disconnected`);
      member.announced.add(peer);
    } else {
      figures.peerDisconnected++;
      if (!member.announced.delete(peer)) this.violations.push(`member ${member.id}: peer_disconnected(${peer}) without peer_connected`);
    }
  }

  async run(step: Action): Promise<void> {
    const member = "side" in step ? this.members[step.side] : null;
    const mp = member?.mp;
    switch (step.kind) {
      case "link": {
        // Both members add each other on new connections (replacing any earlier ones); the higher id offers.
        const [a, b] = [new WebRTCPeerConnection(), new WebRTCPeerConnection()];
        this.relay.wireBoth(a, b);
        const added = [this.members[0].mp.add_peer(a, 2), this.members[1].mp.add_peer(b, 1)];
        for (const [i, code] of added.entries()) {
          const expected = this.members[i]!.active ? GodotError.OK : GodotError.ERR_UNCONFIGURED;
          if (code !== expected) this.violations.push(`add_peer on member ${i + 1} returned ${code}, expected ${expected}`);
        }
        b.create_offer();
        break;
      }
      case "stray":
        mp!.add_peer(new WebRTCPeerConnection(), 3);
        break;
      case "pump":
        this.network.settleCalls();
        await flush();
        for (const m of this.members) this.#poll(m);
        this.relay.deliver();
        this.network.connectReady();
        this.network.deliver();
        break;
      case "poll":
        this.#poll(member!);
        break;
      case "put": {
        mp!.set_transfer_mode(step.mode as 0 | 1 | 2);
        expect(mp!.set_target_peer(step.target)).toBe(GodotError.OK);
        const packet = new Uint8Array(6);
        packet[0] = MARK;
        packet[1] = step.mode;
        const seq = this.#nextSeq[step.side]!;
        new DataView(packet.buffer).setUint32(2, seq);
        const code = mp!.put_packet(packet);
        if (step.mode === 2 && code === GodotError.OK) (this.#nextSeq[step.side] = seq + 1, figures.sentReliable++);
        if (!Object.values(GodotError).includes(code)) this.violations.push(`put_packet returned ${String(code)}`);
        if (!member!.active && code !== GodotError.ERR_UNCONFIGURED) this.violations.push(`put_packet on a closed member returned ${code}`);
        break;
      }
      case "get":
        this.#read(member!, step.side);
        break;
      case "remove":
        mp!.remove_peer(step.id);
        if (mp!.has_peer(step.id)) this.violations.push(`peer ${step.id} still there after remove_peer`);
        break;
      case "disconnect":
        // With force the peer goes at once and, as in Godot, no peer_disconnected follows (documented).
        // (A replaced entry's queued peer_disconnected still comes: only the current entry's pairing ends here.)
        if (step.force && mp!.has_peer(step.id) && mp!.get_peer(step.id).connected === true) member!.announced.delete(step.id);
        mp!.disconnect_peer(step.id, step.force);
        if (step.force && mp!.has_peer(step.id)) this.violations.push(`peer ${step.id} still there after disconnect_peer(force)`);
        break;
      case "close":
        mp!.close();
        member!.active = false;
        member!.announced.clear(); // close() emits no peer_disconnected, as in Godot
        if (mp!.get_connection_status() !== WebRTCMultiplayerPeer.CONNECTION_DISCONNECTED) this.violations.push("close() left the status connected");
        if (Object.keys(mp!.get_peers()).length !== 0) this.violations.push("close() left peers");
        break;
      case "create":
        if (member!.active) break;
        expect(mp!.create_mesh(member!.id)).toBe(GodotError.OK);
        member!.active = true;
        break;
      case "fail": {
        const fake = FakeRTCPeerConnection.instances[step.index];
        if (fake !== undefined && !fake.closed) fake.setStates({ connectionState: step.state });
        break;
      }
      case "remoteCloseChannel": {
        const fake = FakeRTCPeerConnection.instances[step.index]?.channels[step.channel];
        if (fake !== undefined) this.network.closeChannel(fake);
        break;
      }
      case "propagate":
        this.network.propagateCloses();
        break;
    }
    this.check(step.kind === "pump" || step.kind === "poll" ? step : null);
  }

  /** Invariants after every step; `polled` adds those that hold right after a poll(). */
  check(polled: Action | null): void {
    for (const member of this.members) {
      const { mp, id } = member;
      const status = mp.get_connection_status();
      if (![0, 1, 2].includes(status)) this.violations.push(`member ${id}: status ${String(status)}`);
      const keys = Object.keys(mp.get_peers()).map(Number).sort();
      const present = PROBE_IDS.filter((probe) => mp.has_peer(probe));
      if (JSON.stringify(keys) !== JSON.stringify(present)) this.violations.push(`member ${id}: get_peers() has [${keys}] but has_peer says [${present}]`);
      const polledHere = polled !== null && (polled.kind === "pump" || ("side" in polled && this.members[polled.side] === member));
      if (polledHere) {
        const marked = PROBE_IDS.filter((probe) => mp.has_peer(probe) && mp.get_peer(probe).connected === true);
        const announced = [...member.announced].sort();
        if (JSON.stringify(marked) !== JSON.stringify(announced)) this.violations.push(`member ${id}: after poll() peers [${marked}] are connected but [${announced}] were announced`);
      }
      if (member.announced.size > 0) this.connected = true;
    }
  }

  #poll(member: Member): void {
    this.polling = member.mp;
    try {
      expect(member.mp.poll()).toBe(GodotError.OK);
    } finally {
      this.polling = null;
    }
  }

  #read(member: Member, s: Side): void {
    const { mp } = member;
    const count = mp.get_available_packet_count();
    for (let i = 0; i < count; i++) {
      const from = mp.get_packet_peer();
      const packet = mp.get_packet();
      if (mp.get_packet_error() !== GodotError.OK || packet.length === 0) {
        this.violations.push(`member ${member.id}: get_available_packet_count() said ${count} but packet ${i} was missing`);
        return;
      }
      figures.read++;
      if (packet.length !== 6 || packet[0] !== MARK || packet[1] !== 2) continue;
      // Reliable packets from the other member: once each, in order (a gap only where a connection was dropped).
      const seq = new DataView(packet.buffer, packet.byteOffset).getUint32(2);
      figures.packetsChecked++;
      if (from !== IDS[1 - s]) this.violations.push(`member ${member.id}: a packet from peer ${from}`);
      if (seq < this.#expected[s]!) this.violations.push(`member ${member.id}: reliable #${seq} after #${this.#expected[s]! - 1} (duplicate or reordered)`);
      this.#expected[s] = seq + 1;
    }
    if (mp.get_available_packet_count() !== 0) this.violations.push(`member ${member.id}: packets left after reading the announced count`);
  }
}
