// CONTRACT §3/§5: no Godot-API method throws, whatever it is given; it returns a code, null or a value, logs
// why, and the object keeps working. Every property of every public prototype is tried (read from the
// prototypes, so new ones are covered too): methods called, accessors read and assigned, constructors `new`ed.
// The bad-input matrix (src/bad-input/) then checks each result against the contract.
import { describe, expect, it } from "vitest";
import { WebRTCDataChannel } from "./data-channel/webrtc-data-channel";
import { GodotError } from "./godot/godot-error";
import { WebRTCMultiplayerPeer } from "./multiplayer/webrtc-multiplayer-peer";
import { WebRTCPeerConnection } from "./peer-connection/webrtc-peer-connection";
import { SignalingClient } from "./signaling/signaling-client";
import { propertiesOf, type PropertyKind } from "./test-support/bad-input-matrix";
import { HOSTILE } from "./test-support/bad-input-values";
import { FakeRTCPeerConnection, FakeRTCPeerConnectionConstructor, settle } from "./test-support/fake-rtc";
import { fakeChannel, useFakeBrowser } from "./test-support/use-fake-browser";

/** Argument lists for one hostile value: alone, repeated, and in each position among ordinary arguments. */
function argumentLists(value: unknown): unknown[][] {
  const lists: unknown[][] = [[value], [value, value], [value, value, value]];
  for (let position = 0; position < 3; position++) {
    const args: unknown[] = ["x", 0, "x"];
    args[position] = value;
    lists.push(args);
  }
  return lists;
}

/**
 * Uses property `name` of `object` with every hostile argument list, as a JS caller can: calls a method,
 * assigns an accessor (reads a getter-only one), `new`s the constructor. Reports each use that threw.
 */
function callHostile(object: object, name: string, kind: PropertyKind = "method"): string[] {
  const thrown: string[] = [];
  const target = object as Record<string, unknown>;
  for (const [label, value] of HOSTILE) {
    for (const args of argumentLists(value)) {
      try {
        if (kind === "constructor") Reflect.construct(target.constructor as new (...a: unknown[]) => unknown, args);
        else if (kind === "method") (target[name] as (...a: unknown[]) => unknown)(...args);
        else if (Object.getOwnPropertyDescriptor(findOwner(object, name), name)?.set === undefined) void target[name];
        else target[name] = args[0];
      } catch (error) {
        thrown.push(`${name}(${args.map((a) => (a === value ? label : JSON.stringify(a))).join(", ")}) threw ${error instanceof Error ? error.message : "something"}`);
      }
    }
  }
  return thrown;
}

function findOwner(object: object, name: string): object {
  let p: object | null = object;
  while (p !== null && !Object.hasOwn(p, name)) p = Object.getPrototypeOf(p) as object | null;
  return p ?? object;
}

useFakeBrowser();

/** A correct offer sequence on `peer`: initialize, a channel, an offer that comes out of poll(). */
async function worksAfterwards(peer: WebRTCPeerConnection): Promise<void> {
  expect(peer.initialize({ iceServers: [] })).toBe(GodotError.OK);
  expect(peer.create_data_channel("ok")).toBeInstanceOf(WebRTCDataChannel);
  const offers: string[] = [];
  peer.session_description_created.connect((type) => offers.push(type));
  expect(peer.create_offer()).toBe(GodotError.OK);
  expect(peer.get_connection_state()).toBe(WebRTCPeerConnection.STATE_CONNECTING);
  FakeRTCPeerConnection.last.resolve("createOffer");
  await settle();
  expect(peer.poll()).toBe(GodotError.OK);
  expect(offers).toEqual(["offer"]);
}

describe("WebRTCPeerConnection never throws", () => {
  const properties = [...propertiesOf(WebRTCPeerConnection.prototype)];

  it("has the Godot API to test", () => {
    expect(properties.map(([name]) => name)).toEqual(expect.arrayContaining([
      "initialize", "create_data_channel", "create_offer", "set_local_description", "set_remote_description",
      "add_ice_candidate", "poll", "close", "get_connection_state", "get_gathering_state", "get_signaling_state",
      "connect", "disconnect", "is_connected", "constructor",
    ]));
  });

  it.each(properties)("%s(hostile…) returns instead of throwing, and the peer still works", async (name, kind) => {
    const peer = new WebRTCPeerConnection();
    expect(callHostile(peer, name, kind)).toEqual([]);
    peer.initialize();
    expect(callHostile(peer, name, kind)).toEqual([]);
    await worksAfterwards(peer);
  });

  it.each(["session_description_created", "ice_candidate_created", "data_channel_received", "operation_failed"] as const)(
    "every property of the %s signal never throws",
    async (signal) => {
      const peer = new WebRTCPeerConnection();
      for (const [name, kind] of propertiesOf(Object.getPrototypeOf(peer[signal]) as object)) expect(callHostile(peer[signal], name, kind)).toEqual([]);
      await worksAfterwards(peer);
    },
  );

  it("static set_default_extension(hostile…) never throws, and a good one works afterwards", async () => {
    const thrown = callHostile(WebRTCPeerConnection, "set_default_extension");
    WebRTCPeerConnection.set_default_extension(FakeRTCPeerConnectionConstructor);
    expect(thrown).toEqual([]);
    await worksAfterwards(new WebRTCPeerConnection());
  });
});

describe("WebRTCDataChannel never throws", () => {
  const properties = [...propertiesOf(WebRTCDataChannel.prototype)];

  it("has the Godot API to test", () => {
    expect(properties.map(([name]) => name)).toEqual(expect.arrayContaining([
      "set_write_mode", "get_write_mode", "was_string_packet", "get_ready_state", "get_label", "get_protocol", "get_id",
      "is_ordered", "is_negotiated", "get_max_packet_life_time", "get_max_retransmits", "get_buffered_amount",
      "get_max_packet_size", "put_packet", "get_packet", "get_packet_error", "get_available_packet_count",
      "get_in_buffer_limit", "set_in_buffer_limit", "get_out_buffer_limit", "set_out_buffer_limit",
      "get_dropped_packet_count", "poll", "close", "write_mode", "constructor",
    ]));
  });

  it.each(properties)("%s(hostile…) returns instead of throwing, and the channel still works (or reads closed)", (name, kind) => {
    const { channel, fake } = fakeChannel("c", {});
    expect(callHostile(channel, name, kind)).toEqual([]);
    if (channel.get_ready_state() !== WebRTCDataChannel.STATE_OPEN) {
      expect(name).toBe("close"); // the one property that may end the channel
      expect(channel.put_packet(new Uint8Array([1]))).toBe(GodotError.ERR_UNCONFIGURED);
      return;
    }
    expect(channel.set_write_mode(WebRTCDataChannel.WRITE_MODE_BINARY)).toBe(GodotError.OK);
    expect(channel.set_in_buffer_limit(1024)).toBe(GodotError.OK);
    expect(channel.set_out_buffer_limit(1024)).toBe(GodotError.OK);
    fake.bufferedAmount = 0;
    expect(channel.put_packet(new Uint8Array([1, 2]))).toBe(GodotError.OK);
    while (channel.get_available_packet_count() > 0) channel.get_packet();
    fake.receive("hi");
    expect(new TextDecoder().decode(channel.get_packet())).toBe("hi");
    expect(channel.was_string_packet()).toBe(true);
  });
});

describe("WebRTCMultiplayerPeer and SignalingClient never throw", () => {
  it.each([...propertiesOf(WebRTCMultiplayerPeer.prototype)])("WebRTCMultiplayerPeer %s(hostile…) returns instead of throwing", (name, kind) => {
    const mp = new WebRTCMultiplayerPeer();
    expect(callHostile(mp, name, kind)).toEqual([]);
    mp.create_mesh(1);
    expect(callHostile(mp, name, kind)).toEqual([]);
  });
  it.each([...propertiesOf(SignalingClient.prototype)])("SignalingClient %s(hostile…) returns instead of throwing", (name, kind) => {
    const client = new SignalingClient({ websocket_class: undefined });
    expect(callHostile(client, name, kind)).toEqual([]);
  });
});
