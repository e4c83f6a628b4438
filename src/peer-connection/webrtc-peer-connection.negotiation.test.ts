// WebRTCPeerConnection on the fake browser (CONTRACT §2–3): offers, answers, descriptions, poll() and data_channel_received.
import { describe, expect, it, vi } from "vitest";
import { GodotError } from "../godot/godot-error";
import { settle } from "../test-support/fake-rtc";
import { fakePeer, useFakeBrowser } from "../test-support/use-fake-browser";
import { WebRTCPeerConnection } from "./webrtc-peer-connection";

const { OK, FAILED, ERR_INVALID_PARAMETER } = GodotError;
const logs = useFakeBrowser();

describe("create_offer", () => {
  it("moves to STATE_CONNECTING at once, then emits session_description_created from poll()", async () => {
    const { peer, pc, events } = fakePeer();
    expect(peer.create_offer()).toBe(OK);
    expect(peer.get_connection_state()).toBe(WebRTCPeerConnection.STATE_CONNECTING);
    pc.resolve("createOffer", { type: "offer", sdp: "v=0 offer" });
    await settle();
    expect(events).toEqual([]);
    peer.poll();
    expect(events).toEqual([["session_description_created", "offer", "v=0 offer"]]);
  });

  it("a second create_offer() returns FAILED", () => {
    const { peer, pc } = fakePeer();
    expect(peer.create_offer()).toBe(OK);
    expect(peer.create_offer()).toBe(FAILED);
    expect(pc.callsOf("createOffer")).toHaveLength(1);
  });

  it("after close() returns FAILED", () => {
    const { peer } = fakePeer();
    peer.close();
    expect(peer.create_offer()).toBe(FAILED);
  });

  it("a browser rejection becomes operation_failed(\"create_offer\", message) and is logged", async () => {
    const { peer, pc, events } = fakePeer();
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
    const { peer, pc } = fakePeer();
    expect(peer.set_local_description("offer", "v=0 x")).toBe(OK);
    expect(pc.callsOf("setLocalDescription")[0]!.args[0]).toEqual({ type: "offer", sdp: "v=0 x" });
  });

  it.each([["bogus", "v=0"], ["offer", 42], [1, "v=0"], [undefined, undefined]])("(%j, %j) → ERR_INVALID_PARAMETER", (type, sdp) => {
    const { peer, pc } = fakePeer();
    expect(peer.set_local_description(type as never, sdp as never)).toBe(ERR_INVALID_PARAMETER);
    expect(pc.callsOf("setLocalDescription")).toHaveLength(0);
  });

  it("a browser rejection becomes operation_failed", async () => {
    const { peer, pc, events } = fakePeer();
    peer.set_local_description("answer", "v=0");
    pc.reject("setLocalDescription", new Error("wrong state"));
    await settle();
    peer.poll();
    expect(events).toEqual([["operation_failed", "set_local_description", expect.stringContaining("wrong state")]]);
  });
});

describe("set_remote_description", () => {
  it("an offer moves to STATE_CONNECTING at once, then the answer comes as session_description_created", async () => {
    const { peer, pc, events } = fakePeer();
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
    const { peer, pc, events } = fakePeer();
    peer.create_offer();
    expect(peer.set_remote_description("answer", "v=0")).toBe(OK);
    pc.resolve("setRemoteDescription");
    await settle();
    expect(pc.callsOf("createAnswer")).toHaveLength(0);
    peer.poll();
    expect(events.filter((e) => e[0] === "session_description_created")).toEqual([]);
  });

  it("an offer after close() → FAILED; one while our own offer is out goes to the browser (which settles the glare)", () => {
    const { peer, pc } = fakePeer();
    peer.create_offer();
    expect(peer.set_remote_description("offer", "v=0")).toBe(OK);
    expect(pc.callsOf("setRemoteDescription")).toHaveLength(1);
    peer.close();
    expect(peer.set_remote_description("offer", "v=0")).toBe(FAILED);
  });

  it.each([["bogus", "v=0"], ["Offer", "v=0"], ["offer", null], [null, "v=0"]])("(%j, %j) → ERR_INVALID_PARAMETER", (type, sdp) => {
    const { peer, pc } = fakePeer();
    expect(peer.set_remote_description(type as never, sdp as never)).toBe(ERR_INVALID_PARAMETER);
    expect(pc.callsOf("setRemoteDescription")).toHaveLength(0);
    expect(peer.get_connection_state()).toBe(WebRTCPeerConnection.STATE_NEW);
  });

  it.each(["pranswer", "rollback"])("accepts type %s", (type) => {
    const { peer } = fakePeer();
    expect(peer.set_remote_description(type, "")).toBe(OK);
  });

  it("a browser rejection becomes operation_failed and is logged", async () => {
    const { peer, pc, events } = fakePeer();
    peer.set_remote_description("offer", "garbage");
    pc.reject("setRemoteDescription", new DOMException("Failed to parse SessionDescription", "OperationError"));
    await settle();
    expect(logs.error).toHaveBeenCalledWith(expect.stringContaining("Failed to parse"));
    peer.poll();
    expect(events).toEqual([["operation_failed", "set_remote_description", expect.stringContaining("Failed to parse")]]);
    expect(pc.callsOf("createAnswer")).toHaveLength(0);
  });

  it("a failing createAnswer becomes operation_failed(\"create_answer\", ...)", async () => {
    const { peer, pc, events } = fakePeer();
    peer.set_remote_description("offer", "v=0");
    pc.resolve("setRemoteDescription");
    await settle();
    pc.reject("createAnswer", new Error("answer broke"));
    await settle();
    peer.poll();
    expect(events).toEqual([["operation_failed", "create_answer", expect.stringContaining("answer broke")]]);
  });
});

describe("regression: a rejected offer left the peer stuck in STATE_CONNECTING", () => {
  it("a rejected create_offer() returns to STATE_NEW so the game can try again", async () => {
    const { peer, pc } = fakePeer();
    peer.create_offer();
    pc.reject("createOffer", new Error("nope"));
    await settle();
    expect(peer.get_connection_state()).toBe(WebRTCPeerConnection.STATE_NEW);
    expect(peer.create_offer()).toBe(OK);
  });

  it("a rejected remote offer returns to STATE_NEW so a corrected offer can be applied", async () => {
    const { peer, pc } = fakePeer();
    peer.set_remote_description("offer", "bad");
    pc.reject("setRemoteDescription", new Error("bad sdp"));
    await settle();
    expect(peer.get_connection_state()).toBe(WebRTCPeerConnection.STATE_NEW);
    expect(peer.set_remote_description("offer", "good")).toBe(OK);
  });
});

describe("data_channel_received", () => {
  it("delivers a wrapped in-band channel from poll(), already holding what arrived before", () => {
    const { peer, pc, events } = fakePeer();
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
    const { peer, pc, events } = fakePeer();
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
    const { peer, pc, events } = fakePeer();
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
    const { peer, pc } = fakePeer();
    const handler = vi.fn();
    expect(peer.connect("ice_candidate_created", handler)).toBe(OK);
    pc.fireIceCandidate({ candidate: "candidate:1", sdpMid: "m", sdpMLineIndex: 1 });
    peer.poll();
    expect(handler).toHaveBeenCalledWith("m", 1, "candidate:1");
    expect(peer.disconnect("ice_candidate_created", handler)).toBe(OK);
    expect(peer.is_connected("ice_candidate_created", handler)).toBe(false);
  });
});

