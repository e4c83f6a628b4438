import { describe, expect, it, vi } from "vitest";
import { GodotError } from "../godot/godot-error";
import { FakeRTCPeerConnection, settle } from "../test-support/fake-rtc";
import { useFakeBrowser } from "../test-support/use-fake-browser";
import { WebRTCPeerConnection } from "./webrtc-peer-connection";

const { OK, FAILED, ERR_INVALID_PARAMETER } = GodotError;

const logs = useFakeBrowser();

/** A peer after `initialize()`, its fake browser connection, and a log of every signal it emits. */
function setup(configuration?: object): { peer: WebRTCPeerConnection; pc: FakeRTCPeerConnection; events: unknown[][] } {
  const peer = new WebRTCPeerConnection();
  expect(peer.initialize(configuration as never)).toBe(OK);
  const events: unknown[][] = [];
  peer.session_description_created.connect((type, sdp) => events.push(["session_description_created", type, sdp]));
  peer.ice_candidate_created.connect((media, index, name) => events.push(["ice_candidate_created", media, index, name]));
  peer.data_channel_received.connect((channel) => events.push(["data_channel_received", channel]));
  peer.operation_failed.connect((operation, message) => events.push(["operation_failed", operation, message]));
  return { peer, pc: FakeRTCPeerConnection.last, events };
}

describe("construction", () => {
  it("creates no browser connection until one is needed", () => {
    const peer = new WebRTCPeerConnection();
    peer.poll();
    peer.get_connection_state();
    expect(FakeRTCPeerConnection.instances).toHaveLength(0);
    expect(peer.initialize()).toBe(OK);
    expect(FakeRTCPeerConnection.instances).toHaveLength(1);
  });

  it("creates one lazily (empty configuration) when used without initialize()", () => {
    const peer = new WebRTCPeerConnection();
    expect(peer.create_offer()).toBe(OK);
    expect(FakeRTCPeerConnection.instances).toHaveLength(1);
    expect(FakeRTCPeerConnection.last.callsOf("createOffer")).toHaveLength(1);
  });

  it("without any RTCPeerConnection implementation, initialize() fails with FAILED and logs", () => {
    WebRTCPeerConnection.set_default_extension(null);
    const saved = globalThis.RTCPeerConnection;
    // @ts-expect-error: Node has none; make sure of it.
    delete globalThis.RTCPeerConnection;
    try {
      expect(new WebRTCPeerConnection().initialize()).toBe(FAILED);
      expect(logs.error).toHaveBeenCalledWith(expect.stringContaining("set_default_extension"));
    } finally {
      if (saved !== undefined) globalThis.RTCPeerConnection = saved;
    }
  });
});

describe("initialize", () => {
  it("passes iceServers and the browser's other RTCConfiguration keys through", () => {
    const configuration = { iceServers: [{ urls: ["turn:127.0.0.1"], username: "u", credential: "c" }], bundlePolicy: "max-bundle" };
    const { pc } = setup(configuration);
    expect(pc.configuration).toEqual(configuration);
  });

  it("closes the previous connection and its channels, and drops its queued events", () => {
    const { peer, pc, events } = setup();
    const channel = peer.create_data_channel("chat");
    pc.fireIceCandidate({ candidate: "candidate:1", sdpMid: "0", sdpMLineIndex: 0 });
    expect(peer.initialize()).toBe(OK);
    expect(pc.closed).toBe(true);
    expect(pc.channels[0]!.closeCalls).toBe(1);
    expect(channel!.get_ready_state()).not.toBe(1);
    expect(FakeRTCPeerConnection.liveCount).toBe(1);
    expect(peer.get_connection_state()).toBe(WebRTCPeerConnection.STATE_NEW);
    peer.poll();
    expect(events).toEqual([]);
  });

  it("returns to STATE_NEW after close(), usable again", () => {
    const { peer } = setup();
    peer.close();
    expect(peer.initialize()).toBe(OK);
    expect(peer.get_connection_state()).toBe(WebRTCPeerConnection.STATE_NEW);
    expect(peer.get_signaling_state()).toBe(WebRTCPeerConnection.SIGNALING_STATE_STABLE);
    expect(peer.create_offer()).toBe(OK);
  });

  it.each([
    ["null", null],
    ["a string", "stun:x"],
    ["an array", []],
    ["a class instance", new Map()],
    ["iceServers not an array", { iceServers: {} }],
    ["an entry not an object", { iceServers: ["stun:x"] }],
    ["urls missing", { iceServers: [{}] }],
    ["urls a number", { iceServers: [{ urls: 1 }] }],
    ["urls an empty array", { iceServers: [{ urls: [] }] }],
    ["urls with a non-string", { iceServers: [{ urls: ["stun:x", 2] }] }],
    ["username not a string", { iceServers: [{ urls: "turn:x", username: 1 }] }],
    ["credential not a string", { iceServers: [{ urls: "turn:x", credential: {} }] }],
  ])("refuses %s with ERR_INVALID_PARAMETER, logs, and leaves the object usable", (_what, configuration) => {
    const { peer, pc } = setup();
    expect(peer.initialize(configuration as never)).toBe(ERR_INVALID_PARAMETER);
    expect(logs.error).toHaveBeenCalled();
    expect(FakeRTCPeerConnection.instances).toHaveLength(1);
    expect(pc.closed).toBe(false);
    expect(peer.create_offer()).toBe(OK);
    expect(pc.callsOf("createOffer")).toHaveLength(1);
  });

  it("returns FAILED when the browser constructor throws, and works after a good initialize()", () => {
    const peer = new WebRTCPeerConnection();
    FakeRTCPeerConnection.nextConstructError = new TypeError("bad URL");
    expect(peer.initialize({ iceServers: [{ urls: "nonsense" }] })).toBe(FAILED);
    expect(logs.error).toHaveBeenCalledWith(expect.stringContaining("bad URL"));
    expect(peer.create_offer()).toBe(FAILED);
    expect(peer.initialize()).toBe(OK);
    expect(peer.create_offer()).toBe(OK);
  });
});

describe("create_offer", () => {
  it("moves to STATE_CONNECTING at once, then emits session_description_created from poll()", async () => {
    const { peer, pc, events } = setup();
    expect(peer.create_offer()).toBe(OK);
    expect(peer.get_connection_state()).toBe(WebRTCPeerConnection.STATE_CONNECTING);
    pc.resolve("createOffer", { type: "offer", sdp: "v=0 offer" });
    await settle();
    expect(events).toEqual([]);
    peer.poll();
    expect(events).toEqual([["session_description_created", "offer", "v=0 offer"]]);
  });

  it("a second create_offer() returns FAILED", () => {
    const { peer, pc } = setup();
    expect(peer.create_offer()).toBe(OK);
    expect(peer.create_offer()).toBe(FAILED);
    expect(pc.callsOf("createOffer")).toHaveLength(1);
  });

  it("after close() returns FAILED", () => {
    const { peer } = setup();
    peer.close();
    expect(peer.create_offer()).toBe(FAILED);
  });

  it("a browser rejection becomes operation_failed(\"create_offer\", message) and is logged", async () => {
    const { peer, pc, events } = setup();
    peer.create_offer();
    pc.reject("createOffer", new DOMException("no can do", "OperationError"));
    await settle();
    expect(logs.error).toHaveBeenCalledWith(expect.stringContaining("no can do"));
    peer.poll();
    expect(events).toEqual([["operation_failed", "create_offer", expect.stringContaining("no can do")]]);
  });
});

describe("set_local_description", () => {
  it("applies the description and returns OK", async () => {
    const { peer, pc } = setup();
    expect(peer.set_local_description("offer", "v=0 x")).toBe(OK);
    expect(pc.callsOf("setLocalDescription")[0]!.args[0]).toEqual({ type: "offer", sdp: "v=0 x" });
  });

  it.each([["bogus", "v=0"], ["offer", 42], [1, "v=0"], [undefined, undefined]])("(%j, %j) → ERR_INVALID_PARAMETER", (type, sdp) => {
    const { peer, pc } = setup();
    expect(peer.set_local_description(type as never, sdp as never)).toBe(ERR_INVALID_PARAMETER);
    expect(pc.callsOf("setLocalDescription")).toHaveLength(0);
  });

  it("a browser rejection becomes operation_failed", async () => {
    const { peer, pc, events } = setup();
    peer.set_local_description("answer", "v=0");
    pc.reject("setLocalDescription", new Error("wrong state"));
    await settle();
    peer.poll();
    expect(events).toEqual([["operation_failed", "set_local_description", expect.stringContaining("wrong state")]]);
  });
});

describe("set_remote_description", () => {
  it("an offer moves to STATE_CONNECTING at once, then the answer comes as session_description_created", async () => {
    const { peer, pc, events } = setup();
    expect(peer.set_remote_description("offer", "v=0 remote")).toBe(OK);
    expect(peer.get_connection_state()).toBe(WebRTCPeerConnection.STATE_CONNECTING);
    expect(pc.callsOf("setRemoteDescription")[0]!.args[0]).toEqual({ type: "offer", sdp: "v=0 remote" });
    pc.resolve("setRemoteDescription");
    await settle();
    pc.resolve("createAnswer", { type: "answer", sdp: "v=0 answer" });
    await settle();
    peer.poll();
    expect(events).toEqual([["session_description_created", "answer", "v=0 answer"]]);
  });

  it("an answer does not create another answer", async () => {
    const { peer, pc, events } = setup();
    peer.create_offer();
    expect(peer.set_remote_description("answer", "v=0")).toBe(OK);
    pc.resolve("setRemoteDescription");
    await settle();
    expect(pc.callsOf("createAnswer")).toHaveLength(0);
    peer.poll();
    expect(events.filter((e) => e[0] === "session_description_created")).toEqual([]);
  });

  it("an offer when not in STATE_NEW → FAILED", () => {
    const { peer } = setup();
    peer.create_offer();
    expect(peer.set_remote_description("offer", "v=0")).toBe(FAILED);
  });

  it.each([["bogus", "v=0"], ["Offer", "v=0"], ["offer", null], [null, "v=0"]])("(%j, %j) → ERR_INVALID_PARAMETER", (type, sdp) => {
    const { peer, pc } = setup();
    expect(peer.set_remote_description(type as never, sdp as never)).toBe(ERR_INVALID_PARAMETER);
    expect(pc.callsOf("setRemoteDescription")).toHaveLength(0);
    expect(peer.get_connection_state()).toBe(WebRTCPeerConnection.STATE_NEW);
  });

  it.each(["pranswer", "rollback"])("accepts type %s", (type) => {
    const { peer } = setup();
    expect(peer.set_remote_description(type, "")).toBe(OK);
  });

  it("a browser rejection becomes operation_failed and is logged", async () => {
    const { peer, pc, events } = setup();
    peer.set_remote_description("offer", "garbage");
    pc.reject("setRemoteDescription", new DOMException("Failed to parse SessionDescription", "OperationError"));
    await settle();
    expect(logs.error).toHaveBeenCalledWith(expect.stringContaining("Failed to parse"));
    peer.poll();
    expect(events).toEqual([["operation_failed", "set_remote_description", expect.stringContaining("Failed to parse")]]);
    expect(pc.callsOf("createAnswer")).toHaveLength(0);
  });

  it("a failing createAnswer becomes operation_failed(\"create_answer\", ...)", async () => {
    const { peer, pc, events } = setup();
    peer.set_remote_description("offer", "v=0");
    pc.resolve("setRemoteDescription");
    await settle();
    pc.reject("createAnswer", new Error("answer broke"));
    await settle();
    peer.poll();
    expect(events).toEqual([["operation_failed", "create_answer", expect.stringContaining("answer broke")]]);
  });
});

describe("ICE candidates", () => {
  it("local candidates come out of poll() as (sdpMid, sdpMLineIndex, candidate), in browser order", () => {
    const { peer, pc, events } = setup();
    pc.fireIceCandidate({ candidate: "candidate:1 1 udp 1 127.0.0.1 1 typ host", sdpMid: "0", sdpMLineIndex: 0 });
    pc.fireIceCandidate({ candidate: "candidate:2", sdpMid: "data", sdpMLineIndex: 3 });
    expect(events).toEqual([]);
    peer.poll();
    expect(events).toEqual([
      ["ice_candidate_created", "0", 0, "candidate:1 1 udp 1 127.0.0.1 1 typ host"],
      ["ice_candidate_created", "data", 3, "candidate:2"],
    ]);
  });

  it("a missing sdpMid reads \"\" and a missing index 0", () => {
    const { peer, pc, events } = setup();
    pc.fireIceCandidate({ candidate: "candidate:3", sdpMid: null, sdpMLineIndex: null });
    peer.poll();
    expect(events).toEqual([["ice_candidate_created", "", 0, "candidate:3"]]);
  });

  it("does not forward the end-of-candidates marker (null or empty candidate)", () => {
    const { peer, pc, events } = setup();
    pc.fireIceCandidate(null);
    pc.fireIceCandidate({ candidate: "", sdpMid: "0", sdpMLineIndex: 0 });
    peer.poll();
    expect(events).toEqual([]);
  });

  it("remote candidates are held until the remote description, then applied with sdpMid/sdpMLineIndex", async () => {
    const { peer, pc } = setup();
    expect(peer.add_ice_candidate("0", 0, "candidate:a")).toBe(OK);
    expect(peer.add_ice_candidate("", 2, "candidate:b")).toBe(OK);
    expect(pc.callsOf("addIceCandidate")).toHaveLength(0);
    peer.set_remote_description("offer", "v=0");
    expect(peer.add_ice_candidate("1", 1, "candidate:c")).toBe(OK);
    expect(pc.callsOf("addIceCandidate")).toHaveLength(0);
    pc.resolve("setRemoteDescription");
    await settle();
    expect(pc.callsOf("addIceCandidate").map((call) => call.args[0])).toEqual([
      { candidate: "candidate:a", sdpMid: "0", sdpMLineIndex: 0 },
      { candidate: "candidate:b", sdpMid: null, sdpMLineIndex: 2 },
      { candidate: "candidate:c", sdpMid: "1", sdpMLineIndex: 1 },
    ]);
    expect(peer.add_ice_candidate("0", 0, "candidate:d")).toBe(OK);
    expect(pc.callsOf("addIceCandidate")).toHaveLength(4);
  });

  it("held candidates survive a failed remote description and go with the next good one", async () => {
    const { peer, pc } = setup();
    peer.add_ice_candidate("0", 0, "candidate:a");
    peer.set_remote_description("offer", "bad");
    pc.reject("setRemoteDescription", new Error("bad sdp"));
    await settle();
    expect(pc.callsOf("addIceCandidate")).toHaveLength(0);
    peer.set_remote_description("offer", "good");
    pc.resolve("setRemoteDescription");
    await settle();
    expect(pc.callsOf("addIceCandidate")).toHaveLength(1);
  });

  it("a rejected candidate becomes operation_failed(\"add_ice_candidate\", ...)", async () => {
    const { peer, pc, events } = setup();
    pc.remoteDescription = { type: "offer", sdp: "v=0" };
    peer.add_ice_candidate("0", 0, "candidate:bad");
    pc.reject("addIceCandidate", new DOMException("Error processing ICE candidate", "OperationError"));
    await settle();
    peer.poll();
    expect(events).toEqual([["operation_failed", "add_ice_candidate", expect.stringContaining("Error processing ICE candidate")]]);
  });

  it.each([
    [0, 0, "c"], ["0", "0", "c"], ["0", -1, "c"], ["0", 1.5, "c"], ["0", 65536, "c"], ["0", NaN, "c"], ["0", 0, null], [null, 0, "c"],
  ])("add_ice_candidate(%j, %j, %j) → ERR_INVALID_PARAMETER", (media, index, name) => {
    const { peer, pc } = setup();
    pc.remoteDescription = { type: "offer", sdp: "v=0" };
    expect(peer.add_ice_candidate(media as never, index as never, name as never)).toBe(ERR_INVALID_PARAMETER);
    expect(pc.callsOf("addIceCandidate")).toHaveLength(0);
  });
});

describe("icecandidateerror (a STUN/TURN server that fails, e.g. a wrong TURN password)", () => {
  it("becomes operation_failed(\"ice_candidate\", \"<url>: <code> <text>\") from poll(), and is logged", () => {
    const { peer, pc, events } = setup();
    const warn = logs.warn;
    pc.fire("icecandidateerror", { url: "turn:127.0.0.1:3478?transport=udp", errorCode: 401, errorText: "Unauthorized.", address: "127.0.0.x", port: 5000 });
    expect(events).toEqual([]);
    peer.poll();
    expect(events).toEqual([["operation_failed", "ice_candidate", "turn:127.0.0.1:3478?transport=udp: 401 Unauthorized."]]);
    expect(logs.warn).toHaveBeenCalledWith(expect.stringContaining("401 Unauthorized."));
  });

  it("is not listened to after close()", () => {
    const { peer, pc, events } = setup();
    peer.close();
    pc.fire("icecandidateerror", { url: "stun:127.0.0.1:1", errorCode: 701, errorText: "timeout" });
    peer.poll();
    expect(events).toEqual([]);
    expect(pc.listenerCount("icecandidateerror")).toBe(0);
  });
});

describe("ICE gathering that completes without a local candidate (every TURN server refused)", () => {
  it("reads STATE_FAILED from then on and reports operation_failed(\"gather_candidates\", …) once", () => {
    const { peer, pc, events } = setup();
    expect(peer.create_offer()).toBe(OK);
    pc.setStates({ iceGatheringState: "gathering" });
    pc.fire("icegatheringstatechange");
    expect(peer.get_connection_state()).toBe(WebRTCPeerConnection.STATE_CONNECTING);
    pc.setStates({ iceGatheringState: "complete" });
    pc.fire("icegatheringstatechange");
    pc.fire("icegatheringstatechange");
    expect(peer.get_connection_state()).toBe(WebRTCPeerConnection.STATE_FAILED);
    peer.poll();
    expect(events.filter(([name]) => name === "operation_failed")).toEqual([
      ["operation_failed", "gather_candidates", expect.stringContaining("without a single local candidate")],
    ]);
  });

  it("does not apply when a candidate was gathered, and is forgotten by initialize()", () => {
    const { peer, pc } = setup();
    peer.create_offer();
    pc.fireIceCandidate({ candidate: "candidate:1 1 udp 1 127.0.0.1 5000 typ host", sdpMid: "0", sdpMLineIndex: 0 });
    pc.setStates({ iceGatheringState: "complete" });
    pc.fire("icegatheringstatechange");
    expect(peer.get_connection_state()).toBe(WebRTCPeerConnection.STATE_CONNECTING);
    const empty = setup();
    empty.pc.setStates({ iceGatheringState: "complete" });
    empty.pc.fire("icegatheringstatechange");
    expect(empty.peer.get_connection_state()).toBe(WebRTCPeerConnection.STATE_FAILED);
    expect(empty.peer.initialize({})).toBe(OK);
    expect(empty.peer.get_connection_state()).toBe(WebRTCPeerConnection.STATE_NEW);
  });
});

describe("regression: a rejected offer left the peer stuck in STATE_CONNECTING", () => {
  it("a rejected create_offer() returns to STATE_NEW so the game can try again", async () => {
    const { peer, pc } = setup();
    peer.create_offer();
    pc.reject("createOffer", new Error("nope"));
    await settle();
    expect(peer.get_connection_state()).toBe(WebRTCPeerConnection.STATE_NEW);
    expect(peer.create_offer()).toBe(OK);
  });

  it("a rejected remote offer returns to STATE_NEW so a corrected offer can be applied", async () => {
    const { peer, pc } = setup();
    peer.set_remote_description("offer", "bad");
    pc.reject("setRemoteDescription", new Error("bad sdp"));
    await settle();
    expect(peer.get_connection_state()).toBe(WebRTCPeerConnection.STATE_NEW);
    expect(peer.set_remote_description("offer", "good")).toBe(OK);
  });
});

describe("data_channel_received", () => {
  it("delivers a wrapped in-band channel from poll(), already holding what arrived before", () => {
    const { peer, pc, events } = setup();
    const remote = pc.fireDataChannel("chat", { protocol: "p", id: 5 });
    remote.receive("early");
    expect(events).toEqual([]);
    peer.poll();
    expect(events).toHaveLength(1);
    const channel = events[0]![1] as import("../data-channel/webrtc-data-channel").WebRTCDataChannel;
    expect(channel.get_label()).toBe("chat");
    expect(channel.get_protocol()).toBe("p");
    expect(channel.get_available_packet_count()).toBe(1);
    expect(new TextDecoder().decode(channel.get_packet())).toBe("early");
    expect(channel.was_string_packet()).toBe(true);
  });
});

describe("poll", () => {
  it("returns OK and emits in the order the browser produced the events, across signals", async () => {
    const { peer, pc, events } = setup();
    peer.create_offer();
    pc.fireIceCandidate({ candidate: "candidate:1", sdpMid: "0", sdpMLineIndex: 0 });
    pc.resolve("createOffer");
    await settle();
    pc.fireDataChannel("x");
    pc.fireIceCandidate({ candidate: "candidate:2", sdpMid: "0", sdpMLineIndex: 0 });
    expect(peer.poll()).toBe(OK);
    expect(events.map((e) => e[0] === "ice_candidate_created" ? e[3] : e[0])).toEqual([
      "candidate:1", "session_description_created", "data_channel_received", "candidate:2",
    ]);
  });

  it("a throwing handler is logged and the remaining events still go out", () => {
    const { peer, pc, events } = setup();
    peer.ice_candidate_created.connect(() => {
      throw new Error("game bug");
    });
    pc.fireIceCandidate({ candidate: "candidate:1", sdpMid: "0", sdpMLineIndex: 0 });
    pc.fireIceCandidate({ candidate: "candidate:2", sdpMid: "0", sdpMLineIndex: 0 });
    peer.poll();
    expect(events).toHaveLength(2);
    expect(logs.error).toHaveBeenCalledWith(expect.stringContaining("game bug"));
  });

  it("connect(name, fn) works like the signal property", () => {
    const { peer, pc } = setup();
    const handler = vi.fn();
    expect(peer.connect("ice_candidate_created", handler)).toBe(OK);
    pc.fireIceCandidate({ candidate: "candidate:1", sdpMid: "m", sdpMLineIndex: 1 });
    peer.poll();
    expect(handler).toHaveBeenCalledWith("m", 1, "candidate:1");
    expect(peer.disconnect("ice_candidate_created", handler)).toBe(OK);
    expect(peer.is_connected("ice_candidate_created", handler)).toBe(false);
  });
});

describe("close", () => {
  it("closes the browser connection and every channel, made or received", () => {
    const { peer, pc } = setup();
    peer.create_data_channel("made");
    const received = pc.fireDataChannel("received");
    peer.close();
    expect(pc.closed).toBe(true);
    expect(pc.channels[0]!.closeCalls).toBe(1);
    expect(received.closeCalls).toBe(1);
    expect(FakeRTCPeerConnection.liveCount).toBe(0);
  });

  it("detaches every browser handler from the connection and its channels", () => {
    const { peer, pc } = setup();
    peer.create_data_channel("made");
    const received = pc.fireDataChannel("received");
    expect(pc.listenerCount()).toBeGreaterThan(0);
    expect(received.listenerCount()).toBeGreaterThan(0);
    peer.close();
    expect(pc.listenerCount()).toBe(0);
    expect(pc.channels[0]!.listenerCount()).toBe(0);
    expect(received.listenerCount()).toBe(0);
  });

  it("reads STATE_CLOSED and SIGNALING_STATE_CLOSED afterwards, even if the browser says otherwise", () => {
    const { peer, pc } = setup();
    peer.close();
    pc.connectionState = "connected";
    pc.signalingState = "stable";
    expect(peer.get_connection_state()).toBe(WebRTCPeerConnection.STATE_CLOSED);
    expect(peer.get_signaling_state()).toBe(WebRTCPeerConnection.SIGNALING_STATE_CLOSED);
  });

  it("drops undelivered events and emits nothing afterwards, not even results of pending operations", async () => {
    const { peer, pc, events } = setup();
    peer.create_offer();
    pc.fireIceCandidate({ candidate: "candidate:1", sdpMid: "0", sdpMLineIndex: 0 });
    peer.close();
    pc.fireIceCandidate({ candidate: "candidate:2", sdpMid: "0", sdpMLineIndex: 0 });
    pc.resolve("createOffer");
    await settle();
    peer.poll();
    expect(events).toEqual([]);
  });

  it("drops a failure that arrives after close() without logging it as the game's problem", async () => {
    const { peer, pc, events } = setup();
    peer.set_remote_description("offer", "v=0");
    peer.close();
    pc.reject("setRemoteDescription", new Error("closed"));
    await settle();
    peer.poll();
    expect(events).toEqual([]);
  });

  it("keeps the user's signal connections", () => {
    const { peer } = setup();
    const handler = vi.fn();
    peer.ice_candidate_created.connect(handler);
    peer.close();
    expect(peer.ice_candidate_created.is_connected(handler)).toBe(true);
    peer.initialize();
    FakeRTCPeerConnection.last.fireIceCandidate({ candidate: "candidate:9", sdpMid: "0", sdpMLineIndex: 0 });
    peer.poll();
    expect(handler).toHaveBeenCalledOnce();
  });

  it("is idempotent", () => {
    const { peer, pc } = setup();
    peer.close();
    peer.close();
    expect(pc.callsOf("close")).toHaveLength(1);
    expect(logs.error).not.toHaveBeenCalled();
  });

  it("close() inside a handler stops the rest of that poll()", () => {
    const { peer, pc, events } = setup();
    peer.ice_candidate_created.connect(() => peer.close());
    pc.fireIceCandidate({ candidate: "candidate:1", sdpMid: "0", sdpMLineIndex: 0 });
    pc.fireIceCandidate({ candidate: "candidate:2", sdpMid: "0", sdpMLineIndex: 0 });
    peer.poll();
    expect(events.map((e) => e[3])).toEqual(["candidate:1"]);
  });
});

describe("initialize() inside a handler", () => {
  it("stops the rest of that poll(); the old connection's events never arrive", () => {
    const { peer, pc, events } = setup();
    peer.ice_candidate_created.connect(() => {
      if (FakeRTCPeerConnection.instances.length === 1) peer.initialize();
    });
    pc.fireIceCandidate({ candidate: "candidate:1", sdpMid: "0", sdpMLineIndex: 0 });
    pc.fireIceCandidate({ candidate: "candidate:2", sdpMid: "0", sdpMLineIndex: 0 });
    peer.poll();
    peer.poll();
    expect(events.map((e) => e[3])).toEqual(["candidate:1"]);
    expect(pc.closed).toBe(true);
    expect(FakeRTCPeerConnection.liveCount).toBe(1);
  });
});

describe("a replaced connection", () => {
  it("its late results and events are ignored after initialize()", async () => {
    const { peer, pc: old, events } = setup();
    peer.create_offer();
    peer.set_remote_description("answer", "v=0");
    peer.initialize();
    const current = FakeRTCPeerConnection.last;
    expect(current).not.toBe(old);
    old.resolve("createOffer");
    old.reject("setRemoteDescription", new Error("late"));
    old.fireIceCandidate({ candidate: "candidate:old", sdpMid: "0", sdpMLineIndex: 0 });
    old.fireDataChannel("old");
    await settle();
    peer.poll();
    expect(events).toEqual([]);
    expect(peer.get_connection_state()).toBe(WebRTCPeerConnection.STATE_NEW);
    expect(peer.create_offer()).toBe(OK);
  });

  it("candidates held for it are not applied to the new one", async () => {
    const { peer } = setup();
    peer.add_ice_candidate("0", 0, "candidate:old");
    peer.initialize();
    const current = FakeRTCPeerConnection.last;
    peer.set_remote_description("offer", "v=0");
    current.resolve("setRemoteDescription");
    await settle();
    expect(current.callsOf("addIceCandidate")).toHaveLength(0);
  });
});

describe("set_default_extension", () => {
  it("builds later connections on the given constructor; null restores the global", () => {
    class Other extends FakeRTCPeerConnection {}
    expect(WebRTCPeerConnection.set_default_extension(Other as never)).toBe(OK);
    const peer = new WebRTCPeerConnection();
    peer.initialize();
    expect(FakeRTCPeerConnection.last).toBeInstanceOf(Other);
    expect(WebRTCPeerConnection.set_default_extension(null)).toBe(OK);
  });

  it.each([[{}], ["RTCPeerConnection"], [42], [undefined]])("refuses %j with ERR_INVALID_PARAMETER and keeps the current one", (value) => {
    expect(WebRTCPeerConnection.set_default_extension(value as never)).toBe(ERR_INVALID_PARAMETER);
    new WebRTCPeerConnection().initialize();
    expect(FakeRTCPeerConnection.instances).toHaveLength(1);
  });
});
