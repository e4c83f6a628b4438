// The bad-input matrix (docs/reliability.md) for WebRTCMultiplayerPeer: every property of the prototype chain
// (MultiplayerPeer and GodotObject included), every hostile value in every parameter position, in every state;
// afterwards the same object still makes a mesh with another peer and exchanges packets.
import { afterAll, expect } from "vitest";
import { GodotError } from "../godot/godot-error";
import { MIB } from "../godot/limits";
import { isPlainObject } from "../internal/checks";
import { MAX_PEER_ID as MAX_ID } from "../godot/limits";
import { WebRTCMultiplayerPeer } from "../multiplayer/webrtc-multiplayer-peer";
import { WebRTCPeerConnection } from "../peer-connection/webrtc-peer-connection";
import { any, bool, bytes, intIn, intResult, oneOf, param, variant, type Cell, type Row } from "../test-support/bad-input-matrix";
import {
  bool_, describeMatrix, code, construction, getter, isEnum, NOTHING, property, reportTally, setter, signalRows, world,
} from "../test-support/bad-input-values";
import { FakeNetwork } from "../test-support/fake-network";
import { connectMultiplayer, exchangeMultiplayer } from "../test-support/signaling-relay";
import { useFakeBrowser } from "../test-support/use-fake-browser";

useFakeBrowser();
afterAll(reportTally);

const { OK, ERR_INVALID_PARAMETER, ERR_UNCONFIGURED } = GodotError;
const PC = WebRTCPeerConnection;
const byteLength = (value: unknown): number => (Array.isArray(value) ? value.length : ArrayBuffer.isView(value) || value instanceof ArrayBuffer ? value.byteLength : -1);

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
  constructor: construction(MP, (built) => (built as WebRTCMultiplayerPeer).get_connection_status() === MP.CONNECTION_DISCONNECTED),
  transfer_mode: property(oneOf("mode", [0, 1, 2], 2), isEnum(2)),
  transfer_channel: property(intIn("channel", 0, Number.MAX_SAFE_INTEGER, 0), intResult(0, Number.MAX_SAFE_INTEGER)),
  refuse_new_connections: property(bool("refuse", false), bool_),
  encode_buffer_max_size: property(intIn("bytes", 1024, 256 * MIB, 4096), intResult(1024, 256 * MIB)),
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
  get_peer_stats: {
    params: [any("peer_id", 2)],
    accepted: (c, args) => (c.obj.has_peer(args[0] as number)
      ? { match: (r) => typeof (r as { has_selected_pair?: unknown }).has_selected_pair === "boolean", what: "a stats snapshot" }
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

describeMatrix("WebRTCMultiplayerPeer", { prototype: MP.prototype, rows: MULTIPLAYER_ROWS, states: MP_STATES, make: multiplayerIn, snapshot: multiplayerSnapshot, afterwards: "still connects" });

