// The bad-input matrix (docs/reliability.md) for WebRTCPeerConnection and its Signal objects: every property of
// the prototypes (a property without a row fails), every hostile value in every parameter position, in every
// state: the documented code, a log line for each refusal, no state change from a refused call, and afterwards
// Godot's correct sequence on the same object still connects and exchanges data over the fake network.
import { afterAll, describe, expect, it } from "vitest";
import { WebRTCDataChannel } from "../data-channel/webrtc-data-channel";
import { GodotError } from "../godot/godot-error";
import { Signal } from "../internal/signal";
import { WebRTCPeerConnection } from "../peer-connection/webrtc-peer-connection";
import { handler, intIn, propertiesOf, runMatrix, str, typed, type Cell, type Row } from "../test-support/bad-input-matrix";
import {
  bool_, describeMatrix, CANDIDATE_EXTRA, channelOptions, code, configuration, construction, errorCount, isEnum, label, MATRIX_VALUES, noop, NOTHING,
  reportTally, sdp, sdpType, signalRows, stillWorks, world,
} from "../test-support/bad-input-values";
import { FAKE_CANDIDATE, FakeNetwork } from "../test-support/fake-network";
import { settle } from "../test-support/fake-rtc";
import { connectPair, exchange } from "../test-support/signaling-relay";
import { useFakeBrowser } from "../test-support/use-fake-browser";

useFakeBrowser();
afterAll(reportTally);

const { OK, FAILED, ERR_INVALID_PARAMETER } = GodotError;
const PC = WebRTCPeerConnection;
const pcClosed = (c: Cell<WebRTCPeerConnection>): boolean => c.obj.get_connection_state() === PC.STATE_CLOSED;
const PEER_SIGNALS = ["session_description_created", "ice_candidate_created", "data_channel_received", "operation_failed", "selected_candidate_pair_changed"] as const;
const PEER_ROWS: Record<string, Row<WebRTCPeerConnection>> = {
  constructor: construction(PC, (built) => (built as WebRTCPeerConnection).get_connection_state() === PC.STATE_NEW),
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
    accepted: (c) => code(pcClosed(c) ? FAILED : OK),
  },
  add_ice_candidate: {
    params: [str("media", "0"), intIn("index", 0, 65535, 0), str("name", FAKE_CANDIDATE, CANDIDATE_EXTRA)],
    refused: () => code(ERR_INVALID_PARAMETER),
    accepted: (c) => code(pcClosed(c) ? FAILED : OK),
  },
  restart_ice: {
    params: [],
    accepted: (c) => {
      const state = c.obj.get_connection_state();
      if (state === PC.STATE_NEW || state === PC.STATE_CLOSED) return code(FAILED);
      const signaling = c.obj.get_signaling_state();
      return code(signaling === PC.SIGNALING_STATE_HAVE_REMOTE_OFFER || signaling === PC.SIGNALING_STATE_HAVE_LOCAL_PRANSWER ? GodotError.ERR_BUSY : OK);
    },
  },
  poll: { params: [], accepted: () => code(OK) },
  close: { params: [], accepted: () => NOTHING },
  get_connection_state: { params: [], accepted: () => isEnum(5) },
  get_gathering_state: { params: [], accepted: () => isEnum(2) },
  get_signaling_state: { params: [], accepted: () => isEnum(5) },
  get_stats: { params: [], accepted: () => ({ match: (r) => typeof (r as { has_selected_pair?: unknown }).has_selected_pair === "boolean", what: "a stats snapshot" }) },
  set_stats_interval: { params: [intIn("ms", 0, 3_600_000, 1000)], refused: () => code(ERR_INVALID_PARAMETER), accepted: () => code(OK) },
  get_stats_interval: { params: [], accepted: () => ({ match: (r) => Number.isInteger(r) && (r as number) >= 0, what: "an interval in ms" }) },
  set_max_held_candidates: { params: [intIn("count", 0, 65535, 256)], refused: () => code(ERR_INVALID_PARAMETER), accepted: () => code(OK) },
  get_max_held_candidates: { params: [], accepted: () => ({ match: (r) => Number.isInteger(r) && (r as number) >= 0 && (r as number) <= 65535, what: "a count" }) },
  set_max_held_candidate_bytes: { params: [intIn("bytes", 0, Number.MAX_SAFE_INTEGER, 4096)], refused: () => code(ERR_INVALID_PARAMETER), accepted: () => code(OK) },
  get_max_held_candidate_bytes: { params: [], accepted: () => ({ match: (r) => Number.isInteger(r) && (r as number) >= 0, what: "a byte count" }) },
  get_dropped_candidate_count: { params: [], accepted: () => ({ match: (r) => Number.isInteger(r) && (r as number) >= 0, what: "a count" }) },
  ...signalRows<WebRTCPeerConnection>(PEER_SIGNALS),
};

/** A peer in `state`, registered in `world` with a partner on a fake network to prove it still connects. */
async function peerIn(state: string): Promise<WebRTCPeerConnection> {
  const network = new FakeNetwork();
  const peer = new WebRTCPeerConnection();
  const partner = new WebRTCPeerConnection();
  world.set(peer, { check: async () => exchange(network, ...(await connectPair(network, peer, partner))) });
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
const peerSnapshot = (p: WebRTCPeerConnection): unknown => [p.get_connection_state(), p.get_signaling_state(), p.get_gathering_state(), p.get_max_held_candidates(), p.get_max_held_candidate_bytes()];

describeMatrix("WebRTCPeerConnection", { prototype: PC.prototype, rows: PEER_ROWS, states: PEER_STATES, make: peerIn, snapshot: peerSnapshot, afterwards: "still connects" });

describe("bad-input matrix: the Signal objects", () => {
  const properties = propertiesOf(Signal.prototype);
  const connected = (c: Cell<Signal<unknown[]>>, args: unknown[]): boolean => c.obj.is_connected(args[0] as never);
  const params = [handler(noop)];
  const rows: Record<string, Row<Signal<unknown[]>>> = {
    constructor: construction(Signal, () => true, true),
    name: { params: [], read: () => typed("string"), accepted: () => NOTHING },
    connect: { params, refused: () => code(ERR_INVALID_PARAMETER), accepted: (c, args) => code(connected(c, args) ? ERR_INVALID_PARAMETER : OK) },
    disconnect: { params, refused: () => code(ERR_INVALID_PARAMETER), accepted: (c, args) => code(connected(c, args) ? OK : ERR_INVALID_PARAMETER) },
    is_connected: { params, refused: () => ({ value: false, logs: false }), accepted: () => bool_ },
  };
  it("has a row for every property of the prototype", () => {
    expect([...properties.keys()].filter((m) => !(m in rows))).toEqual([]);
    expect(Object.keys(rows).filter((m) => !properties.has(m))).toEqual([]);
  });
  it.each(PEER_SIGNALS)("%s on a connected peer: documented codes, logged refusals, the peer still connects", async (name) => {
    const peer = await peerIn("connected");
    const signal = peer[name] as unknown as Signal<unknown[]>;
    world.set(signal, world.get(peer)!);
    const problems = await runMatrix({ state: "connected", properties, table: rows, values: MATRIX_VALUES, make: () => signal, snapshot: () => null, logCount: errorCount, stillWorks });
    expect(problems).toEqual([]);
  });
});
