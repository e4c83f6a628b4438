// WebRTCPeerConnection on the fake browser (CONTRACT §2–3): construction, initialize(), set_default_extension, close() and replaced connections.
import { describe, expect, it, vi } from "vitest";
import { GodotError } from "../godot/godot-error";
import { FakeRTCPeerConnection, settle } from "../test-support/fake-rtc";
import { fakePeer, useFakeBrowser } from "../test-support/use-fake-browser";
import { WebRTCPeerConnection } from "./webrtc-peer-connection";

const { OK, FAILED, ERR_INVALID_PARAMETER } = GodotError;
const logs = useFakeBrowser();

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
    const { pc } = fakePeer(configuration);
    expect(pc.configuration).toEqual(configuration);
  });

  it("closes the previous connection and its channels, and drops its queued events", () => {
    const { peer, pc, events } = fakePeer();
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
    const { peer } = fakePeer();
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
    const { peer, pc } = fakePeer();
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

describe("close", () => {
  it("closes the browser connection and every channel, made or received", () => {
    const { peer, pc } = fakePeer();
    peer.create_data_channel("made");
    const received = pc.fireDataChannel("received");
    peer.close();
    expect(pc.closed).toBe(true);
    expect(pc.channels[0]!.closeCalls).toBe(1);
    expect(received.closeCalls).toBe(1);
    expect(FakeRTCPeerConnection.liveCount).toBe(0);
  });

  it("detaches every browser handler from the connection and its channels", () => {
    const { peer, pc } = fakePeer();
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
    const { peer, pc } = fakePeer();
    peer.close();
    pc.connectionState = "connected";
    pc.signalingState = "stable";
    expect(peer.get_connection_state()).toBe(WebRTCPeerConnection.STATE_CLOSED);
    expect(peer.get_signaling_state()).toBe(WebRTCPeerConnection.SIGNALING_STATE_CLOSED);
  });

  it("drops undelivered events and emits nothing afterwards, not even results of pending operations", async () => {
    const { peer, pc, events } = fakePeer();
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
    const { peer, pc, events } = fakePeer();
    peer.set_remote_description("offer", "v=0");
    peer.close();
    pc.reject("setRemoteDescription", new Error("closed"));
    await settle();
    peer.poll();
    expect(events).toEqual([]);
  });

  it("keeps the user's signal connections", () => {
    const { peer } = fakePeer();
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
    const { peer, pc } = fakePeer();
    peer.close();
    peer.close();
    expect(pc.callsOf("close")).toHaveLength(1);
    expect(logs.error).not.toHaveBeenCalled();
  });

  it("close() inside a handler stops the rest of that poll()", () => {
    const { peer, pc, events } = fakePeer();
    peer.ice_candidate_created.connect(() => peer.close());
    pc.fireIceCandidate({ candidate: "candidate:1", sdpMid: "0", sdpMLineIndex: 0 });
    pc.fireIceCandidate({ candidate: "candidate:2", sdpMid: "0", sdpMLineIndex: 0 });
    peer.poll();
    expect(events.map((e) => e[3])).toEqual(["candidate:1"]);
  });
});

describe("initialize() inside a handler", () => {
  it("stops the rest of that poll(); the old connection's events never arrive", () => {
    const { peer, pc, events } = fakePeer();
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
    const { peer, pc: old, events } = fakePeer();
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
    const { peer } = fakePeer();
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
