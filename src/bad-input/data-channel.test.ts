// The bad-input matrix (docs/reliability.md) for WebRTCDataChannel: every property of the prototype chain, every
// hostile value in every parameter position, in every state; afterwards the channel (or its connection) still works.
import { afterAll } from "vitest";
import { WebRTCDataChannel } from "../data-channel/webrtc-data-channel";
import { GodotError } from "../godot/godot-error";
import { MIB } from "../godot/limits";
import { WebRTCPeerConnection } from "../peer-connection/webrtc-peer-connection";
import { bytes, intIn, intResult, oneOf, typed, variant, type Cell, type Row } from "../test-support/bad-input-matrix";
import {
  bool_, describeMatrix, signalRows, code, construction, getter, isEnum, NOTHING, property, reportTally, setter, world,
} from "../test-support/bad-input-values";
import { FakeNetwork } from "../test-support/fake-network";
import { FakeRTCPeerConnection } from "../test-support/fake-rtc";
import { connectPair, exchange } from "../test-support/signaling-relay";
import { useFakeBrowser } from "../test-support/use-fake-browser";

useFakeBrowser();
afterAll(reportTally);

const { OK, ERR_INVALID_PARAMETER, ERR_UNCONFIGURED, ERR_UNAVAILABLE } = GodotError;

const DC = WebRTCDataChannel;
const dcOpen = (c: Cell<WebRTCDataChannel>): boolean => c.obj.get_ready_state() === DC.STATE_OPEN;
const byteLength = (value: unknown): number => (Array.isArray(value) ? value.length : ArrayBuffer.isView(value) || value instanceof ArrayBuffer ? value.byteLength : -1);
const CHANNEL_ROWS: Record<string, Row<WebRTCDataChannel>> = {
  constructor: construction(DC, (built) => (built as WebRTCDataChannel).get_ready_state() === DC.STATE_CLOSED, true),
  write_mode: property(oneOf("mode", [0, 1], 1), isEnum(1)),
  encode_buffer_max_size: property(intIn("bytes", 1024, 256 * MIB, 4096), intResult(1024, 256 * MIB)),
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
  ...signalRows<WebRTCDataChannel>([]), // an Object in Godot: connect() exists, and no signal name is valid
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

describeMatrix("WebRTCDataChannel", { prototype: DC.prototype, rows: CHANNEL_ROWS, states: CHANNEL_STATES, make: channelIn, snapshot: channelSnapshot, afterwards: "still exchanges data" });

