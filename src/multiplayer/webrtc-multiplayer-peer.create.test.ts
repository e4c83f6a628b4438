// WebRTCMultiplayerPeer, Godot 4 semantics (reference §6): creation (create_server / create_client / create_mesh, channels_config, setters) and add_peer.
import { describe, expect, it } from "vitest";
import { GodotError } from "../godot/godot-error";
import { addPeer, connectedPeer, connection, multiplayer } from "../test-support/multiplayer-kit";
import { useFakeBrowser } from "../test-support/use-fake-browser";
import { WebRTCMultiplayerPeer } from "./webrtc-multiplayer-peer";

const { OK, FAILED, ERR_UNCONFIGURED, ERR_UNAUTHORIZED, ERR_INVALID_PARAMETER } = GodotError;
const MP = WebRTCMultiplayerPeer;
const logs = useFakeBrowser();

describe("K. creation", () => {
  it("a fresh peer is disconnected: get_unique_id() logs and returns 1; Godot's default properties", () => {
    const { mp } = multiplayer();
    expect(mp.get_connection_status()).toBe(MP.CONNECTION_DISCONNECTED);
    expect(mp.get_unique_id()).toBe(1);
    expect(logs.error).toHaveBeenCalledWith(expect.stringContaining("get_unique_id"));
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
    const { pc, fake } = addPeer(mp, 2);
    expect((mp.get_peer(2) as { connection: unknown }).connection).toBe(pc);
    // The layout kept is [0] (one unreliable extra channel, id 4), not the refused [2, 9].
    expect(fake.channels.map((channel) => [channel.id, channel.ordered, channel.maxPacketLifeTime])).toEqual([[1, true, null], [2, true, 1], [3, false, 1], [4, false, 1]]);
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
    expect(reliable?.closeCalls).toBe(1);
    expect(reliable?.readyState).toBe("closing");
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
    expect(logs.error).toHaveBeenCalledWith(expect.stringContaining("get_peer"));
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

