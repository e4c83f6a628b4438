// get_stats() / set_stats_interval() / selected_candidate_pair_changed on WebRTCPeerConnection, and
// get_peer_stats() on WebRTCMultiplayerPeer, over the fake browser with fake timers.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { GodotError } from "../godot/godot-error";
import { WebRTCMultiplayerPeer } from "../multiplayer/webrtc-multiplayer-peer";
import { FakeRTCPeerConnection } from "../test-support/fake-rtc";
import { useFakeBrowser } from "../test-support/use-fake-browser";
import { emptyTransportStats } from "./transport-stats";
import { WebRTCPeerConnection } from "./webrtc-peer-connection";

const logs = useFakeBrowser();

/** Makes `pc` report a selected pair of the given candidate types with an RTT of `rttMs`. */
function selectPair(pc: FakeRTCPeerConnection, local: string, remote: string, rttMs = 5): void {
  pc.stats.clear();
  pc.stats.set("T", { id: "T", type: "transport", selectedCandidatePairId: "P", bytesSent: 100, bytesReceived: 200 });
  pc.stats.set("P", { id: "P", type: "candidate-pair", localCandidateId: "L", remoteCandidateId: "R", currentRoundTripTime: rttMs / 1000 });
  pc.stats.set("L", { id: "L", type: "local-candidate", candidateType: local, protocol: "udp", address: `${local}.local`, port: 1 });
  pc.stats.set("R", { id: "R", type: "remote-candidate", candidateType: remote, protocol: "udp", address: `${remote}.remote`, port: 2 });
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "setTimeout", "clearTimeout", "performance"] });
});

afterEach(() => {
  vi.useRealTimers();
});

describe("WebRTCPeerConnection.get_stats()", () => {
  it("reads the empty snapshot until sampled, then the browser's figures every second; each call a fresh object", async () => {
    const peer = new WebRTCPeerConnection();
    expect(peer.get_stats()).toEqual(emptyTransportStats());
    expect(peer.initialize({ iceServers: [] })).toBe(GodotError.OK);
    selectPair(FakeRTCPeerConnection.last, "host", "host", 3);
    await vi.advanceTimersByTimeAsync(1000);
    const stats = peer.get_stats();
    expect(stats).toMatchObject({ has_selected_pair: true, local_candidate_type: "host", remote_candidate_type: "host", round_trip_time_ms: 3, bytes_sent: 100 });
    stats.bytes_sent = -1;
    expect(peer.get_stats().bytes_sent).toBe(100);
    peer.close();
  });

  it("selected_candidate_pair_changed(local, remote, protocol) comes from poll() only, once per new pair", async () => {
    const peer = new WebRTCPeerConnection();
    peer.initialize({ iceServers: [] });
    const seen: string[][] = [];
    peer.selected_candidate_pair_changed.connect((local, remote, protocol) => seen.push([local, remote, protocol]));
    selectPair(FakeRTCPeerConnection.last, "host", "host");
    await vi.advanceTimersByTimeAsync(2000);
    expect(seen).toEqual([]);
    peer.poll();
    expect(seen).toEqual([["host", "host", "udp"]]);
    selectPair(FakeRTCPeerConnection.last, "relay", "srflx");
    await vi.advanceTimersByTimeAsync(1000);
    peer.poll();
    expect(seen).toEqual([["host", "host", "udp"], ["relay", "srflx", "udp"]]);
    peer.close();
  });

  it("close() and initialize() stop the old connection's timer: no timer left, no sampling of a closed browser connection", async () => {
    const peer = new WebRTCPeerConnection();
    peer.initialize({ iceServers: [] });
    const first = FakeRTCPeerConnection.last;
    selectPair(first, "host", "host");
    await vi.advanceTimersByTimeAsync(1000);
    peer.initialize({ iceServers: [] });
    expect(peer.get_stats()).toEqual(emptyTransportStats());
    await vi.advanceTimersByTimeAsync(3000);
    expect(first.getStatsCalls).toBe(1);
    expect(FakeRTCPeerConnection.last.getStatsCalls).toBe(3);
    peer.close();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(3000);
    expect(FakeRTCPeerConnection.last.getStatsCalls).toBe(3);
    expect(peer.get_stats()).toEqual(emptyTransportStats());
  });

  it("set_stats_interval: the interval outlives initialize(); 0 is off; a bad value is refused and logged", async () => {
    const peer = new WebRTCPeerConnection();
    expect(peer.get_stats_interval()).toBe(1000);
    expect(peer.set_stats_interval(200)).toBe(GodotError.OK);
    peer.initialize({ iceServers: [] });
    await vi.advanceTimersByTimeAsync(1000);
    expect(FakeRTCPeerConnection.last.getStatsCalls).toBe(5);
    expect(peer.set_stats_interval(0)).toBe(GodotError.OK);
    peer.initialize({ iceServers: [] });
    await vi.advanceTimersByTimeAsync(5000);
    expect(FakeRTCPeerConnection.last.getStatsCalls).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    expect(peer.set_stats_interval(-5)).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(peer.get_stats_interval()).toBe(0);
    expect(logs.error).toHaveBeenCalledWith(expect.stringContaining("set_stats_interval"));
    peer.close();
  });
});

describe("WebRTCMultiplayerPeer.get_peer_stats()", () => {
  it("gives each peer's own snapshot; an unknown id gives {} and logs", async () => {
    const mp = new WebRTCMultiplayerPeer();
    mp.create_mesh(1);
    const [two, three] = [new WebRTCPeerConnection(), new WebRTCPeerConnection()];
    two.initialize({ iceServers: [] });
    const pcTwo = FakeRTCPeerConnection.last;
    three.initialize({ iceServers: [] });
    const pcThree = FakeRTCPeerConnection.last;
    expect(mp.add_peer(two, 2)).toBe(GodotError.OK);
    expect(mp.add_peer(three, 3)).toBe(GodotError.OK);
    selectPair(pcTwo, "host", "host", 2);
    selectPair(pcThree, "relay", "relay", 40);
    await vi.advanceTimersByTimeAsync(1000);
    expect(mp.get_peer_stats(2)).toMatchObject({ local_candidate_type: "host", round_trip_time_ms: 2 });
    expect(mp.get_peer_stats(3)).toMatchObject({ local_candidate_type: "relay", round_trip_time_ms: 40 });
    expect(mp.get_peer_stats(4)).toEqual({});
    expect(logs.error).toHaveBeenCalledWith(expect.stringContaining("get_peer_stats"));
    mp.close();
    expect(vi.getTimerCount()).toBe(0);
  });
});
