import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { GodotError } from "../godot/godot-error";
import { WebRTCPeerConnection, type RTCPeerConnectionConstructor } from "../peer-connection/webrtc-peer-connection";
import { WebRTCMultiplayerPeer } from "./webrtc-multiplayer-peer";

// A minimal browser double, local to this file so these tests do not depend on the shared fake: the tests set
// connection and channel states by hand and inject messages.

/** A fake `RTCDataChannel`: records what is sent; `open()`, `receive()` and `close()` drive it. */
class FakeChannel extends EventTarget {
  readyState: RTCDataChannelState = "connecting";
  binaryType: BinaryType = "blob";
  bufferedAmount = 0;
  readonly sent: unknown[] = [];
  readonly id: number | null;
  readonly ordered: boolean;
  readonly negotiated: boolean;
  readonly maxPacketLifeTime: number | null;
  readonly maxRetransmits: number | null;
  readonly protocol: string;

  constructor(readonly label: string, init: RTCDataChannelInit) {
    super();
    this.id = init.id ?? null;
    this.ordered = init.ordered ?? true;
    this.negotiated = init.negotiated ?? false;
    this.maxPacketLifeTime = init.maxPacketLifeTime ?? null;
    this.maxRetransmits = init.maxRetransmits ?? null;
    this.protocol = init.protocol ?? "";
  }

  send(data: unknown): void {
    if (this.readyState !== "open") throw new DOMException("not open", "InvalidStateError");
    this.sent.push(data);
  }

  close(): void {
    this.readyState = "closed";
  }

  open(): void {
    this.readyState = "open";
  }

  receive(...bytes: number[]): void {
    this.dispatchEvent(Object.assign(new Event("message"), { data: Uint8Array.from(bytes).buffer }));
  }
}

/** A fake `RTCPeerConnection` whose states the tests set directly. */
class FakePC extends EventTarget {
  static instances: FakePC[] = [];
  connectionState: RTCPeerConnectionState = "new";
  iceConnectionState: RTCIceConnectionState = "new";
  iceGatheringState: RTCIceGatheringState = "new";
  signalingState: RTCSignalingState = "stable";
  remoteDescription: RTCSessionDescriptionInit | null = null;
  sctp = null;
  closed = false;
  readonly channels: FakeChannel[] = [];

  constructor() {
    super();
    FakePC.instances.push(this);
  }

  static get last(): FakePC {
    return FakePC.instances.at(-1)!;
  }

  createDataChannel(label: string, init: RTCDataChannelInit = {}): FakeChannel {
    const channel = new FakeChannel(label, init);
    this.channels.push(channel);
    return channel;
  }

  createOffer(): Promise<RTCSessionDescriptionInit> {
    return Promise.resolve({ type: "offer", sdp: "v=0" });
  }

  close(): void {
    this.closed = true;
    this.connectionState = "closed";
    for (const channel of this.channels) channel.close();
  }

  /** The connection and every channel are up. */
  connectAll(): void {
    this.connectionState = "connected";
    for (const channel of this.channels) channel.open();
  }

  channel(id: number): FakeChannel {
    return this.channels.find((channel) => channel.id === id)!;
  }
}

const { OK, FAILED, ERR_UNAVAILABLE, ERR_UNCONFIGURED, ERR_UNAUTHORIZED, ERR_INVALID_PARAMETER } = GodotError;
const MP = WebRTCMultiplayerPeer;
let error: ReturnType<typeof vi.spyOn>;

beforeEach(() => {
  FakePC.instances = [];
  WebRTCPeerConnection.set_default_extension(FakePC as unknown as RTCPeerConnectionConstructor);
  error = vi.spyOn(console, "error").mockImplementation(() => {});
  vi.spyOn(console, "warn").mockImplementation(() => {});
});
afterEach(() => {
  WebRTCPeerConnection.set_default_extension(null);
  vi.restoreAllMocks();
});

/** A multiplayer peer and the log of its signals (`+id` connected, `-id` disconnected). */
function multiplayer(): { mp: WebRTCMultiplayerPeer; events: string[] } {
  const mp = new WebRTCMultiplayerPeer();
  const events: string[] = [];
  mp.peer_connected.connect((id) => events.push(`+${id}`));
  mp.peer_disconnected.connect((id) => events.push(`-${id}`));
  return { mp, events };
}

/** A fresh connection in STATE_NEW and its fake browser connection. */
function connection(): { pc: WebRTCPeerConnection; fake: FakePC } {
  const pc = new WebRTCPeerConnection();
  pc.initialize({ iceServers: [] });
  return { pc, fake: FakePC.last };
}

/** Adds peer `id` to `mp` (which must accept it) and returns its connection and fake. */
function addPeer(mp: WebRTCMultiplayerPeer, id: number, lifetime?: number): { pc: WebRTCPeerConnection; fake: FakePC } {
  const peer = connection();
  expect(lifetime === undefined ? mp.add_peer(peer.pc, id) : mp.add_peer(peer.pc, id, lifetime)).toBe(OK);
  return peer;
}

/** Adds peer `id`, brings it up and polls once, so it is connected. */
function connectedPeer(mp: WebRTCMultiplayerPeer, id: number): FakePC {
  const { fake } = addPeer(mp, id);
  fake.connectAll();
  mp.poll();
  expect(mp.get_peer(id)).toMatchObject({ connected: true });
  return fake;
}

const bytes = (packet: Uint8Array): number[] => [...packet];

describe("K. creation", () => {
  it("a fresh peer is disconnected: get_unique_id() logs and returns 1; Godot's default properties", () => {
    const { mp } = multiplayer();
    expect(mp.get_connection_status()).toBe(MP.CONNECTION_DISCONNECTED);
    expect(mp.get_unique_id()).toBe(1);
    expect(error).toHaveBeenCalledWith(expect.stringContaining("get_unique_id"));
    expect(mp.transfer_mode).toBe(MP.TRANSFER_MODE_RELIABLE);
    expect(mp.get_transfer_mode()).toBe(2);
    expect(mp.transfer_channel).toBe(0);
    expect(mp.get_transfer_channel()).toBe(0);
    expect(mp.refuse_new_connections).toBe(false);
    expect(mp.is_refusing_new_connections()).toBe(false);
    expect(mp.is_server_relay_supported()).toBe(false);
    expect(mp.is_server()).toBe(false);
  });

  it("carries Godot's constants statically", () => {
    expect([MP.TRANSFER_MODE_UNRELIABLE, MP.TRANSFER_MODE_UNRELIABLE_ORDERED, MP.TRANSFER_MODE_RELIABLE]).toEqual([0, 1, 2]);
    expect([MP.CONNECTION_DISCONNECTED, MP.CONNECTION_CONNECTING, MP.CONNECTION_CONNECTED]).toEqual([0, 1, 2]);
    expect([MP.TARGET_PEER_BROADCAST, MP.TARGET_PEER_SERVER]).toEqual([0, 1]);
  });

  it("create_server(): id 1, connected, a server with relay", () => {
    const { mp } = multiplayer();
    expect(mp.create_server()).toBe(OK);
    expect(mp.get_unique_id()).toBe(1);
    expect(mp.get_connection_status()).toBe(MP.CONNECTION_CONNECTED);
    expect(mp.is_server()).toBe(true);
    expect(mp.is_server_relay_supported()).toBe(true);
  });

  it("create_client(): refuses ids 1, 0 and out of range; otherwise connecting with relay", () => {
    const { mp } = multiplayer();
    expect(mp.create_client(1)).toBe(ERR_INVALID_PARAMETER);
    expect(mp.create_client(0)).toBe(ERR_INVALID_PARAMETER);
    expect(mp.create_client(2147483648)).toBe(ERR_INVALID_PARAMETER);
    expect(mp.create_client(2.5)).toBe(ERR_INVALID_PARAMETER);
    expect(mp.get_connection_status()).toBe(MP.CONNECTION_DISCONNECTED);
    expect(mp.create_client(7)).toBe(OK);
    expect(mp.get_connection_status()).toBe(MP.CONNECTION_CONNECTING);
    expect(mp.get_unique_id()).toBe(7);
    expect(mp.is_server()).toBe(false);
    expect(mp.is_server_relay_supported()).toBe(true);
  });

  it("create_mesh(): id 1 allowed (and is_server), 0 and negatives refused; no relay", () => {
    const { mp } = multiplayer();
    expect(mp.create_mesh(0)).toBe(ERR_INVALID_PARAMETER);
    expect(mp.create_mesh(-5)).toBe(ERR_INVALID_PARAMETER);
    expect(mp.create_mesh(1)).toBe(OK);
    expect(mp.is_server()).toBe(true);
    expect(mp.is_server_relay_supported()).toBe(false);
    expect(mp.get_connection_status()).toBe(MP.CONNECTION_CONNECTED);
    expect(mp.create_mesh(2147483647)).toBe(OK);
    expect(mp.get_unique_id()).toBe(2147483647);
  });

  it("channels_config must hold only TransferMode values", () => {
    const { mp } = multiplayer();
    for (const bad of [[1.5], [3], ["x"], [-1], "0", null, [0, 1, 7]]) {
      expect(mp.create_mesh(2, bad as never)).toBe(ERR_INVALID_PARAMETER);
    }
    expect(mp.create_mesh(2, [0, 1, 2])).toBe(OK);
  });

  it("fixed quirk: a refused channels_config changes nothing (Godot keeps a half-rebuilt list)", () => {
    const { mp } = multiplayer();
    expect(mp.create_mesh(5, [0])).toBe(OK);
    expect(mp.create_mesh(6, [2, 9])).toBe(ERR_INVALID_PARAMETER);
    expect(mp.get_unique_id()).toBe(5);
    const { pc } = addPeer(mp, 2);
    expect((mp.get_peer(2) as { channels: unknown[] }).channels).toHaveLength(4);
    expect(pc).toBeDefined();
  });

  it("generate_unique_id() gives integers in 2…2147483647", () => {
    const { mp } = multiplayer();
    const ids = Array.from({ length: 1000 }, () => mp.generate_unique_id());
    expect(ids.every((id) => Number.isInteger(id) && id >= 2 && id <= 2147483647)).toBe(true);
    expect(new Set(ids).size).toBeGreaterThan(990);
  });

  it("setters check their argument; properties and set_/get_ methods agree", () => {
    const { mp } = multiplayer();
    mp.transfer_mode = MP.TRANSFER_MODE_UNRELIABLE;
    expect(mp.get_transfer_mode()).toBe(0);
    expect(mp.set_transfer_mode(3 as never)).toBe(ERR_INVALID_PARAMETER);
    expect(mp.transfer_mode).toBe(0);
    expect(mp.set_transfer_channel(2)).toBe(OK);
    expect(mp.transfer_channel).toBe(2);
    expect(mp.set_transfer_channel(-1)).toBe(ERR_INVALID_PARAMETER);
    expect(mp.set_transfer_channel(1.5)).toBe(ERR_INVALID_PARAMETER);
    expect(mp.get_transfer_channel()).toBe(2);
    mp.refuse_new_connections = true;
    expect(mp.is_refusing_new_connections()).toBe(true);
    expect(mp.set_refuse_new_connections("no" as never)).toBe(ERR_INVALID_PARAMETER);
    expect(mp.refuse_new_connections).toBe(true);
    expect(mp.set_target_peer(1.5)).toBe(ERR_INVALID_PARAMETER);
    expect(mp.set_target_peer(-3)).toBe(OK);
  });
});

describe("L. add_peer", () => {
  it("before create_* (and after close) returns ERR_UNCONFIGURED", () => {
    const { mp } = multiplayer();
    expect(mp.add_peer(connection().pc, 2)).toBe(ERR_UNCONFIGURED);
    mp.create_mesh(3);
    mp.close();
    expect(mp.add_peer(connection().pc, 2)).toBe(ERR_UNCONFIGURED);
  });

  it("client mode adds only the server (1); server mode never adds 1", () => {
    const client = multiplayer().mp;
    client.create_client(5);
    expect(client.add_peer(connection().pc, 2)).toBe(ERR_INVALID_PARAMETER);
    expect(client.add_peer(connection().pc, 1)).toBe(OK);
    const server = multiplayer().mp;
    server.create_server();
    expect(server.add_peer(connection().pc, 1)).toBe(ERR_INVALID_PARAMETER);
    expect(server.add_peer(connection().pc, 2)).toBe(OK);
  });

  it("refuses ids outside 1…2147483647 and lifetimes outside 0…65535; mesh accepts its own id", () => {
    const { mp } = multiplayer();
    mp.create_mesh(3);
    for (const id of [0, -1, 2147483648, 2.5, NaN, "2"]) expect(mp.add_peer(connection().pc, id as never)).toBe(ERR_INVALID_PARAMETER);
    for (const lifetime of [-1, 1.5, 65536, "1"]) expect(mp.add_peer(connection().pc, 2, lifetime as never)).toBe(ERR_INVALID_PARAMETER);
    expect(mp.add_peer(connection().pc, 3)).toBe(OK);
    expect(mp.add_peer(connection().pc, 4, 0)).toBe(OK);
  });

  it("refuse_new_connections gives ERR_UNAUTHORIZED, after the id checks and before the connection checks", () => {
    const { mp } = multiplayer();
    mp.create_mesh(3);
    mp.refuse_new_connections = true;
    expect(mp.add_peer(connection().pc, 2)).toBe(ERR_UNAUTHORIZED);
    expect(mp.add_peer(null as never, 2)).toBe(ERR_UNAUTHORIZED);
    expect(mp.add_peer(connection().pc, 0)).toBe(ERR_INVALID_PARAMETER);
    expect(mp.add_peer(connection().pc, 2, -1)).toBe(ERR_INVALID_PARAMETER);
    mp.refuse_new_connections = false;
    expect(mp.add_peer(connection().pc, 2)).toBe(OK);
  });

  it("refuses a missing connection, and one not in STATE_NEW (after create_offer, after close)", () => {
    const { mp } = multiplayer();
    mp.create_mesh(3);
    expect(mp.add_peer(null as never, 2)).toBe(ERR_INVALID_PARAMETER);
    expect(mp.add_peer({} as never, 2)).toBe(ERR_INVALID_PARAMETER);
    const offering = connection().pc;
    expect(offering.create_offer()).toBe(OK);
    expect(mp.add_peer(offering, 2)).toBe(ERR_INVALID_PARAMETER);
    const closed = connection().pc;
    closed.close();
    expect(mp.add_peer(closed, 2)).toBe(ERR_INVALID_PARAMETER);
    expect(mp.has_peer(2)).toBe(false);
  });

  it("creates the three negotiated channels; 'ordered' and 'unreliable' really are unreliable (maxPacketLifeTime)", () => {
    const { mp } = multiplayer();
    mp.create_mesh(3);
    const { fake } = addPeer(mp, 2);
    expect(fake.channels.map(({ label, id, negotiated, ordered, maxPacketLifeTime }) => ({ label, id, negotiated, ordered, maxPacketLifeTime }))).toEqual([
      { label: "reliable", id: 1, negotiated: true, ordered: true, maxPacketLifeTime: null },
      { label: "ordered", id: 2, negotiated: true, ordered: true, maxPacketLifeTime: 1 },
      { label: "unreliable", id: 3, negotiated: true, ordered: false, maxPacketLifeTime: 1 },
    ]);
    const channels = (mp.get_peer(2) as { channels: { get_max_packet_life_time(): number }[] }).channels;
    expect(channels.map((channel) => channel.get_max_packet_life_time())).toEqual([65535, 1, 1]);
  });

  it("passes unreliable_lifetime to the unreliable channels, the channels_config ones included", () => {
    const { mp } = multiplayer();
    mp.create_mesh(3, [2, 1, 0]);
    const { fake } = addPeer(mp, 2, 250);
    expect(fake.channels.map(({ label, id, ordered, maxPacketLifeTime }) => [label, id, ordered, maxPacketLifeTime])).toEqual([
      ["reliable", 1, true, null],
      ["ordered", 2, true, 250],
      ["unreliable", 3, false, 250],
      ["4", 4, true, null],
      ["5", 5, true, 250],
      ["6", 6, false, 250],
    ]);
  });

  it("returns FAILED when a channel cannot be created, closes those it made and does not add the peer", () => {
    const { mp } = multiplayer();
    mp.create_mesh(3);
    const { pc, fake } = connection();
    pc.create_data_channel("taken", { negotiated: true, id: 2 });
    expect(mp.add_peer(pc, 2)).toBe(FAILED);
    expect(mp.has_peer(2)).toBe(false);
    const reliable = fake.channels.find((channel) => channel.label === "reliable");
    expect(reliable?.readyState).toBe("closed");
  });

  it("has_peer / get_peer right after add_peer: not connected, 3 + N channels, the same connection", () => {
    const { mp } = multiplayer();
    mp.create_mesh(3, [0, 2]);
    const { pc } = addPeer(mp, 2);
    expect(mp.has_peer(2)).toBe(true);
    const info = mp.get_peer(2) as { connection: unknown; connected: boolean; channels: unknown[] };
    expect(info.connected).toBe(false);
    expect(info.channels).toHaveLength(5);
    expect(info.connection).toBe(pc);
  });

  it("get_peer(unknown) logs and returns {}; get_peers() maps ids to {connection, connected, channels}", () => {
    const { mp } = multiplayer();
    mp.create_mesh(3);
    expect(mp.get_peer(9)).toEqual({});
    expect(error).toHaveBeenCalledWith(expect.stringContaining("get_peer"));
    addPeer(mp, 2);
    addPeer(mp, 7);
    const peers = mp.get_peers();
    expect(Object.keys(peers)).toEqual(["2", "7"]);
    expect(Object.keys(peers[7]!).sort()).toEqual(["channels", "connected", "connection"]);
  });

  it("an existing id is replaced: one entry, the old connection closed, peer_disconnected if it was connected", () => {
    const { mp, events } = multiplayer();
    mp.create_mesh(3);
    const old = connectedPeer(mp, 2);
    const { pc } = addPeer(mp, 2);
    expect(Object.keys(mp.get_peers())).toEqual(["2"]);
    expect((mp.get_peer(2) as { connection: unknown }).connection).toBe(pc);
    expect(old.closed).toBe(true);
    mp.poll();
    expect(events).toEqual(["+2", "-2"]);
  });
});

describe("M. poll and the connection lifecycle", () => {
  it("peer_connected only from poll(), once, when the connection and every channel are open", () => {
    const { mp, events } = multiplayer();
    mp.create_mesh(3);
    const { fake } = addPeer(mp, 2);
    fake.connectionState = "connecting";
    mp.poll();
    fake.connectionState = "connected";
    fake.channel(1).open();
    fake.channel(2).open();
    mp.poll();
    expect(events).toEqual([]);
    fake.channel(3).open();
    expect(events).toEqual([]);
    mp.poll();
    expect(events).toEqual(["+2"]);
    mp.poll();
    expect(events).toEqual(["+2"]);
    expect(mp.get_peer(2)).toMatchObject({ connected: true });
  });

  it("polls each connection, so its own signals go out from the multiplayer poll()", () => {
    const { mp } = multiplayer();
    mp.create_mesh(3);
    const { pc, fake } = addPeer(mp, 2);
    const candidates: string[] = [];
    pc.ice_candidate_created.connect((_media, _index, name) => candidates.push(name));
    fake.dispatchEvent(Object.assign(new Event("icecandidate"), { candidate: { candidate: "candidate:1", sdpMid: "0", sdpMLineIndex: 0 } }));
    expect(candidates).toEqual([]);
    mp.poll();
    expect(candidates).toEqual(["candidate:1"]);
  });

  it("client mode: the status is CONNECTED by the time peer_connected(1) runs", () => {
    const { mp } = multiplayer();
    mp.create_client(4);
    const seen: [number, number][] = [];
    mp.peer_connected.connect((id) => seen.push([id, mp.get_connection_status()]));
    const { fake } = addPeer(mp, 1);
    fake.connectAll();
    expect(mp.get_connection_status()).toBe(MP.CONNECTION_CONNECTING);
    mp.poll();
    expect(seen).toEqual([[1, MP.CONNECTION_CONNECTED]]);
  });

  for (const state of ["disconnected", "failed", "closed"] as const) {
    it(`a connection that turns ${state} is removed on the next poll(), with peer_disconnected only if it had connected`, () => {
      const { mp, events } = multiplayer();
      mp.create_mesh(3);
      const connected = connectedPeer(mp, 2);
      const pending = addPeer(mp, 5).fake;
      connected.connectionState = state;
      pending.connectionState = state;
      expect(mp.has_peer(2)).toBe(true);
      mp.poll();
      expect(mp.has_peer(2)).toBe(false);
      expect(mp.has_peer(5)).toBe(false);
      expect(events).toEqual(["+2", "-2"]);
      expect(connected.closed && pending.closed).toBe(true);
    });
  }

  for (const ready of ["closing", "closed"] as const) {
    it(`a channel ${ready} while the connection is up removes the peer on the next poll()`, () => {
      const { mp, events } = multiplayer();
      mp.create_mesh(3);
      const fake = connectedPeer(mp, 2);
      fake.channel(3).readyState = ready;
      mp.poll();
      expect(mp.has_peer(2)).toBe(false);
      expect(events).toEqual(["+2", "-2"]);
      expect(fake.closed).toBe(true);
    });
  }

  it("client mode: losing a connected server sets the status to DISCONNECTED", () => {
    const { mp, events } = multiplayer();
    mp.create_client(4);
    const fake = connectedPeer(mp, 1);
    expect(mp.get_connection_status()).toBe(MP.CONNECTION_CONNECTED);
    fake.connectionState = "failed";
    mp.poll();
    expect(events).toEqual(["+1", "-1"]);
    expect(mp.get_connection_status()).toBe(MP.CONNECTION_DISCONNECTED);
  });

  it("fixed quirk: a client whose server fails before ever connecting ends DISCONNECTED, not CONNECTING forever", () => {
    const { mp, events } = multiplayer();
    mp.create_client(4);
    const { fake } = addPeer(mp, 1);
    fake.connectionState = "connecting";
    mp.poll();
    expect(mp.get_connection_status()).toBe(MP.CONNECTION_CONNECTING);
    fake.connectionState = "failed";
    mp.poll();
    expect(mp.has_peer(1)).toBe(false);
    expect(events).toEqual([]);
    expect(mp.get_connection_status()).toBe(MP.CONNECTION_DISCONNECTED);
    expect(fake.closed).toBe(true);
  });

  it("remove_peer(unknown) logs and does nothing", () => {
    const { mp } = multiplayer();
    mp.create_mesh(3);
    addPeer(mp, 2);
    mp.remove_peer(9);
    expect(error).toHaveBeenCalledWith(expect.stringContaining("remove_peer"));
    expect(mp.has_peer(2)).toBe(true);
  });

  it("fixed quirk: remove_peer closes the connection and emits peer_disconnected from the next poll(), not synchronously", () => {
    const { mp, events } = multiplayer();
    mp.create_mesh(3);
    const connected = connectedPeer(mp, 2);
    const pending = addPeer(mp, 5).fake;
    mp.remove_peer(2);
    mp.remove_peer(5);
    expect(mp.has_peer(2)).toBe(false);
    expect(connected.closed && pending.closed).toBe(true);
    expect(events).toEqual(["+2"]);
    mp.poll();
    expect(events).toEqual(["+2", "-2"]);
  });

  it("disconnect_peer(id) closes the connection; the next poll() removes the peer and emits peer_disconnected", () => {
    const { mp, events } = multiplayer();
    mp.create_mesh(3);
    const fake = connectedPeer(mp, 2);
    mp.disconnect_peer(2);
    expect(fake.closed).toBe(true);
    expect(mp.has_peer(2)).toBe(true);
    mp.poll();
    expect(mp.has_peer(2)).toBe(false);
    expect(events).toEqual(["+2", "-2"]);
    mp.disconnect_peer(2);
    expect(error).toHaveBeenCalledWith(expect.stringContaining("disconnect_peer"));
  });

  it("disconnect_peer(id, true) removes the peer at once, closes it and emits nothing; a client's server → DISCONNECTED", () => {
    const { mp, events } = multiplayer();
    mp.create_client(4);
    const fake = connectedPeer(mp, 1);
    mp.disconnect_peer(1, true);
    expect(mp.has_peer(1)).toBe(false);
    expect(fake.closed).toBe(true);
    expect(mp.get_connection_status()).toBe(MP.CONNECTION_DISCONNECTED);
    mp.poll();
    expect(events).toEqual(["+1"]);
  });

  it("close(): disconnected, no peers, every connection closed, no signals; transfer settings kept", () => {
    const { mp, events } = multiplayer();
    mp.create_mesh(3, [0]);
    const a = connectedPeer(mp, 2);
    const b = connectedPeer(mp, 5);
    mp.remove_peer(5);
    mp.transfer_mode = MP.TRANSFER_MODE_UNRELIABLE;
    mp.transfer_channel = 1;
    mp.refuse_new_connections = true;
    mp.close();
    mp.poll();
    expect(events).toEqual(["+2", "+5"]);
    expect(mp.get_connection_status()).toBe(MP.CONNECTION_DISCONNECTED);
    expect(mp.get_peers()).toEqual({});
    expect(a.closed && b.closed).toBe(true);
    error.mockClear();
    expect(mp.get_unique_id()).toBe(1);
    expect(error).toHaveBeenCalledTimes(1);
    expect([mp.transfer_mode, mp.transfer_channel, mp.refuse_new_connections]).toEqual([0, 1, true]);
    expect(mp.get_packet_peer()).toBe(0);
  });

  it("a peer_connected handler that closes the multiplayer peer stops the remaining signals", () => {
    const { mp, events } = multiplayer();
    mp.create_mesh(3);
    addPeer(mp, 2).fake.connectAll();
    addPeer(mp, 5).fake.connectAll();
    mp.peer_connected.connect(() => mp.close());
    mp.poll();
    expect(events).toEqual(["+2"]);
  });
});

describe("N. sending", () => {
  it("put_packet: status disconnected → ERR_UNCONFIGURED; not bytes → ERR_INVALID_PARAMETER; empty → OK, nothing sent", () => {
    const { mp } = multiplayer();
    expect(mp.put_packet([1])).toBe(ERR_UNCONFIGURED);
    mp.create_mesh(3);
    const fake = connectedPeer(mp, 2);
    expect(mp.put_packet("hi" as never)).toBe(ERR_INVALID_PARAMETER);
    expect(mp.put_packet([256])).toBe(ERR_INVALID_PARAMETER);
    expect(mp.put_packet([])).toBe(OK);
    expect(fake.channels.flatMap((channel) => channel.sent)).toEqual([]);
  });

  it("transfer_channel 0 sends by transfer_mode: reliable → id 1, unreliable ordered → id 2, unreliable → id 3", () => {
    const { mp } = multiplayer();
    mp.create_mesh(3);
    const fake = connectedPeer(mp, 2);
    mp.set_target_peer(2);
    for (const [mode, id] of [[2, 1], [1, 2], [0, 3]] as const) {
      mp.transfer_mode = mode;
      expect(mp.put_packet([mode])).toBe(OK);
      expect(fake.channel(id).sent).toHaveLength(1);
    }
  });

  it("transfer_channel n sends on the n-th channels_config channel (id n + 3), whatever the mode", () => {
    const { mp } = multiplayer();
    mp.create_mesh(3, [0]);
    const fake = connectedPeer(mp, 2);
    mp.set_target_peer(2);
    mp.transfer_channel = 1;
    for (const mode of [0, 1, 2] as const) {
      mp.transfer_mode = mode;
      expect(mp.put_packet([mode])).toBe(OK);
    }
    expect(fake.channel(4).sent).toHaveLength(3);
    expect([1, 2, 3].map((id) => fake.channel(id).sent.length)).toEqual([0, 0, 0]);
  });

  it("a transfer_channel the peer does not have: ERR_INVALID_PARAMETER to one peer, OK and nothing sent in a broadcast", () => {
    const { mp } = multiplayer();
    mp.create_mesh(3, [0]);
    const fake = connectedPeer(mp, 2);
    mp.transfer_channel = 2;
    mp.set_target_peer(2);
    expect(mp.put_packet([1])).toBe(ERR_INVALID_PARAMETER);
    mp.set_target_peer(MP.TARGET_PEER_BROADCAST);
    expect(mp.put_packet([1])).toBe(OK);
    expect(fake.channels.flatMap((channel) => channel.sent)).toEqual([]);
  });

  it("an unknown target peer → ERR_INVALID_PARAMETER; a target whose channels are not open → ERR_UNCONFIGURED", () => {
    const { mp } = multiplayer();
    mp.create_mesh(3);
    addPeer(mp, 2);
    mp.set_target_peer(99);
    expect(mp.put_packet([1])).toBe(ERR_INVALID_PARAMETER);
    mp.set_target_peer(2);
    expect(mp.put_packet([1])).toBe(ERR_UNCONFIGURED);
  });

  it("target 0 sends to every peer, −X to all but X; both return OK", () => {
    const { mp } = multiplayer();
    mp.create_mesh(3);
    const fakes = [2, 5, 7].map((id) => connectedPeer(mp, id));
    const sentCounts = (): number[] => fakes.map((fake) => fake.channel(1).sent.length);
    expect(mp.put_packet([1])).toBe(OK);
    expect(sentCounts()).toEqual([1, 1, 1]);
    mp.set_target_peer(-5);
    expect(mp.put_packet([2])).toBe(OK);
    expect(sentCounts()).toEqual([2, 1, 2]);
  });

  it("a broadcast also reaches a peer not yet connected whose channel is already open, and skips it otherwise", () => {
    const { mp } = multiplayer();
    mp.create_mesh(3);
    const pending = addPeer(mp, 2).fake;
    expect(mp.put_packet([1])).toBe(OK);
    pending.channel(1).open();
    expect(mp.put_packet([2])).toBe(OK);
    expect(pending.channel(1).sent).toHaveLength(1);
    expect(error).not.toHaveBeenCalled();
  });

  it("the bytes on the data channel are exactly the put_packet input, binary, no header", () => {
    const { mp } = multiplayer();
    mp.create_mesh(3);
    const fake = connectedPeer(mp, 2);
    mp.put_packet(Uint8Array.of(0, 7, 255));
    const [sent] = fake.channel(1).sent;
    expect(typeof sent).not.toBe("string");
    expect([...(sent as Uint8Array)]).toEqual([0, 7, 255]);
  });
});

describe("N. receiving", () => {
  it("get_available_packet_count() reads 0 until poll(), then counts the packets of connected peers only", () => {
    const { mp } = multiplayer();
    mp.create_mesh(3);
    const a = connectedPeer(mp, 2);
    const pending = addPeer(mp, 5).fake;
    pending.channel(1).open();
    a.channel(1).receive(1);
    a.channel(3).receive(2);
    pending.channel(1).receive(3);
    expect(mp.get_available_packet_count()).toBe(0);
    mp.poll();
    expect(mp.get_available_packet_count()).toBe(2);
  });

  it("get_packet_peer/channel/mode describe the packet the next get_packet() returns", () => {
    const { mp } = multiplayer();
    mp.create_mesh(3, [1, 0]);
    const fake = connectedPeer(mp, 2);
    fake.channel(5).receive(50);
    fake.channel(4).receive(40);
    fake.channel(3).receive(30);
    fake.channel(2).receive(20);
    fake.channel(1).receive(10);
    mp.poll();
    const seen: [number, number, number, number[]][] = [];
    while (mp.get_available_packet_count() > 0) {
      const description = [mp.get_packet_peer(), mp.get_packet_channel(), mp.get_packet_mode()] as const;
      seen.push([...description, bytes(mp.get_packet())]);
    }
    expect(seen).toEqual([
      [2, 0, 2, [10]],
      [2, 0, 1, [20]],
      [2, 0, 0, [30]],
      [2, 1, 1, [40]],
      [2, 2, 0, [50]],
    ]);
    expect(mp.get_packet_peer()).toBe(0);
  });

  it("round robin: peers A then B with two packets each are read A, B, A, B", () => {
    const { mp } = multiplayer();
    mp.create_mesh(3);
    const a = connectedPeer(mp, 9);
    const b = connectedPeer(mp, 4);
    a.channel(1).receive(1);
    a.channel(1).receive(2);
    b.channel(1).receive(3);
    b.channel(1).receive(4);
    mp.poll();
    const order: [number, number[]][] = [];
    for (let i = 0; i < 4; i++) order.push([mp.get_packet_peer(), bytes(mp.get_packet())]);
    expect(order).toEqual([[9, [1]], [4, [3]], [9, [2]], [4, [4]]]);
  });

  it("within a peer, a packet on 'reliable' comes before an older one on 'unreliable'", () => {
    const { mp } = multiplayer();
    mp.create_mesh(3);
    const fake = connectedPeer(mp, 2);
    fake.channel(3).receive(1);
    fake.channel(1).receive(2);
    mp.poll();
    expect([bytes(mp.get_packet()), bytes(mp.get_packet())]).toEqual([[2], [1]]);
  });

  it("get_packet() with nothing pending: an empty array and ERR_UNAVAILABLE; OK after a real packet", () => {
    const { mp } = multiplayer();
    mp.create_mesh(3);
    const fake = connectedPeer(mp, 2);
    expect(bytes(mp.get_packet())).toEqual([]);
    expect(mp.get_packet_error()).toBe(ERR_UNAVAILABLE);
    fake.channel(1).receive(5);
    mp.poll();
    expect(bytes(mp.get_packet())).toEqual([5]);
    expect(mp.get_packet_error()).toBe(OK);
  });

  it("packets that arrive before the peer is connected are readable after peer_connected", () => {
    const { mp, events } = multiplayer();
    mp.create_mesh(3);
    const { fake } = addPeer(mp, 2);
    fake.channel(1).open();
    fake.channel(1).receive(42);
    mp.poll();
    expect(mp.get_available_packet_count()).toBe(0);
    expect(bytes(mp.get_packet())).toEqual([]);
    fake.connectAll();
    mp.poll();
    expect(events).toEqual(["+2"]);
    expect(mp.get_packet_peer()).toBe(2);
    expect(bytes(mp.get_packet())).toEqual([42]);
  });

  it("removing the peer the next packet would come from moves on to the next peer with packets", () => {
    const { mp } = multiplayer();
    mp.create_mesh(3);
    const a = connectedPeer(mp, 2);
    const b = connectedPeer(mp, 5);
    a.channel(1).receive(1);
    b.channel(1).receive(2);
    mp.poll();
    expect(mp.get_packet_peer()).toBe(2);
    mp.remove_peer(2);
    expect(mp.get_packet_peer()).toBe(5);
    expect(mp.get_available_packet_count()).toBe(1);
    expect(bytes(mp.get_packet())).toEqual([2]);
  });
});

describe("put_var / get_var (PacketPeer)", () => {
  it("put_var sends Godot's encoding on the chosen channel; get_var decodes what a peer sent", () => {
    const { mp } = multiplayer();
    mp.create_mesh(3);
    const fake = connectedPeer(mp, 2);
    mp.set_target_peer(2);
    expect(mp.put_var(1)).toBe(OK);
    expect([...new Uint8Array(fake.channel(1).sent[0] as Uint8Array)]).toEqual([2, 0, 0, 0, 1, 0, 0, 0]);
    fake.channel(1).receive(4, 0, 0, 0, 2, 0, 0, 0, 0x61, 0x62, 0, 0);
    mp.poll();
    expect(mp.get_packet_peer()).toBe(2);
    expect(mp.get_var()).toBe("ab");
  });

  it("get_var with nothing queued or undecodable bytes → null (logged); encode_buffer_max_size bounds put_var", () => {
    const { mp } = multiplayer();
    mp.create_mesh(3);
    const fake = connectedPeer(mp, 2);
    mp.set_target_peer(2);
    expect(mp.get_var()).toBeNull();
    fake.channel(1).receive(0xff, 0xff);
    mp.poll();
    expect(mp.get_var()).toBeNull();
    expect(mp.set_encode_buffer_max_size(1000)).toBe(ERR_INVALID_PARAMETER);
    expect(mp.set_encode_buffer_max_size(3000)).toBe(OK);
    expect(mp.encode_buffer_max_size).toBe(4096);
    expect(mp.put_var("x".repeat(5000))).toBe(GodotError.ERR_OUT_OF_MEMORY);
    expect(mp.put_var(Symbol("no") as never)).toBe(ERR_INVALID_PARAMETER);
  });
});
