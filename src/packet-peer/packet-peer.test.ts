// Issue 9.2: one PacketPeer base, as in Godot's class tree. WebRTCDataChannel and WebRTCMultiplayerPeer inherit
// put_var / get_var / get_packet / get_packet_error / encode_buffer_max_size from it, so the two cannot drift
// again (0.1's multiplayer get_var overwrote get_packet_error; the channel's did not, nor does Godot's).
import { describe, expect, it } from "vitest";
import { WebRTCDataChannel } from "../data-channel/webrtc-data-channel";
import { GodotError } from "../godot/godot-error";
import { MultiplayerPeer } from "../multiplayer/multiplayer-peer";
import { WebRTCMultiplayerPeer } from "../multiplayer/webrtc-multiplayer-peer";
import { FakeNetwork } from "../test-support/fake-network";
import { connectMultiplayer } from "../test-support/signaling-relay";
import { fakeChannel, useFakeBrowser } from "../test-support/use-fake-browser";
import { PacketPeer } from "./packet-peer";

useFakeBrowser();
const SHARED = ["put_var", "get_var", "get_packet", "get_packet_error", "get_encode_buffer_max_size", "set_encode_buffer_max_size", "encode_buffer_max_size"];

describe("PacketPeer", () => {
  it("is the one base of WebRTCDataChannel and MultiplayerPeer, and the shared members live only there", () => {
    expect(WebRTCDataChannel.prototype).toBeInstanceOf(PacketPeer);
    expect(MultiplayerPeer.prototype).toBeInstanceOf(PacketPeer);
    for (const name of SHARED) {
      expect(Object.hasOwn(PacketPeer.prototype, name), name).toBe(true);
      for (const prototype of [WebRTCDataChannel.prototype, MultiplayerPeer.prototype, WebRTCMultiplayerPeer.prototype]) {
        expect(Object.hasOwn(prototype, name), `${name} redefined below PacketPeer`).toBe(false);
      }
    }
  });

  it("get_var leaves get_packet_error as the last get_packet set it, on a channel and on a multiplayer peer alike", async () => {
    const { channel, fake } = fakeChannel();
    channel.get_packet();
    expect(channel.get_packet_error()).toBe(GodotError.ERR_UNAVAILABLE);
    fake.receive(new Uint8Array([2, 0, 0, 0, 7, 0, 0, 0]).buffer);
    expect(channel.get_var()).toBe(7);
    expect(channel.get_packet_error()).toBe(GodotError.ERR_UNAVAILABLE);

    const network = new FakeNetwork();
    const [a, b] = [new WebRTCMultiplayerPeer(), new WebRTCMultiplayerPeer()];
    a.create_mesh(1);
    b.create_mesh(2);
    await connectMultiplayer(network, a, 1, b, 2);
    b.get_packet();
    expect(b.get_packet_error()).toBe(GodotError.ERR_UNAVAILABLE);
    expect(a.put_var(7)).toBe(GodotError.OK);
    network.deliver();
    b.poll();
    expect(b.get_var()).toBe(7);
    expect(b.get_packet_error()).toBe(GodotError.ERR_UNAVAILABLE);
    expect(a.put_var("x")).toBe(GodotError.OK);
    network.deliver();
    b.poll();
    expect(b.get_packet()).toEqual(new Uint8Array([4, 0, 0, 0, 1, 0, 0, 0, 120, 0, 0, 0]));
    expect(b.get_packet_error()).toBe(GodotError.OK);
  });

  it("refuses a put_packet of something that is not bytes, on both", () => {
    const { channel } = fakeChannel();
    const mp = new WebRTCMultiplayerPeer();
    mp.create_mesh(1);
    for (const peer of [channel, mp]) expect(peer.put_packet("nope" as never)).toBe(GodotError.ERR_INVALID_PARAMETER);
  });
});
