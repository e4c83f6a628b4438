// The scenarios the Firefox run drives, each a function run inside e2e/fixtures/pair.html (the library from source
// plus `window.harness`, the same harness the Chromium specs use). Each must be self-contained: the driver sends
// its source text to the page. Each closes its peers and returns what it observed, in plain JSON.
import "../e2e/support/page-globals";
import type { WebRTCDataChannel as Channel } from "../src/index";

/**
 * Connect two peers, exchange text and binary packets both ways on a negotiated and an in-band channel, then
 * close: the Godot-visible states at each step.
 */
export async function connectExchangeClose() {
  const { harness, GodotWebRTC } = window;
  const { WebRTCDataChannel } = GodotWebRTC;
  const [a, b] = harness.newPair();
  const candidates: string[] = [];
  a.ice_candidate_created.connect((_media, _index, name) => candidates.push(name));
  const failures: string[] = [];
  for (const peer of [a, b]) peer.operation_failed.connect((operation, message) => failures.push(`${operation}: ${message}`));
  const negotiatedA = a.create_data_channel("game", { negotiated: true, id: 5 })!;
  const negotiatedB = b.create_data_channel("game", { negotiated: true, id: 5 })!;
  const inBand = a.create_data_channel("chat", { protocol: "chat-v1" })!;
  const received: Channel[] = [];
  b.data_channel_received.connect((channel) => received.push(channel));
  const stop = harness.pollLoop([a, b]);
  const started = performance.now();
  await harness.link(a, b);
  const connectMs = performance.now() - started;
  await harness.until(() => received.length === 1, 10_000, "data_channel_received on b");
  const inBandB = received[0]!;
  await harness.openChannels([negotiatedA, negotiatedB, inBand, inBandB]);
  const openMs = performance.now() - started;

  negotiatedA.set_write_mode(WebRTCDataChannel.WRITE_MODE_TEXT);
  negotiatedA.put_packet(new TextEncoder().encode("héllo from a"));
  negotiatedB.put_packet(new Uint8Array([0, 255, 7, 128]));
  inBand.put_packet(new Uint8Array([1, 2, 3]));
  inBandB.set_write_mode(WebRTCDataChannel.WRITE_MODE_TEXT);
  inBandB.put_packet(new TextEncoder().encode("back on chat"));
  negotiatedA.set_write_mode(WebRTCDataChannel.WRITE_MODE_BINARY);
  for (let sequence = 0; sequence < 200; sequence++) negotiatedA.put_packet(harness.numbered(sequence, 1024));
  await harness.packetsArrived(negotiatedB, 201);
  await harness.packetsArrived(negotiatedA, 1);
  await harness.packetsArrived(inBandB, 1);
  await harness.packetsArrived(inBand, 1);
  const decode = (packets: { bytes: number[]; wasString: boolean }[]) => packets.map(({ bytes, wasString }) => ({ text: new TextDecoder().decode(new Uint8Array(bytes)), wasString }));
  const firstOnB = negotiatedB.get_packet();
  const packets = {
    textToB: { text: new TextDecoder().decode(firstOnB), wasString: negotiatedB.was_string_packet() },
    orderedToB: harness.firstOutOfOrder(negotiatedB, 200),
    binaryToA: harness.readAll(negotiatedA),
    inBandToB: harness.readAll(inBandB),
    inBandToA: decode(harness.readAll(inBand)),
  };
  const inBandInfo = { label: inBandB.get_label(), protocol: inBandB.get_protocol(), negotiated: inBandB.is_negotiated() };
  const connected = [a.get_connection_state(), b.get_connection_state()];
  stop();
  a.close();
  b.close();
  const closed = {
    peers: [a.get_connection_state(), b.get_connection_state()],
    channels: [negotiatedA, negotiatedB, inBand, inBandB].map((channel) => channel.get_ready_state()),
  };
  return { connectMs, openMs, candidates, failures, connected, inBandInfo, packets, closed };
}

/**
 * The remote peer closes: the local side sees its channels CLOSED and its connection leave CONNECTED within a
 * bound, and a packet that arrived before stays readable.
 */
export async function remoteClose() {
  const { harness } = window;
  const [a, b] = harness.newPair();
  const channelA = a.create_data_channel("game", { negotiated: true, id: 1 })!;
  const channelB = b.create_data_channel("game", { negotiated: true, id: 1 })!;
  const stop = harness.pollLoop([a, b]);
  await harness.link(a, b);
  await harness.openChannels([channelA, channelB]);
  channelB.put_packet(new TextEncoder().encode("last words"));
  await harness.packetsArrived(channelA, 1);
  const started = performance.now();
  b.close();
  await harness.until(() => channelA.get_ready_state() === 3, 30_000, "a's channel CLOSED after b closed");
  const channelClosedMs = performance.now() - started;
  // Firefox 153 reports the remote close through the channel; the connection follows through ICE consent.
  await harness.until(() => [3, 4].includes(a.get_connection_state()), 45_000, "a DISCONNECTED or FAILED after b closed");
  const connectionLostMs = performance.now() - started;
  const stateAfter = a.get_connection_state();
  const kept = new TextDecoder().decode(channelA.get_packet());
  const sendAfter = channelA.put_packet(new Uint8Array([1]));
  stop();
  a.close();
  return { channelClosedMs, connectionLostMs, stateAfter, kept, sendAfter };
}

/**
 * close() while packets are still flowing: the closing side reads CLOSED at once and emits nothing after; the
 * other side's channel closes within a bound; what it got is an in-order prefix and stays readable.
 */
export async function closeMidTransfer() {
  const { harness } = window;
  const [a, b] = harness.newPair();
  const channelA = a.create_data_channel("bulk", { negotiated: true, id: 2 })!;
  const channelB = b.create_data_channel("bulk", { negotiated: true, id: 2 })!;
  let signalsAfterClose = 0;
  let closing = false;
  for (const signal of [a.session_description_created, a.ice_candidate_created, a.data_channel_received, a.operation_failed]) {
    signal.connect(() => {
      if (closing) signalsAfterClose++;
    });
  }
  const stop = harness.pollLoop([a, b]);
  await harness.link(a, b);
  await harness.openChannels([channelA, channelB]);
  let sent = 0;
  const pump = () => {
    while (sent < 20_000 && channelA.get_buffered_amount() < 1024 * 1024 && channelA.put_packet(harness.numbered(sent, 4096)) === 0) sent++;
  };
  pump();
  await harness.until(() => (pump(), channelB.get_available_packet_count() >= 50), 15_000, "50 packets on b before close()");
  closing = true;
  const started = performance.now();
  a.close();
  const right = { peer: a.get_connection_state(), signaling: a.get_signaling_state(), channel: channelA.get_ready_state(), put: channelA.put_packet(new Uint8Array([9])) };
  await harness.until(() => channelB.get_ready_state() === 3, 30_000, "b's channel CLOSED after a.close()");
  const remoteClosedMs = performance.now() - started;
  const got = channelB.get_available_packet_count();
  const firstOutOfOrder = harness.firstOutOfOrder(channelB, got);
  // Polling a closed peer for a while longer must still emit nothing.
  await harness.until(() => performance.now() - started > remoteClosedMs + 200, 5_000, "200 ms more of polling");
  stop();
  b.close();
  return { sent, got, firstOutOfOrder, right, remoteClosedMs, signalsAfterClose };
}
