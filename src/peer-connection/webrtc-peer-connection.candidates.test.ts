// WebRTCPeerConnection on the fake browser (CONTRACT §2–3): local and remote ICE candidates, candidate errors and gathering.
import v8 from "node:v8";
import vm from "node:vm";
import { describe, expect, it } from "vitest";
import { GodotError } from "../godot/godot-error";
import { settle } from "../test-support/fake-rtc";
import { fakePeer, useFakeBrowser } from "../test-support/use-fake-browser";
import { WebRTCPeerConnection } from "./webrtc-peer-connection";

const { OK, ERR_INVALID_PARAMETER } = GodotError;
const logs = useFakeBrowser();

describe("ICE candidates", () => {
  it("local candidates come out of poll() as (sdpMid, sdpMLineIndex, candidate), in browser order", () => {
    const { peer, pc, events } = fakePeer();
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
    const { peer, pc, events } = fakePeer();
    pc.fireIceCandidate({ candidate: "candidate:3", sdpMid: null, sdpMLineIndex: null });
    peer.poll();
    expect(events).toEqual([["ice_candidate_created", "", 0, "candidate:3"]]);
  });

  it("does not forward the end-of-candidates marker (null or empty candidate)", () => {
    const { peer, pc, events } = fakePeer();
    pc.fireIceCandidate(null);
    pc.fireIceCandidate({ candidate: "", sdpMid: "0", sdpMLineIndex: 0 });
    peer.poll();
    expect(events).toEqual([]);
  });

  it("remote candidates are held until the remote description, then applied with sdpMid/sdpMLineIndex", async () => {
    const { peer, pc } = fakePeer();
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
    const { peer, pc } = fakePeer();
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
    const { peer, pc, events } = fakePeer();
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
    const { peer, pc } = fakePeer();
    pc.remoteDescription = { type: "offer", sdp: "v=0" };
    expect(peer.add_ice_candidate(media as never, index as never, name as never)).toBe(ERR_INVALID_PARAMETER);
    expect(pc.callsOf("addIceCandidate")).toHaveLength(0);
  });
});

describe("icecandidateerror (a STUN/TURN server that fails, e.g. a wrong TURN password)", () => {
  it("becomes operation_failed(\"ice_candidate\", \"<url>: <code> <text>\") from poll(), and is logged", () => {
    const { peer, pc, events } = fakePeer();
    pc.fire("icecandidateerror", { url: "turn:127.0.0.1:3478?transport=udp", errorCode: 401, errorText: "Unauthorized.", address: "127.0.0.x", port: 5000 });
    expect(events).toEqual([]);
    peer.poll();
    expect(events).toEqual([["operation_failed", "ice_candidate", "turn:127.0.0.1:3478?transport=udp: 401 Unauthorized."]]);
    expect(logs.warn).toHaveBeenCalledWith(expect.stringContaining("401 Unauthorized."));
  });

  it("is not listened to after close()", () => {
    const { peer, pc, events } = fakePeer();
    peer.close();
    pc.fire("icecandidateerror", { url: "stun:127.0.0.1:1", errorCode: 701, errorText: "timeout" });
    peer.poll();
    expect(events).toEqual([]);
    expect(pc.listenerCount("icecandidateerror")).toBe(0);
  });
});

describe("ICE gathering that completes without a local candidate (every TURN server refused)", () => {
  it("reads STATE_FAILED from then on and reports operation_failed(\"gather_candidates\", …) once", () => {
    const { peer, pc, events } = fakePeer();
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
    const { peer, pc } = fakePeer();
    peer.create_offer();
    pc.fireIceCandidate({ candidate: "candidate:1 1 udp 1 127.0.0.1 5000 typ host", sdpMid: "0", sdpMLineIndex: 0 });
    pc.setStates({ iceGatheringState: "complete" });
    pc.fire("icegatheringstatechange");
    expect(peer.get_connection_state()).toBe(WebRTCPeerConnection.STATE_CONNECTING);
    const empty = fakePeer();
    empty.pc.setStates({ iceGatheringState: "complete" });
    empty.pc.fire("icegatheringstatechange");
    expect(empty.peer.get_connection_state()).toBe(WebRTCPeerConnection.STATE_FAILED);
    expect(empty.peer.initialize({})).toBe(OK);
    expect(empty.peer.get_connection_state()).toBe(WebRTCPeerConnection.STATE_NEW);
  });
});


describe("regression 13.3: the client held early ICE candidates without a cap", () => {
  /** Heap in use after a full collection (V8's gc, reached at run time: vitest starts Node without --expose-gc). */
  function heapAfterGc(): number {
    v8.setFlagsFromString("--expose-gc");
    (vm.runInNewContext("gc") as () => void)();
    return process.memoryUsage().heapUsed;
  }

  it("a peer that streams 10,000 candidates of 1 KiB and never sends its offer: 256 held, the rest dropped, counted, warned once, heap bounded", async () => {
    const { peer, pc } = fakePeer();
    expect([peer.get_max_held_candidates(), peer.get_max_held_candidate_bytes()]).toEqual([256, 128 * 1024]);
    const before = heapAfterGc();
    const sent = 10_000;
    const line = (i: number): string => `candidate:${i} 1 udp 2122260223 10.0.0.1 ${i} typ host ${"x".repeat(1000)}`;
    for (let i = 0; i < sent; i++) expect(peer.add_ice_candidate("0", 0, line(i))).toBe(OK);
    const grown = heapAfterGc() - before;
    process.stdout.write(`13.3 held candidates: ${sent} sent (${(sent * 1.05 / 1024).toFixed(1)} MiB), ${peer.get_dropped_candidate_count()} dropped, heap +${(grown / 1024).toFixed(0)} KiB\n`);
    // 0.1 held all ~10 MiB; now what is held is bounded by 128 KiB of candidates (about 120 of these).
    expect(grown).toBeLessThan(2 * 1024 * 1024);
    const held = sent - peer.get_dropped_candidate_count();
    // Held: exactly the oldest candidates that fit in 128 KiB (line + sdpMid "0").
    const bytesOf = (count: number): number => Array.from({ length: count }, (_, i) => line(i).length + 1).reduce((a, b) => a + b, 0);
    expect(bytesOf(held)).toBeLessThanOrEqual(128 * 1024);
    expect(bytesOf(held + 1)).toBeGreaterThan(128 * 1024);
    expect(logs.warn.mock.calls.filter(([line]) => String(line).includes("dropping more until it is applied"))).toHaveLength(1);
    // The ones held are the oldest, and they all go once the remote description arrives.
    peer.set_remote_description("offer", "v=0");
    pc.resolve("setRemoteDescription");
    await settle();
    const added = pc.callsOf("addIceCandidate").map((call) => (call.args[0] as RTCIceCandidateInit).candidate?.split(" ")[0]);
    expect(added).toEqual(Array.from({ length: held }, (_, i) => `candidate:${i}`));
  });

  it("the count bound applies to small candidates; the limits are settable; a new burst warns again", async () => {
    const { peer, pc } = fakePeer();
    expect(peer.set_max_held_candidates(3)).toBe(OK);
    for (let i = 0; i < 5; i++) peer.add_ice_candidate("0", 0, `candidate:${i}`);
    expect(peer.get_dropped_candidate_count()).toBe(2);
    pc.remoteDescription = { type: "offer", sdp: "v=0" };
    peer.set_remote_description("answer", "v=0"); // a description in flight holds again
    for (let i = 5; i < 10; i++) peer.add_ice_candidate("0", 0, `candidate:${i}`);
    expect(peer.get_dropped_candidate_count()).toBe(7); // the three held still wait for a description
    const warnings = logs.warn.mock.calls.filter(([line]) => String(line).includes("dropping more until it is applied"));
    expect(warnings).toHaveLength(1); // the first burst has not ended: nothing was released yet
    pc.resolve("setRemoteDescription");
    await settle();
    expect(pc.callsOf("addIceCandidate")).toHaveLength(3);
    expect(peer.set_max_held_candidate_bytes(0)).toBe(OK);
    peer.set_remote_description("answer", "v=0");
    peer.add_ice_candidate("0", 0, "candidate:late");
    expect(peer.get_dropped_candidate_count()).toBe(8);
    expect(logs.warn.mock.calls.filter(([line]) => String(line).includes("dropping more until it is applied"))).toHaveLength(2);
    expect(peer.set_max_held_candidates(-1)).toBe(ERR_INVALID_PARAMETER);
    expect(peer.get_max_held_candidates()).toBe(3);
    expect(peer.initialize()).toBe(OK);
    expect(peer.get_dropped_candidate_count()).toBe(0);
    expect(peer.get_max_held_candidates()).toBe(3);
  });
});
