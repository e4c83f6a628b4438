// Late refusals (docs/reliability.md, "Bad-input matrix"): well-typed arguments the browser refuses later return
// OK now and arrive as operation_failed from the next poll(), never before; the peer still connects afterwards.
import { describe, expect, it } from "vitest";
import { GodotError } from "../godot/godot-error";
import { WebRTCPeerConnection } from "../peer-connection/webrtc-peer-connection";
import { CANDIDATE_EXTRA, errorCount, SDP_EXTRA } from "../test-support/bad-input-values";
import { FakeNetwork } from "../test-support/fake-network";
import { settle } from "../test-support/fake-rtc";
import { connectPair, exchange } from "../test-support/signaling-relay";
import { useFakeBrowser } from "../test-support/use-fake-browser";

useFakeBrowser();

const { OK } = GodotError;

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

