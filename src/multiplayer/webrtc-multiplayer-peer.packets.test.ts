// WebRTCMultiplayerPeer, Godot 4 semantics (reference §6): sending (transfer mode, channel, target), receiving (round robin, packet source) and put_var / get_var.
import { describe, expect, it } from "vitest";
import { GodotError } from "../godot/godot-error";
import { addPeer, bytes, connectedPeer, multiplayer } from "../test-support/multiplayer-kit";
import { useFakeBrowser } from "../test-support/use-fake-browser";
import { WebRTCMultiplayerPeer } from "./webrtc-multiplayer-peer";

const { OK, ERR_UNAVAILABLE, ERR_UNCONFIGURED, ERR_INVALID_PARAMETER } = GodotError;
const MP = WebRTCMultiplayerPeer;
const logs = useFakeBrowser();

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
    expect(logs.error).not.toHaveBeenCalled();
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
    a.channel(1).receiveBytes(1);
    a.channel(3).receiveBytes(2);
    pending.channel(1).receiveBytes(3);
    expect(mp.get_available_packet_count()).toBe(0);
    mp.poll();
    expect(mp.get_available_packet_count()).toBe(2);
  });

  it("get_packet_peer/channel/mode describe the packet the next get_packet() returns", () => {
    const { mp } = multiplayer();
    mp.create_mesh(3, [1, 0]);
    const fake = connectedPeer(mp, 2);
    fake.channel(5).receiveBytes(50);
    fake.channel(4).receiveBytes(40);
    fake.channel(3).receiveBytes(30);
    fake.channel(2).receiveBytes(20);
    fake.channel(1).receiveBytes(10);
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
    a.channel(1).receiveBytes(1);
    a.channel(1).receiveBytes(2);
    b.channel(1).receiveBytes(3);
    b.channel(1).receiveBytes(4);
    mp.poll();
    const order: [number, number[]][] = [];
    for (let i = 0; i < 4; i++) order.push([mp.get_packet_peer(), bytes(mp.get_packet())]);
    expect(order).toEqual([[9, [1]], [4, [3]], [9, [2]], [4, [4]]]);
  });

  it("within a peer, a packet on 'reliable' comes before an older one on 'unreliable'", () => {
    const { mp } = multiplayer();
    mp.create_mesh(3);
    const fake = connectedPeer(mp, 2);
    fake.channel(3).receiveBytes(1);
    fake.channel(1).receiveBytes(2);
    mp.poll();
    expect([bytes(mp.get_packet()), bytes(mp.get_packet())]).toEqual([[2], [1]]);
  });

  it("get_packet() with nothing pending: an empty array and ERR_UNAVAILABLE; OK after a real packet", () => {
    const { mp } = multiplayer();
    mp.create_mesh(3);
    const fake = connectedPeer(mp, 2);
    expect(bytes(mp.get_packet())).toEqual([]);
    expect(mp.get_packet_error()).toBe(ERR_UNAVAILABLE);
    fake.channel(1).receiveBytes(5);
    mp.poll();
    expect(bytes(mp.get_packet())).toEqual([5]);
    expect(mp.get_packet_error()).toBe(OK);
  });

  it("packets that arrive before the peer is connected are readable after peer_connected", () => {
    const { mp, events } = multiplayer();
    mp.create_mesh(3);
    const { fake } = addPeer(mp, 2);
    fake.channel(1).open();
    fake.channel(1).receiveBytes(42);
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
    a.channel(1).receiveBytes(1);
    b.channel(1).receiveBytes(2);
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
    fake.channel(1).receiveBytes(4, 0, 0, 0, 2, 0, 0, 0, 0x61, 0x62, 0, 0);
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
    fake.channel(1).receiveBytes(0xff, 0xff);
    mp.poll();
    expect(mp.get_var()).toBeNull();
    expect(mp.set_encode_buffer_max_size(1000)).toBe(ERR_INVALID_PARAMETER);
    expect(mp.set_encode_buffer_max_size(3000)).toBe(OK);
    expect(mp.encode_buffer_max_size).toBe(4096);
    expect(mp.put_var("x".repeat(5000))).toBe(GodotError.ERR_OUT_OF_MEMORY);
    expect(mp.put_var(Symbol("no") as never)).toBe(ERR_INVALID_PARAMETER);
  });
});
