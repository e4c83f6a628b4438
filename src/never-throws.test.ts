// CONTRACT §3/§5: no Godot-API method throws, whatever it is given; it returns a code, null or a value, logs
// why, and the object keeps working. Methods are listed from the prototypes, so new ones are covered too.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { WebRTCDataChannel } from "./data-channel/webrtc-data-channel";
import { GodotError } from "./godot/godot-error";
import { WebRTCPeerConnection } from "./peer-connection/webrtc-peer-connection";
import { FakeRTCPeerConnection, FakeRTCPeerConnectionConstructor, settle } from "./test-support/fake-rtc";

const trapsThatThrow = new Proxy({}, {
  get: (_target, key) => (_: unknown, ...rest: unknown[]) => {
    throw new Error(`trap ${String(key)} called (${rest.length})`);
  },
});
const throwingProxy = new Proxy({}, trapsThatThrow as ProxyHandler<object>);
const boom = (): never => {
  throw new Error("read refused");
};
/** Looks like a plain object or an array (no trap for those checks) but every read throws. */
const plainLookingProxy = new Proxy({}, { get: boom, ownKeys: boom, getOwnPropertyDescriptor: boom, has: boom });
const arrayLookingProxy = new Proxy([], { get: boom, ownKeys: boom, getOwnPropertyDescriptor: boom, has: boom });

const HOSTILE: [string, unknown][] = [
  ["undefined", undefined], ["null", null], ["NaN", NaN], ["Infinity", Infinity], ["-Infinity", -Infinity],
  ["-1", -1], ["2**53", 2 ** 53], ["1.5", 1.5], ['"x"', "x"], ["{}", {}], ["[]", []],
  ["a Proxy whose every trap throws", throwingProxy], ["a Symbol", Symbol("hostile")],
  ["a plain-looking Proxy whose reads throw", plainLookingProxy], ["an array-looking Proxy whose reads throw", arrayLookingProxy],
  ["iceServers whose reads throw", { iceServers: arrayLookingProxy }], ["an iceServer whose reads throw", { iceServers: [plainLookingProxy] }],
];

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

/** Public method names of a prototype and its ancestors (Godot API: no constructor, no accessors). */
function methodsOf(prototype: object, except: string[] = []): string[] {
  const names = new Set<string>();
  for (let p: object | null = prototype; p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) {
    for (const name of Object.getOwnPropertyNames(p)) {
      const descriptor = Object.getOwnPropertyDescriptor(p, name);
      if (name !== "constructor" && typeof descriptor?.value === "function" && !except.includes(name)) names.add(name);
    }
  }
  return [...names];
}

/** Calls `object[method](...args)` for every hostile argument list; reports the first that throws. */
function callHostile(object: object, method: string): string[] {
  const thrown: string[] = [];
  for (const [label, value] of HOSTILE) {
    for (const args of argumentLists(value)) {
      try {
        (object as Record<string, (...a: unknown[]) => unknown>)[method]!(...args);
      } catch (error) {
        thrown.push(`${method}(${args.map((a) => (a === value ? label : JSON.stringify(a))).join(", ")}) threw ${error instanceof Error ? error.message : "something"}`);
      }
    }
  }
  return thrown;
}

beforeEach(() => {
  FakeRTCPeerConnection.reset();
  WebRTCPeerConnection.set_default_extension(FakeRTCPeerConnectionConstructor);
  vi.spyOn(console, "error").mockImplementation(() => {});
  vi.spyOn(console, "warn").mockImplementation(() => {});
});
afterEach(() => {
  WebRTCPeerConnection.set_default_extension(null);
  vi.restoreAllMocks();
});

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
  const methods = methodsOf(WebRTCPeerConnection.prototype);

  it("has the Godot API to test", () => {
    expect(methods).toEqual(expect.arrayContaining([
      "initialize", "create_data_channel", "create_offer", "set_local_description", "set_remote_description",
      "add_ice_candidate", "poll", "close", "get_connection_state", "get_gathering_state", "get_signaling_state",
      "connect", "disconnect", "is_connected",
    ]));
  });

  it.each(methods)("%s(hostile…) returns instead of throwing, and the peer still works", async (method) => {
    const peer = new WebRTCPeerConnection();
    expect(callHostile(peer, method)).toEqual([]);
    peer.initialize();
    expect(callHostile(peer, method)).toEqual([]);
    await worksAfterwards(peer);
  });

  it.each(["session_description_created", "ice_candidate_created", "data_channel_received", "operation_failed"] as const)(
    "the %s signal's connect/disconnect/is_connected never throw",
    async (name) => {
      const peer = new WebRTCPeerConnection();
      for (const method of ["connect", "disconnect", "is_connected"]) expect(callHostile(peer[name], method)).toEqual([]);
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
  const methods = methodsOf(WebRTCDataChannel.prototype, ["close"]);

  it("has the Godot API to test", () => {
    expect(methods).toEqual(expect.arrayContaining([
      "set_write_mode", "get_write_mode", "was_string_packet", "get_ready_state", "get_label", "get_protocol", "get_id",
      "is_ordered", "is_negotiated", "get_max_packet_life_time", "get_max_retransmits", "get_buffered_amount",
      "get_max_packet_size", "put_packet", "get_packet", "get_packet_error", "get_available_packet_count",
      "get_in_buffer_limit", "set_in_buffer_limit", "get_out_buffer_limit", "set_out_buffer_limit",
      "get_dropped_packet_count", "poll",
    ]));
  });

  function openChannel(): { channel: WebRTCDataChannel; fake: import("./test-support/fake-rtc").FakeRTCDataChannel } {
    const peer = new WebRTCPeerConnection();
    peer.initialize();
    const channel = peer.create_data_channel("c")!;
    const fake = FakeRTCPeerConnection.last.channels[0]!;
    fake.open();
    return { channel, fake };
  }

  it.each(methods)("%s(hostile…) returns instead of throwing, and the channel still works", (method) => {
    const { channel, fake } = openChannel();
    expect(callHostile(channel, method)).toEqual([]);
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

  it("the write_mode property and close() never throw", () => {
    const { channel } = openChannel();
    for (const [, value] of HOSTILE) expect(() => (channel.write_mode = value as never)).not.toThrow();
    expect(channel.get_write_mode()).toBe(WebRTCDataChannel.WRITE_MODE_BINARY);
    expect(callHostile(channel, "close")).toEqual([]);
    expect(channel.get_ready_state()).not.toBe(WebRTCDataChannel.STATE_OPEN);
  });
});
