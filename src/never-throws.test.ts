// CONTRACT §3/§5: no Godot-API method throws, whatever it is given; it returns a code, null or a value, logs
// why, and the object keeps working. Methods are listed from the prototypes, so new ones are covered too.
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { WebRTCDataChannel } from "./data-channel/webrtc-data-channel";
import { GodotError } from "./godot/godot-error";
import { WebRTCPeerConnection } from "./peer-connection/webrtc-peer-connection";
import { isPlainObject } from "./internal/checks";
import { Signal } from "./internal/signal";
import {
  bool, bytes, handler, intIn, intResult, methodsOf, oneOf, param, runMatrix, str, tally, typed, variant, any,
  type Cell, type Expectation, type Param, type Row,
} from "./test-support/bad-input-matrix";
import { FAKE_CANDIDATE, FakeNetwork } from "./test-support/fake-network";
import { FakeRTCPeerConnection, FakeRTCPeerConnectionConstructor, settle } from "./test-support/fake-rtc";
import { useFakeBrowser } from "./test-support/use-fake-browser";
import { FakeSocket } from "./test-support/fake-socket";
import { connectMultiplayer, connectPair, exchange, exchangeMultiplayer, pumpUntil, SignalingRelay } from "./test-support/signaling-relay";
import { MessageType } from "./signaling/protocol";
import { SignalingClient } from "./signaling/signaling-client";
import type { SignalingSocketConstructor } from "./signaling/signaling-socket";
import { WebRTCMultiplayerPeer } from "./multiplayer/webrtc-multiplayer-peer";

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

// ---- The bad-input matrix (issue 6, item 1) ----
// Every public method of every public class, from the prototypes (a method with no row fails), with every hostile
// value in every parameter position, in every state: the documented code, a log line for each refusal, no state
// change from a refused call, and afterwards Godot's correct sequence on the same object still connects and
// exchanges data over the fake network.

const MATRIX_VALUES: [string, unknown][] = [
  ...HOSTILE,
  ["2**31", 2 ** 31], ["-(2**31)", -(2 ** 31)], ["1e300", 1e300], ["-0.5", -0.5], ['"1"', "1"], ['""', ""], ["true", true],
  ["a function", () => {}], ["an object whose toString says offer", { toString: () => "offer" }], ["a Date", new Date(0)],
];
const SDP_EXTRA: [string, unknown][] = [
  ["malformed SDP", "v=0 garbage"], ["not SDP at all", "hello"], ["an answer's SDP as an offer", "v=0 fake-answer from=0"],
  ["a 100 kB SDP", "v=0 ".padEnd(100_000, "x")],
];
const TYPE_EXTRA: [string, unknown][] = [['"OFFER"', "OFFER"], ['"offer "', "offer "], ['"answer\\n"', "answer\n"]];
const CANDIDATE_EXTRA: [string, unknown][] = [
  ["a garbage candidate", "candidate:garbage"], ["an a=candidate line", "a=candidate:1 1 udp 1 1.2.3.4 5 typ host"],
  ["a 70 kB candidate", `candidate:${"x".repeat(70_000)}`], ["a candidate line cut short", "candidate:1 1 udp 2122260223 127.0.0.1"],
];

const errorCount = (): number => vi.mocked(console.error).mock.calls.length + vi.mocked(console.warn).mock.calls.length;
const code = (value: GodotError, logs = value !== GodotError.OK): Expectation => ({ value, logs });
const isEnum = (max: number): Expectation => intResult(0, max);
const bool_ = typed("boolean");
const NOTHING: Expectation = { value: undefined };
const { OK, FAILED, ERR_INVALID_PARAMETER, ERR_UNCONFIGURED, ERR_UNAUTHORIZED, ERR_CONNECTION_ERROR, ERR_UNAVAILABLE } = GodotError;
const MAX_ID = 2147483647;
const MIB = 1024 * 1024;
const noop = (): void => {};

function utf8Bytes(text: string): number {
  return new TextEncoder().encode(text).byteLength;
}

/** `initialize()`'s configuration, as CONTRACT §3 states it. */
const configuration = param("configuration", (v) => {
  try {
    if (v === undefined) return true;
    if (!isPlainObject(v)) return false;
    const servers = v.iceServers;
    if (servers === undefined) return true;
    return Array.isArray(servers) && servers.every((s: unknown) => isPlainObject(s) &&
      (typeof s.urls === "string" || (Array.isArray(s.urls) && s.urls.length > 0 && s.urls.every((u: unknown) => typeof u === "string"))) &&
      (s.username === undefined || typeof s.username === "string") && (s.credential === undefined || typeof s.credential === "string"));
  } catch {
    return false;
  }
}, () => ({ iceServers: [] }), [
  ["iceServers as a string", { iceServers: "stun:x" }], ["an iceServer without urls", { iceServers: [{}] }],
  ["urls: []", { iceServers: [{ urls: [] }] }], ["urls: 5", { iceServers: [{ urls: 5 }] }],
  ["username: 5", { iceServers: [{ urls: "turn:x", username: 5 }] }], ["a class instance", new Map()],
]);

/** `create_data_channel()`'s options, as CONTRACT §4 states them. */
const channelOptions = param("options", (v) => {
  try {
    if (v === undefined || v === null) return true;
    if (!isPlainObject(v)) return false;
    const u16 = (x: unknown): boolean => x === undefined || (Number.isInteger(x) && (x as number) >= 0 && (x as number) <= 65535);
    if (v.negotiated !== undefined && typeof v.negotiated !== "boolean") return false;
    if (v.negotiated === true ? !(Number.isInteger(v.id) && (v.id as number) >= 0 && (v.id as number) <= 65534) : v.id !== undefined) return false;
    if (!u16(v.maxRetransmits) || !u16(v.maxPacketLifeTime) || (v.maxRetransmits !== undefined && v.maxPacketLifeTime !== undefined)) return false;
    if (v.ordered !== undefined && typeof v.ordered !== "boolean") return false;
    return v.protocol === undefined || (typeof v.protocol === "string" && utf8Bytes(v.protocol) <= 65535);
  } catch {
    return false;
  }
}, () => ({}), [
  ["negotiated without an id", { negotiated: true }], ["an id without negotiated", { id: 3 }], ["id 65535", { negotiated: true, id: 65535 }],
  ["both lifetimes", { maxRetransmits: 1, maxPacketLifeTime: 1 }], ["maxRetransmits -1", { maxRetransmits: -1 }],
  ["maxPacketLifeTime 1.5", { maxPacketLifeTime: 1.5 }], ['ordered "yes"', { ordered: "yes" }], ["protocol 5", { protocol: 5 }],
  ["a 70 kB protocol", { protocol: "é".repeat(35_000) }], ["negotiated: 1", { negotiated: 1, id: 1 }],
]);
const label = param("label", (v) => typeof v === "string" && utf8Bytes(v) <= 65535, "x", [["a 70 kB label", "é".repeat(35_000)]]);
const sdpType = oneOf("type", ["offer", "answer", "pranswer", "rollback"], "answer", TYPE_EXTRA);
const sdp = str("sdp", "v=0 fake-answer from=0", SDP_EXTRA);
const signalName = (names: readonly string[]): Param => oneOf("signal", names, names[0], [['"ready"', "ready"], ['"__proto__"', "__proto__"], ['"constructor"', "constructor"]]);

/** connect / disconnect / is_connected rows, for any object with signals `names`. */
function signalRows<T extends { is_connected(name: never, fn: never): boolean }>(names: readonly string[]): Record<string, Row<T>> {
  const params = [signalName(names), handler(noop)];
  const connected = (c: Cell<T>, args: unknown[]): boolean => c.obj.is_connected(args[0] as never, args[1] as never);
  return {
    connect: { params, refused: () => code(ERR_INVALID_PARAMETER), accepted: (c, args) => code(connected(c, args) ? ERR_INVALID_PARAMETER : OK) },
    disconnect: { params, refused: () => code(ERR_INVALID_PARAMETER), accepted: (c, args) => code(connected(c, args) ? OK : ERR_INVALID_PARAMETER) },
    is_connected: { params, refused: () => ({ value: false, logs: false }), accepted: () => bool_ },
  };
}

const PC = WebRTCPeerConnection;
const pcClosed = (c: Cell<WebRTCPeerConnection>): boolean => c.obj.get_connection_state() === PC.STATE_CLOSED;
const PEER_ROWS: Record<string, Row<WebRTCPeerConnection>> = {
  initialize: { params: [configuration], refused: () => code(ERR_INVALID_PARAMETER), accepted: () => code(OK) },
  create_data_channel: {
    params: [label, channelOptions],
    refused: () => ({ value: null, logs: true }),
    accepted: (c) => (c.obj.get_connection_state() === PC.STATE_NEW
      ? { match: (r) => r instanceof WebRTCDataChannel, what: "a WebRTCDataChannel" }
      : { value: null, logs: true }),
  },
  create_offer: { params: [], accepted: (c) => code(c.obj.get_connection_state() === PC.STATE_NEW ? OK : FAILED) },
  set_local_description: { params: [sdpType, sdp], refused: () => code(ERR_INVALID_PARAMETER), accepted: (c) => code(pcClosed(c) ? FAILED : OK) },
  set_remote_description: {
    params: [sdpType, sdp],
    refused: () => code(ERR_INVALID_PARAMETER),
    accepted: (c, args) => code(pcClosed(c) || (args[0] === "offer" && c.obj.get_connection_state() !== PC.STATE_NEW) ? FAILED : OK),
  },
  add_ice_candidate: {
    params: [str("media", "0"), intIn("index", 0, 65535, 0), str("name", FAKE_CANDIDATE, CANDIDATE_EXTRA)],
    refused: () => code(ERR_INVALID_PARAMETER),
    accepted: (c) => code(pcClosed(c) ? FAILED : OK),
  },
  poll: { params: [], accepted: () => code(OK) },
  close: { params: [], accepted: () => NOTHING },
  get_connection_state: { params: [], accepted: () => isEnum(5) },
  get_gathering_state: { params: [], accepted: () => isEnum(2) },
  get_signaling_state: { params: [], accepted: () => isEnum(5) },
  ...signalRows<WebRTCPeerConnection>(["session_description_created", "ice_candidate_created", "data_channel_received", "operation_failed"]),
};

/** What each object under test needs to show it still works: its network and the far side. */
const world = new WeakMap<object, { network: FakeNetwork; check: () => Promise<void> }>();
const stillWorks = async (obj: object): Promise<void> => world.get(obj)!.check();

async function peerIn(state: string): Promise<WebRTCPeerConnection> {
  const network = new FakeNetwork();
  const peer = new WebRTCPeerConnection();
  const partner = new WebRTCPeerConnection();
  world.set(peer, { network, check: async () => exchange(network, ...(await connectPair(network, peer, partner))) });
  if (state === "initialized") peer.initialize({ iceServers: [] });
  if (state === "connecting") {
    peer.initialize({ iceServers: [] });
    peer.create_data_channel("c");
    peer.create_offer();
    network.settleCalls();
    await settle();
    peer.poll();
  }
  if (["connected", "closed", "initialized again"].includes(state)) await connectPair(network, peer, partner);
  if (state === "closed") peer.close();
  if (state === "initialized again") peer.initialize({ iceServers: [] });
  return peer;
}

const PEER_STATES = ["new", "initialized", "connecting", "connected", "closed", "initialized again"];
const peerSnapshot = (p: WebRTCPeerConnection): unknown => [p.get_connection_state(), p.get_signaling_state(), p.get_gathering_state()];

/** GodotObject's `protected` members: on the prototype at run time, but not public API (TypeScript refuses calls). */
const PROTECTED = ["signal", "enqueue", "emitQueued", "dropQueued"];

describe("bad-input matrix: WebRTCPeerConnection", () => {
  const methods = methodsOf(WebRTCPeerConnection.prototype, PROTECTED);
  it("has a row for every public method, and no row for a method that is gone", () => {
    expect(methods.filter((m) => !(m in PEER_ROWS))).toEqual([]);
    expect(Object.keys(PEER_ROWS).filter((m) => !methods.includes(m))).toEqual([]);
  });
  it.each(PEER_STATES)("in state %s: documented codes, logged refusals, no throw, still connects", async (state) => {
    const problems = await runMatrix({ state, methods, table: PEER_ROWS, values: MATRIX_VALUES, make: () => peerIn(state), snapshot: peerSnapshot, logCount: errorCount, stillWorks });
    expect(problems).toEqual([]);
  });
});

describe("bad-input matrix: the Signal objects", () => {
  const methods = methodsOf(Signal.prototype);
  const rows = (): Record<string, Row<Signal<unknown[]>>> => {
    const connected = (c: Cell<Signal<unknown[]>>, args: unknown[]): boolean => c.obj.is_connected(args[0] as never);
    const params = [handler(noop)];
    return {
      connect: { params, refused: () => code(ERR_INVALID_PARAMETER), accepted: (c, args) => code(connected(c, args) ? ERR_INVALID_PARAMETER : OK) },
      disconnect: { params, refused: () => code(ERR_INVALID_PARAMETER), accepted: (c, args) => code(connected(c, args) ? OK : ERR_INVALID_PARAMETER) },
      is_connected: { params, refused: () => ({ value: false, logs: false }), accepted: () => bool_ },
    };
  };
  it("has a row for every public method", () => {
    expect(methods.filter((m) => !(m in rows()))).toEqual([]);
  });
  it.each(["session_description_created", "ice_candidate_created", "data_channel_received", "operation_failed"] as const)(
    "%s on a connected peer: documented codes, logged refusals, the peer still connects",
    async (name) => {
      const peer = await peerIn("connected");
      const signal = peer[name] as unknown as Signal<unknown[]>;
      world.set(signal, world.get(peer)!);
      const problems = await runMatrix({ state: "connected", methods, table: rows(), values: MATRIX_VALUES, make: () => signal, snapshot: () => null, logCount: errorCount, stillWorks });
      expect(problems).toEqual([]);
    },
  );
});

const DC = WebRTCDataChannel;
const dcOpen = (c: Cell<WebRTCDataChannel>): boolean => c.obj.get_ready_state() === DC.STATE_OPEN;
const byteLength = (value: unknown): number => (Array.isArray(value) ? value.length : ArrayBuffer.isView(value) || value instanceof ArrayBuffer ? value.byteLength : -1);
const setter = <T,>(p: Param): Row<T> => ({ params: [p], refused: () => code(ERR_INVALID_PARAMETER), accepted: () => code(OK) });
const getter = <T,>(e: Expectation): Row<T> => ({ params: [], accepted: () => e });
const CHANNEL_ROWS: Record<string, Row<WebRTCDataChannel>> = {
  set_write_mode: setter(oneOf("mode", [0, 1], 1)),
  get_write_mode: getter(isEnum(1)),
  was_string_packet: getter(bool_),
  get_ready_state: getter(isEnum(3)),
  get_label: getter(typed("string")),
  get_protocol: getter(typed("string")),
  get_id: getter(intResult(0, 65535)),
  is_ordered: getter(bool_),
  is_negotiated: getter(bool_),
  get_max_packet_life_time: getter(intResult(0, 65535)),
  get_max_retransmits: getter(intResult(0, 65535)),
  get_buffered_amount: getter(intResult(0, Number.MAX_SAFE_INTEGER)),
  get_max_packet_size: getter(intResult(1, 256 * 1024)),
  put_packet: {
    params: [bytes],
    refused: () => code(ERR_INVALID_PARAMETER),
    accepted: (c, args) => code(byteLength(args[0]) === 0 || dcOpen(c) ? OK : ERR_UNCONFIGURED),
  },
  get_packet: { params: [], accepted: () => ({ match: (r) => r instanceof Uint8Array, what: "a Uint8Array" }) },
  get_packet_error: { params: [], accepted: () => ({ match: (r) => r === OK || r === ERR_UNAVAILABLE, what: "OK or ERR_UNAVAILABLE" }) },
  get_available_packet_count: getter(intResult(0, Number.MAX_SAFE_INTEGER)),
  put_var: { params: [variant], refused: () => code(ERR_INVALID_PARAMETER), accepted: (c) => code(dcOpen(c) ? OK : ERR_UNCONFIGURED) },
  get_var: { params: [], accepted: (c) => (c.obj.get_available_packet_count() === 0 ? { value: null, logs: true } : { match: () => true }) },
  get_encode_buffer_max_size: getter(intResult(1024, 256 * MIB)),
  set_encode_buffer_max_size: setter(intIn("bytes", 1024, 256 * MIB, 4096)),
  get_in_buffer_limit: getter(intResult(1, Number.MAX_SAFE_INTEGER)),
  set_in_buffer_limit: setter(intIn("bytes", 1, Number.MAX_SAFE_INTEGER, MIB)),
  get_out_buffer_limit: getter(intResult(1, Number.MAX_SAFE_INTEGER)),
  set_out_buffer_limit: setter(intIn("bytes", 1, Number.MAX_SAFE_INTEGER, MIB)),
  get_dropped_packet_count: getter(intResult(0, Number.MAX_SAFE_INTEGER)),
  poll: getter(code(OK)),
  close: getter(NOTHING),
};

async function channelIn(state: string): Promise<WebRTCDataChannel> {
  const network = new FakeNetwork();
  const peer = new WebRTCPeerConnection();
  const partner = new WebRTCPeerConnection();
  let channel: WebRTCDataChannel;
  let far: WebRTCDataChannel | null = null;
  if (state === "connecting") {
    peer.initialize({ iceServers: [] });
    channel = peer.create_data_channel("c", { negotiated: true, id: 1 })!;
  } else {
    [channel, far] = await connectPair(network, peer, partner);
    channel.put_packet(new Uint8Array([5])); // a packet waiting on the far side, one here
    far.put_packet(new Uint8Array([6]));
    network.deliver();
  }
  if (state === "closing") channel.close();
  if (state === "closed by the remote") network.closeChannel(FakeRTCPeerConnection.instances.at(-2)!.channels[0]!);
  if (state === "connection closed") peer.close();
  if (state === "connection initialized again") peer.initialize({ iceServers: [] });
  world.set(channel, {
    network,
    check: async () => {
      // The same channel still exchanges data while open; once closed, its connection makes working new ones.
      if (channel.get_ready_state() === DC.STATE_OPEN && far !== null) {
        channel.set_write_mode(DC.WRITE_MODE_BINARY);
        far.set_write_mode(DC.WRITE_MODE_BINARY);
        network.deliver();
        while (channel.get_available_packet_count() > 0) channel.get_packet();
        while (far.get_available_packet_count() > 0) far.get_packet();
        exchange(network, channel, far);
      } else exchange(network, ...(await connectPair(network, peer, partner)));
    },
  });
  return channel;
}

const CHANNEL_STATES = ["connecting", "open", "closing", "closed by the remote", "connection closed", "connection initialized again"];
const channelSnapshot = (c: WebRTCDataChannel): unknown => [
  c.get_ready_state(), c.get_write_mode(), c.get_in_buffer_limit(), c.get_out_buffer_limit(), c.get_encode_buffer_max_size(),
  c.get_available_packet_count(), c.get_dropped_packet_count(),
];

describe("bad-input matrix: WebRTCDataChannel", () => {
  const methods = methodsOf(WebRTCDataChannel.prototype);
  it("has a row for every public method, and no row for a method that is gone", () => {
    expect(methods.filter((m) => !(m in CHANNEL_ROWS))).toEqual([]);
    expect(Object.keys(CHANNEL_ROWS).filter((m) => !methods.includes(m))).toEqual([]);
  });
  it.each(CHANNEL_STATES)("in state %s: documented codes, logged refusals, no throw, still exchanges data", async (state) => {
    const problems = await runMatrix({ state, methods, table: CHANNEL_ROWS, values: MATRIX_VALUES, make: () => channelIn(state), snapshot: channelSnapshot, logCount: errorCount, stillWorks });
    expect(problems).toEqual([]);
  });
});

const MP = WebRTCMultiplayerPeer;
/** The mode each multiplayer state is in, which decides which peer ids add_peer takes. */
const MP_MODE: Record<string, "none" | "server" | "client" | "mesh"> = {
  new: "none", server: "server", "client connecting": "client", "mesh connected": "mesh", closed: "none", "created again": "mesh",
};
const peerId = param("peer_id", (v, c) => {
  const mode = MP_MODE[c.state];
  if (mode === "none") return true; // ERR_UNCONFIGURED comes first, whatever the id
  if (mode === "client") return v === 1;
  return Number.isInteger(v) && (v as number) >= (mode === "server" ? 2 : 1) && (v as number) <= MAX_ID;
}, (c: Cell<never>) => (MP_MODE[c.state] === "client" ? 1 : 3));
const closedPeer = new WebRTCPeerConnection();
closedPeer.close();
const freshPeer = param("peer", (v) => {
  try {
    return v instanceof WebRTCPeerConnection && v.get_connection_state() === PC.STATE_NEW;
  } catch {
    return false; // a Proxy whose getPrototypeOf trap throws is no peer
  }
}, () => new WebRTCPeerConnection(), [["a closed peer", closedPeer], ["a Signal", closedPeer.operation_failed]]);
const channelsConfig = param("channels_config", (v) => {
  try {
    return v === undefined || (Array.isArray(v) && v.every((m) => m === 0 || m === 1 || m === 2));
  } catch {
    return false;
  }
}, () => [], [["[3]", [3]], ["[1.5]", [1.5]], ['["2"]', ["2"]], ["[null]", [null]]]);
const mpActive = (c: Cell<WebRTCMultiplayerPeer>): boolean => c.obj.get_connection_status() !== MP.CONNECTION_DISCONNECTED;
const MULTIPLAYER_ROWS: Record<string, Row<WebRTCMultiplayerPeer>> = {
  create_server: setter(channelsConfig),
  create_client: { params: [intIn("peer_id", 2, MAX_ID, 2), channelsConfig], refused: () => code(ERR_INVALID_PARAMETER), accepted: () => code(OK) },
  create_mesh: { params: [intIn("peer_id", 1, MAX_ID, 1), channelsConfig], refused: () => code(ERR_INVALID_PARAMETER), accepted: () => code(OK) },
  add_peer: {
    params: [freshPeer, peerId, param("unreliable_lifetime", (v) => v === undefined || (Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 65535), 1)],
    refused: (c) => code(MP_MODE[c.state] === "none" ? ERR_UNCONFIGURED : ERR_INVALID_PARAMETER),
    accepted: (c) => code(MP_MODE[c.state] === "none" ? ERR_UNCONFIGURED : OK),
  },
  remove_peer: { params: [any("peer_id", 2)], accepted: (c, args) => ({ value: undefined, logs: !c.obj.has_peer(args[0] as number) }) },
  has_peer: getter(bool_),
  get_peer: {
    params: [any("peer_id", 2)],
    accepted: (c, args) => (c.obj.has_peer(args[0] as number)
      ? { match: (r) => (r as { connection?: unknown }).connection instanceof WebRTCPeerConnection, what: "{connection, connected, channels}" }
      : { match: (r) => isPlainObject(r) && Object.keys(r).length === 0, what: "{}", logs: true }),
  },
  get_peers: getter({ match: (r) => isPlainObject(r), what: "a plain object" }),
  disconnect_peer: { params: [any("peer_id", 2), any("force", false)], accepted: (c, args) => ({ value: undefined, logs: !c.obj.has_peer(args[0] as number) }) },
  close: getter(NOTHING),
  poll: getter(code(OK)),
  put_packet: {
    params: [bytes],
    refused: () => code(ERR_INVALID_PARAMETER),
    accepted: (c, args) => code(byteLength(args[0]) === 0 || mpActive(c) ? OK : ERR_UNCONFIGURED),
  },
  get_packet: { params: [], accepted: (c) => ({ match: (r) => r instanceof Uint8Array, what: "a Uint8Array", logs: c.obj.get_packet_peer() === 0 }) },
  get_packet_error: getter(intResult(0, 48)),
  put_var: { params: [variant], refused: () => code(ERR_INVALID_PARAMETER), accepted: (c) => code(mpActive(c) ? OK : ERR_UNCONFIGURED) },
  get_var: { params: [], accepted: (c) => (c.obj.get_packet_peer() === 0 ? { value: null, logs: true } : { match: () => true }) },
  get_encode_buffer_max_size: getter(intResult(1024, 256 * MIB)),
  set_encode_buffer_max_size: setter(intIn("bytes", 1024, 256 * MIB, 4096)),
  get_available_packet_count: getter(intResult(0, Number.MAX_SAFE_INTEGER)),
  get_packet_peer: getter(intResult(0, MAX_ID)),
  get_packet_channel: getter(intResult(0, Number.MAX_SAFE_INTEGER)),
  get_packet_mode: getter(isEnum(2)),
  set_transfer_mode: setter(oneOf("mode", [0, 1, 2], 2)),
  get_transfer_mode: getter(isEnum(2)),
  set_transfer_channel: setter(intIn("channel", 0, Number.MAX_SAFE_INTEGER, 0)),
  get_transfer_channel: getter(intResult(0, Number.MAX_SAFE_INTEGER)),
  set_target_peer: setter(intIn("id", -MAX_ID, MAX_ID, 0)),
  set_refuse_new_connections: setter(bool("refuse", false)),
  is_refusing_new_connections: getter(bool_),
  get_unique_id: { params: [], accepted: (c) => ({ ...intResult(1, MAX_ID), logs: !mpActive(c) }) },
  get_connection_status: getter(isEnum(2)),
  is_server: getter(bool_),
  is_server_relay_supported: getter(bool_),
  generate_unique_id: getter(intResult(2, MAX_ID)),
  ...signalRows<WebRTCMultiplayerPeer>(["peer_connected", "peer_disconnected"]),
};

async function multiplayerIn(state: string): Promise<WebRTCMultiplayerPeer> {
  const network = new FakeNetwork();
  const mp = new WebRTCMultiplayerPeer();
  const other = new WebRTCMultiplayerPeer();
  world.set(mp, {
    network,
    check: async () => {
      mp.close();
      other.close();
      mp.set_refuse_new_connections(false);
      mp.set_transfer_channel(0);
      expect(mp.create_mesh(1)).toBe(OK);
      expect(other.create_mesh(2)).toBe(OK);
      await connectMultiplayer(network, mp, 1, other, 2);
      exchangeMultiplayer(network, mp, 1, other, 2);
    },
  });
  if (state === "server") mp.create_server();
  if (state === "client connecting") {
    mp.create_client(2);
    mp.add_peer(new WebRTCPeerConnection(), 1);
  }
  if (["mesh connected", "closed", "created again"].includes(state)) {
    mp.create_mesh(1);
    other.create_mesh(2);
    await connectMultiplayer(network, mp, 1, other, 2);
    other.put_packet(new Uint8Array([4]));
    network.deliver();
    mp.poll();
  }
  if (state === "closed" || state === "created again") mp.close();
  if (state === "created again") mp.create_mesh(1);
  return mp;
}

const MP_STATES = Object.keys(MP_MODE);
const multiplayerSnapshot = (mp: WebRTCMultiplayerPeer): unknown => [
  mp.get_connection_status(), Object.keys(mp.get_peers()), mp.get_transfer_mode(), mp.get_transfer_channel(),
  mp.is_refusing_new_connections(), mp.get_encode_buffer_max_size(), mp.get_packet_peer(), mp.is_server(),
];

describe("bad-input matrix: WebRTCMultiplayerPeer", () => {
  const methods = methodsOf(WebRTCMultiplayerPeer.prototype, PROTECTED);
  it("has a row for every public method, and no row for a method that is gone", () => {
    expect(methods.filter((m) => !(m in MULTIPLAYER_ROWS))).toEqual([]);
    expect(Object.keys(MULTIPLAYER_ROWS).filter((m) => !methods.includes(m))).toEqual([]);
  });
  it.each(MP_STATES)("in state %s: documented codes, logged refusals, no throw, still connects", async (state) => {
    const problems = await runMatrix({ state, methods, table: MULTIPLAYER_ROWS, values: MATRIX_VALUES, make: () => multiplayerIn(state), snapshot: multiplayerSnapshot, logCount: errorCount, stillWorks });
    expect(problems).toEqual([]);
  });
});

const SC_ROWS: Record<string, Row<SignalingClient>> = {
  start: {
    params: [param("url", (v) => typeof v === "string" && /^wss?:\/\//i.test(v), "ws://fake", [["an http URL", "http://x"], ["a bare host", "example.org"]]),
      param("lobby", (v) => v === undefined || typeof v === "string", ""), param("mesh", (v) => v === undefined || typeof v === "boolean", true)],
    refused: () => code(ERR_INVALID_PARAMETER),
    accepted: () => code(OK),
  },
  stop: getter(NOTHING),
  seal_lobby: {
    params: [],
    accepted: (c) => {
      const id = c.obj.get_unique_id();
      if (id === 0) return code(ERR_UNCONFIGURED);
      if (id !== 1) return code(ERR_UNAUTHORIZED);
      return code(FakeSocket.last.readyState === 1 ? OK : ERR_CONNECTION_ERROR);
    },
  },
  poll: getter(code(OK)),
  get_lobby: getter(typed("string")),
  get_unique_id: getter(intResult(0, MAX_ID)),
  is_mesh: getter(bool_),
  is_sealed: getter(bool_),
  get_connection_status: getter(isEnum(2)),
  ...signalRows<SignalingClient>(["lobby_joined", "connected", "disconnected", "lobby_sealed"]),
};

/** A client that reached a lobby as `id` on a fresh FakeSocket (the server's ID and JOIN played in). */
function joinLobby(client: SignalingClient, id: number): FakeSocket {
  expect(client.start("ws://fake", "", true)).toBe(OK);
  const socket = FakeSocket.last;
  socket.open();
  socket.serverSends(MessageType.ID, id, "true");
  socket.serverSends(MessageType.JOIN, 0, "LOBBY");
  return socket;
}

/** Two clients in one mesh lobby, with the test as the server relaying offers, answers and candidates. */
async function lobbyStillWorks(network: FakeNetwork, client: SignalingClient): Promise<void> {
  const other = new SignalingClient({ websocket_class: FakeSocket as unknown as SignalingSocketConstructor, peer_configuration: { iceServers: [] } });
  const sockets = new Map([[1, joinLobby(client, 1)], [2, joinLobby(other, 2)]]);
  sockets.get(1)!.serverSends(MessageType.PEER_CONNECT, 2);
  sockets.get(2)!.serverSends(MessageType.PEER_CONNECT, 1);
  const relayed = new Map([[1, 0], [2, 0]]);
  const relay = (): void => {
    for (const [from, socket] of sockets) {
      const messages = socket.messages();
      for (const message of messages.slice(relayed.get(from)!)) {
        if (message.type >= MessageType.OFFER && message.type <= MessageType.CANDIDATE) sockets.get(message.id)?.serverSends(message.type, from, message.data);
      }
      relayed.set(from, messages.length);
    }
  };
  const a = client.multiplayer_peer;
  const b = other.multiplayer_peer;
  const quiet = new SignalingRelay();
  await pumpUntil(network, quiet, () => (client.poll(), other.poll(), relay()), () => a.has_peer(2) && a.get_peer(2).connected === true && b.has_peer(1) && b.get_peer(1).connected === true, "both lobby members connected");
  exchangeMultiplayer(network, a, 1, b, 2);
  other.stop();
}

const SC_STATES = ["new", "connecting", "in a lobby", "server gone", "stopped", "started again"];
async function signalingClientIn(state: string): Promise<SignalingClient> {
  const network = new FakeNetwork();
  const client = new SignalingClient({ websocket_class: FakeSocket as unknown as SignalingSocketConstructor, peer_configuration: { iceServers: [] } });
  world.set(client, { network, check: () => lobbyStillWorks(network, client) });
  if (state === "connecting") client.start("ws://fake");
  if (["in a lobby", "server gone", "stopped", "started again"].includes(state)) {
    joinLobby(client, 1);
    client.poll();
  }
  if (state === "server gone") FakeSocket.last.serverCloses(1006);
  if (state === "stopped" || state === "started again") client.stop();
  if (state === "started again") joinLobby(client, 1);
  return client;
}
const scSnapshot = (c: SignalingClient): unknown => [c.get_connection_status(), c.get_unique_id(), c.get_lobby(), c.is_mesh(), c.is_sealed()];

describe("bad-input matrix: SignalingClient", () => {
  const methods = methodsOf(SignalingClient.prototype, PROTECTED);
  beforeEach(() => FakeSocket.reset());
  it("has a row for every public method, and no row for a method that is gone", () => {
    expect(methods.filter((m) => !(m in SC_ROWS))).toEqual([]);
    expect(Object.keys(SC_ROWS).filter((m) => !methods.includes(m))).toEqual([]);
  });
  it.each(SC_STATES)("in state %s: documented codes, logged refusals, no throw, still joins and connects", async (state) => {
    const problems = await runMatrix({ state, methods, table: SC_ROWS, values: MATRIX_VALUES, make: () => signalingClientIn(state), snapshot: scSnapshot, logCount: errorCount, stillWorks });
    expect(problems).toEqual([]);
  });
});

describe("bad-input matrix: what the browser refuses later arrives as operation_failed", () => {
  // Malformed SDP, SDP of the wrong type and garbage candidates are strings, so the call returns OK; the browser
  // (here FakeNetwork, which checks like one) rejects them, and poll() reports it.
  const LATE: [string, (p: WebRTCPeerConnection) => GodotError, string][] = [
    ...SDP_EXTRA.map(([what, text]): [string, (p: WebRTCPeerConnection) => GodotError, string] => [`a remote offer with ${what}`, (p) => p.set_remote_description("offer", text as string), "set_remote_description"]),
    ["an answer's SDP given as an offer", (p) => p.set_remote_description("offer", "v=0 fake-answer from=1"), "set_remote_description"],
    ["a remote answer when no offer was made", (p) => p.set_remote_description("answer", "v=0 fake-answer from=1"), "set_remote_description"],
    ["our own offer as a remote description", (p) => p.set_remote_description("offer", "v=0 fake-offer from=0"), "set_remote_description"],
    ["a local answer with nothing to answer", (p) => p.set_local_description("answer", "v=0 fake-answer from=0"), "set_local_description"],
    ["a local offer someone else made", (p) => p.set_local_description("offer", "v=0 fake-offer from=1"), "set_local_description"],
    ...CANDIDATE_EXTRA.map(([what, text]): [string, (p: WebRTCPeerConnection) => GodotError, string] => [
      `${what} after the remote description`, (p) => (p.set_remote_description("offer", "v=0 fake-offer from=1"), p.add_ice_candidate("0", 0, text as string)), "add_ice_candidate",
    ]),
  ];
  it.each(LATE)("%s: OK now, then operation_failed from poll() with the browser's message", async (_what, call, operation) => {
    const network = new FakeNetwork();
    const peer = new WebRTCPeerConnection();
    const partner = new WebRTCPeerConnection();
    peer.initialize({ iceServers: [] });
    partner.initialize({ iceServers: [] }); // fake #1, whose SDP the calls above quote
    const failures: string[] = [];
    peer.operation_failed.connect((op, message) => failures.push(`${op}: ${message}`));
    expect(call(peer)).toBe(OK);
    expect(failures).toEqual([]); // nothing outside poll()
    for (let round = 0; round < 5; round++) {
      network.settleCalls();
      await settle();
    }
    const logged = errorCount();
    peer.poll();
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.some((f) => f.startsWith(`${operation}: `) && /Error: /.test(f))).toBe(true);
    expect(logged).toBeGreaterThan(0);
    exchange(network, ...(await connectPair(network, peer, partner)));
  });
});

afterAll(() => {
  // The figures docs/reliability.md quotes ("Bad-input matrix").
  if (tally.calls > 0) process.stdout.write(`bad-input matrix: ${tally.calls} calls (${tally.refused} refused) over ${tally.cells.size} method×state cells\n`);
});
