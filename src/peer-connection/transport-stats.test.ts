import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { GodotError } from "../godot/godot-error";
import { FakeRTCPeerConnection } from "../test-support/fake-rtc";
import { emptyTransportStats, readTransportStats, type TransportStats } from "./transport-stats";
import { DEFAULT_STATS_INTERVAL_MS, TransportStatsPoller } from "./transport-stats-poller";

type Entries = Record<string, unknown>[];

/** A report shaped like Chromium 156's for one data-channel connection: transport → pair → candidates. */
function chromiumReport(local = "host", remote = "host", rttSeconds = 0.004, pairId = "CP1"): Entries {
  return [
    { id: "T01", type: "transport", bytesSent: 1200, bytesReceived: 3400, selectedCandidatePairId: pairId },
    { id: pairId, type: "candidate-pair", localCandidateId: `L-${local}`, remoteCandidateId: `R-${remote}`, currentRoundTripTime: rttSeconds, availableOutgoingBitrate: 300_000, bytesSent: 1, bytesReceived: 2 },
    { id: `L-${local}`, type: "local-candidate", candidateType: local, protocol: "udp", address: "10.0.0.1", port: 5000, ...(local === "relay" ? { relayProtocol: "tcp" } : {}) },
    { id: `R-${remote}`, type: "remote-candidate", candidateType: remote, protocol: "udp", address: "10.0.0.2", port: 6000 },
    { id: "D1", type: "data-channel", messagesSent: 3, messagesReceived: 5 },
    { id: "D2", type: "data-channel", messagesSent: 4, messagesReceived: 6 },
  ];
}

function report(entries: Entries): Map<string, Record<string, unknown>> {
  return new Map(entries.map((entry) => [String(entry.id), entry]));
}

describe("readTransportStats", () => {
  it("reads the pair Chromium's transport entry selects: types, protocol, RTT in ms, bytes, messages, bitrate", () => {
    const { stats, pairKey } = readTransportStats(report(chromiumReport("relay", "srflx", 0.025)), 42);
    expect(stats).toEqual<TransportStats>({
      timestamp: 42,
      has_selected_pair: true,
      local_candidate_type: "relay",
      remote_candidate_type: "srflx",
      protocol: "udp",
      relay_protocol: "tcp",
      local_address: "10.0.0.1:5000",
      remote_address: "10.0.0.2:6000",
      round_trip_time_ms: 25,
      bytes_sent: 1200,
      bytes_received: 3400,
      messages_sent: 7,
      messages_received: 11,
      available_outgoing_bitrate: 300_000,
    });
    expect(pairKey).not.toBe("");
  });

  it("reads Firefox's shape: no transport entry, the pair marked selected, bytes from the pair, no bitrate", () => {
    const entries = chromiumReport().filter((entry) => entry.type !== "transport");
    const pair = entries.find((entry) => entry.type === "candidate-pair")!;
    Object.assign(pair, { selected: true, availableOutgoingBitrate: undefined, bytesSent: 10, bytesReceived: 20 });
    const { stats } = readTransportStats(report(entries), 1);
    expect(stats).toMatchObject({ has_selected_pair: true, local_candidate_type: "host", bytes_sent: 10, bytes_received: 20, available_outgoing_bitrate: null });
  });

  it("falls back to the mean consent RTT when currentRoundTripTime is missing; none answered yet reads null", () => {
    const entries = chromiumReport();
    const pair = entries.find((entry) => entry.type === "candidate-pair")!;
    Object.assign(pair, { currentRoundTripTime: undefined, totalRoundTripTime: 0.03, responsesReceived: 3 });
    expect(readTransportStats(report(entries), 1).stats.round_trip_time_ms).toBeCloseTo(10);
    Object.assign(pair, { responsesReceived: 0 });
    expect(readTransportStats(report(entries), 1).stats.round_trip_time_ms).toBeNull();
  });

  it("recognises a pair by its candidates, not its stats id (node-datachannel makes new ids on every call)", () => {
    const first = readTransportStats(report(chromiumReport("host", "host", 0.001, "CP-a")), 1).pairKey;
    const again = readTransportStats(report(chromiumReport("host", "host", 0.002, "CP-b")), 2).pairKey;
    const relayed = readTransportStats(report(chromiumReport("relay", "host")), 3).pairKey;
    expect(again).toBe(first);
    expect(relayed).not.toBe(first);
  });

  it("no selected pair yet: has_selected_pair false, types empty, counters still read", () => {
    const entries = chromiumReport().filter((entry) => entry.type !== "transport");
    const { stats, pairKey } = readTransportStats(report(entries), 5);
    expect(stats).toEqual({ ...emptyTransportStats(), timestamp: 5, messages_sent: 7, messages_received: 11, bytes_sent: 0, bytes_received: 0 });
    expect(pairKey).toBe("");
  });

  it("never throws on what a browser or polyfill might hand back; unknown candidate types read \"\"", () => {
    const throwing = { values: () => { throw new Error("boom"); } };
    for (const odd of [null, undefined, 7, "x", {}, throwing, new Map([["a", null], ["b", 3]])]) {
      expect(readTransportStats(odd, 1).stats).toEqual({ ...emptyTransportStats(), timestamp: 1 });
    }
    const entries = chromiumReport("mdns-thing" as string, "host", Number.NaN);
    const { stats } = readTransportStats(report(entries), 1);
    expect(stats.local_candidate_type).toBe("");
    expect(stats.round_trip_time_ms).toBeNull();
  });
});

describe("TransportStatsPoller", () => {
  let pc: FakeRTCPeerConnection;
  const changes: TransportStats[] = [];
  let poller: TransportStatsPoller;

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "setTimeout", "clearTimeout", "performance"] });
    vi.spyOn(console, "warn").mockImplementation(() => {});
    vi.spyOn(console, "error").mockImplementation(() => {});
    pc = new FakeRTCPeerConnection();
    changes.length = 0;
    poller = new TransportStatsPoller((stats) => changes.push(stats));
  });

  afterEach(() => {
    poller.detach();
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  /** Lets the timer fire after `ms` and the getStats answers it started arrive. */
  async function advance(ms: number): Promise<void> {
    await vi.advanceTimersByTimeAsync(ms);
  }

  function fill(entries: Entries): void {
    pc.stats.clear();
    for (const [id, entry] of report(entries)) pc.stats.set(id, entry);
  }

  it("refreshes every second by default: empty until the first sample, then the latest figures", async () => {
    expect(poller.intervalMs).toBe(DEFAULT_STATS_INTERVAL_MS);
    fill(chromiumReport("host", "host", 0.004));
    poller.attach(pc as unknown as RTCPeerConnection);
    expect(poller.snapshot()).toEqual(emptyTransportStats());
    await advance(999);
    expect(pc.getStatsCalls).toBe(0);
    await advance(1);
    expect(poller.snapshot()).toMatchObject({ has_selected_pair: true, round_trip_time_ms: 4 });
    fill(chromiumReport("host", "host", 0.009));
    await advance(1000);
    expect(pc.getStatsCalls).toBe(2);
    expect(poller.snapshot().round_trip_time_ms).toBe(9);
  });

  it("reports the first selected pair and each switch, not the same pair again, nor its loss", async () => {
    poller.attach(pc as unknown as RTCPeerConnection);
    await advance(1000);
    expect(changes).toEqual([]);
    fill(chromiumReport("host", "host"));
    await advance(3000);
    fill(chromiumReport("relay", "host"));
    await advance(1000);
    fill([]);
    await advance(1000);
    expect(changes.map((stats) => [stats.local_candidate_type, stats.remote_candidate_type])).toEqual([["host", "host"], ["relay", "host"]]);
    expect(poller.snapshot().has_selected_pair).toBe(false);
  });

  it("set_stats_interval: 0 turns sampling off, another value takes effect at once, bad values are refused", async () => {
    poller.attach(pc as unknown as RTCPeerConnection);
    expect(poller.setIntervalMs(0)).toBe(GodotError.OK);
    expect(vi.getTimerCount()).toBe(0);
    await advance(10_000);
    expect(pc.getStatsCalls).toBe(0);
    expect(poller.setIntervalMs(250)).toBe(GodotError.OK);
    await advance(1000);
    expect(pc.getStatsCalls).toBe(4);
    for (const bad of [-1, 1.5, Number.NaN, 3_600_001, "100" as unknown as number]) {
      expect(poller.setIntervalMs(bad)).toBe(GodotError.ERR_INVALID_PARAMETER);
    }
    expect(poller.intervalMs).toBe(250);
    expect(console.error).toHaveBeenCalled();
  });

  it("detach clears the timer, empties the snapshot and ignores an answer that arrives afterwards", async () => {
    fill(chromiumReport());
    poller.attach(pc as unknown as RTCPeerConnection);
    await advance(1000);
    expect(poller.snapshot().has_selected_pair).toBe(true);
    let answer: (value: Map<string, Record<string, unknown>>) => void = () => {};
    pc.getStats = () => new Promise((resolve) => (answer = resolve));
    await advance(1000);
    poller.detach();
    expect(vi.getTimerCount()).toBe(0);
    answer(report(chromiumReport("relay", "relay")));
    await advance(0);
    expect(poller.snapshot()).toEqual(emptyTransportStats());
    expect(changes).toHaveLength(1);
  });

  it("attach to a new connection stops sampling the old one", async () => {
    poller.attach(pc as unknown as RTCPeerConnection);
    const next = new FakeRTCPeerConnection();
    poller.attach(next as unknown as RTCPeerConnection);
    await advance(2000);
    expect([pc.getStatsCalls, next.getStatsCalls]).toEqual([0, 2]);
    expect(vi.getTimerCount()).toBe(1);
  });

  it("a failing getStats is warned about once, keeps the last snapshot and sampling goes on", async () => {
    fill(chromiumReport());
    poller.attach(pc as unknown as RTCPeerConnection);
    await advance(1000);
    pc.statsError = new DOMException("closed", "InvalidStateError");
    await advance(3000);
    expect(console.warn).toHaveBeenCalledTimes(1);
    expect(poller.snapshot().has_selected_pair).toBe(true);
    pc.statsError = null;
    await advance(1000);
    expect(pc.getStatsCalls).toBe(5);
  });

  it("a connection without getStats (or one that throws) never throws out of the timer", async () => {
    const bare = { getStats: undefined } as unknown as RTCPeerConnection;
    poller.attach(bare);
    await advance(3000);
    const throwing = { getStats: () => { throw new Error("sync boom"); } } as unknown as RTCPeerConnection;
    poller.attach(throwing);
    await advance(3000);
    expect(console.warn).toHaveBeenCalledTimes(2);
    expect(poller.snapshot()).toEqual(emptyTransportStats());
  });

  it("a page that stalled and resumes gets one sample, not a burst of the ticks it missed", async () => {
    poller.attach(pc as unknown as RTCPeerConnection);
    await advance(1000);
    // The page's clock stands still while the timer fires the ticks it owes, as after a freeze.
    const stalled = performance.now() + 600;
    vi.spyOn(performance, "now").mockReturnValue(stalled);
    await advance(3000);
    expect(pc.getStatsCalls).toBe(2);
  });

  it("one getStats in flight at most; one never answered is given up after 5 s so sampling resumes", async () => {
    let calls = 0;
    pc.getStats = () => {
      calls++;
      return new Promise(() => {});
    };
    poller.attach(pc as unknown as RTCPeerConnection);
    await advance(4000);
    expect(calls).toBe(1);
    await advance(2000);
    expect(calls).toBe(2);
  });
});
