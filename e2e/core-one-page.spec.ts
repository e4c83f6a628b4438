// The core in real Chromium: two WebRTCPeerConnections in one page, connected over loopback purely through their
// signals (no server). Each test runs in the page (e2e/fixtures/pair.html) and returns what it observed.
import { expect, test } from "@playwright/test";
import "./support/page-globals";
import { openHarness } from "./support/pages";

test.beforeEach(async ({ page }) => openHarness(page));

test("peers connect purely through the signals: offer, answer and (media, index, name) candidates", async ({ page }) => {
  const seen = await page.evaluate(async () => {
    const { harness } = window;
    const [a, b] = harness.newPair();
    const descriptions: string[] = [];
    const candidates: [peer: string, media: unknown, index: unknown, name: unknown][] = [];
    for (const [name, peer] of [["a", a], ["b", b]] as const) {
      peer.session_description_created.connect((type, sdp) => descriptions.push(`${name}:${type}:${sdp.startsWith("v=0")}`));
      peer.ice_candidate_created.connect((media, index, candidate) => candidates.push([name, media, index, candidate]));
    }
    a.create_data_channel("chat");
    const stop = harness.pollLoop([a, b]);
    await harness.link(a, b);
    stop();
    a.close();
    b.close();
    return { descriptions, candidates };
  });

  expect(seen.descriptions).toEqual(["a:offer:true", "b:answer:true"]);
  for (const peer of ["a", "b"]) expect(seen.candidates.some(([from]) => from === peer), `peer ${peer} sent no candidate`).toBe(true);
  for (const [, media, index, name] of seen.candidates) {
    expect(typeof media).toBe("string");
    expect(Number.isInteger(index) && (index as number) >= 0, `index ${String(index)} is not a non-negative integer`).toBe(true);
    expect(String(name)).toMatch(/^candidate:/);
  }
});

test("an in-band channel arrives through data_channel_received with its label and protocol", async ({ page }) => {
  const seen = await page.evaluate(async () => {
    const { harness, GodotWebRTC } = window;
    const [a, b] = harness.newPair();
    const sent = a.create_data_channel("chat", { protocol: "chat-v1" })!;
    const received: InstanceType<typeof GodotWebRTC.WebRTCDataChannel>[] = [];
    b.data_channel_received.connect((channel) => received.push(channel));
    const stop = harness.pollLoop([a, b]);
    await harness.link(a, b);
    await harness.until(() => received.length > 0, 10_000, "data_channel_received on b");
    const [channel] = received;
    await harness.openChannels([sent, channel!]);
    sent.put_packet(new TextEncoder().encode("hi"));
    await harness.packetsArrived(channel!, 1);
    const result = {
      count: received.length,
      isDataChannel: channel instanceof GodotWebRTC.WebRTCDataChannel,
      label: channel!.get_label(),
      protocol: channel!.get_protocol(),
      negotiated: channel!.is_negotiated(),
      sameId: channel!.get_id() === sent.get_id(),
      packet: new TextDecoder().decode(channel!.get_packet()),
    };
    stop();
    a.close();
    b.close();
    return result;
  });

  expect(seen).toEqual({ count: 1, isDataChannel: true, label: "chat", protocol: "chat-v1", negotiated: false, sameId: true, packet: "hi" });
});

test("a negotiated channel uses the same id on both sides and never fires data_channel_received", async ({ page }) => {
  const seen = await page.evaluate(async () => {
    const { harness } = window;
    const [a, b] = harness.newPair();
    const onA = a.create_data_channel("game", { negotiated: true, id: 7 })!;
    const onB = b.create_data_channel("game", { negotiated: true, id: 7 })!;
    // An in-band channel beside it proves data_channel_received works in this very connection.
    a.create_data_channel("lobby");
    const receivedLabels: string[] = [];
    for (const peer of [a, b]) peer.data_channel_received.connect((channel) => receivedLabels.push(channel.get_label()));
    const stop = harness.pollLoop([a, b]);
    await harness.link(a, b);
    await harness.openChannels([onA, onB]);
    await harness.until(() => receivedLabels.length > 0, 10_000, "the in-band lobby channel on b");
    onA.put_packet([1]);
    onB.put_packet([2]);
    await harness.packetsArrived(onA, 1);
    await harness.packetsArrived(onB, 1);
    const result = {
      ids: [onA.get_id(), onB.get_id()],
      negotiated: [onA.is_negotiated(), onB.is_negotiated()],
      packets: [Array.from(onA.get_packet()), Array.from(onB.get_packet())],
      receivedLabels,
    };
    stop();
    a.close();
    b.close();
    return result;
  });

  expect(seen.ids).toEqual([7, 7]);
  expect(seen.negotiated).toEqual([true, true]);
  expect(seen.packets).toEqual([[2], [1]]);
  expect(seen.receivedLabels, "only the in-band channel may arrive through data_channel_received").toEqual(["lobby"]);
});

test("an unordered maxRetransmits: 0 channel shows its options on the receiving side", async ({ page }) => {
  const seen = await page.evaluate(async () => {
    const { harness, GodotWebRTC } = window;
    const [a, b] = harness.newPair();
    a.create_data_channel("fast", { ordered: false, maxRetransmits: 0 });
    a.create_data_channel("reliable");
    const received = new Map<string, InstanceType<typeof GodotWebRTC.WebRTCDataChannel>>();
    b.data_channel_received.connect((channel) => received.set(channel.get_label(), channel));
    const stop = harness.pollLoop([a, b]);
    await harness.link(a, b);
    await harness.until(() => received.size === 2, 10_000, "both channels on b");
    const options = (label: string) => {
      const channel = received.get(label)!;
      return { ordered: channel.is_ordered(), retransmits: channel.get_max_retransmits(), lifetime: channel.get_max_packet_life_time() };
    };
    const result = { fast: options("fast"), reliable: options("reliable") };
    stop();
    a.close();
    b.close();
    return result;
  });

  expect(seen.fast).toEqual({ ordered: false, retransmits: 0, lifetime: 65535 });
  expect(seen.reliable, "a reliable channel reads 65535 for both unset limits").toEqual({ ordered: true, retransmits: 65535, lifetime: 65535 });
});

test("text and binary round trips keep their bytes and was_string_packet", async ({ page }) => {
  const seen = await page.evaluate(async () => {
    const { harness, GodotWebRTC } = window;
    const { WRITE_MODE_TEXT, WRITE_MODE_BINARY } = GodotWebRTC.WebRTCDataChannel;
    const [a, b] = harness.newPair();
    const onA = a.create_data_channel("data", { negotiated: true, id: 1 })!;
    const onB = b.create_data_channel("data", { negotiated: true, id: 1 })!;
    const stop = harness.pollLoop([a, b]);
    await harness.link(a, b);
    await harness.openChannels([onA, onB]);
    const hello = new TextEncoder().encode("héllo");
    const allBytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    const codes: number[] = [];
    // Each direction: text, binary, text again (was_string_packet must follow every packet, not stick).
    for (const [from, to] of [[onA, onB], [onB, onA]] as const) {
      codes.push(from.set_write_mode(WRITE_MODE_TEXT), from.put_packet(hello));
      codes.push(from.set_write_mode(WRITE_MODE_BINARY), from.put_packet(allBytes));
      from.write_mode = WRITE_MODE_TEXT;
      codes.push(from.put_packet(hello));
      await harness.packetsArrived(to, 3);
    }
    const result = { codes, toB: harness.readAll(onB), toA: harness.readAll(onA), text: "" };
    result.text = new TextDecoder().decode(Uint8Array.from(result.toB[0]!.bytes));
    stop();
    a.close();
    b.close();
    return result;
  });

  expect(seen.codes.every((code) => code === 0), `codes: ${seen.codes}`).toBe(true);
  const hello = Array.from(new TextEncoder().encode("héllo"));
  const allBytes = Array.from({ length: 256 }, (_, i) => i);
  const expected = [{ bytes: hello, wasString: true }, { bytes: allBytes, wasString: false }, { bytes: hello, wasString: true }];
  expect(seen.text).toBe("héllo");
  expect(seen.toB).toEqual(expected);
  expect(seen.toA).toEqual(expected);
});

test("10,000 packets arrive in order", async ({ page }) => {
  const seen = await page.evaluate(async () => {
    const { harness } = window;
    const total = 10_000;
    const [a, b] = harness.newPair();
    const onA = a.create_data_channel("stream", { negotiated: true, id: 3 })!;
    const onB = b.create_data_channel("stream", { negotiated: true, id: 3 })!;
    const stop = harness.pollLoop([a, b]);
    await harness.link(a, b);
    await harness.openChannels([onA, onB]);
    let notOk = 0;
    for (let sequence = 0; sequence < total; sequence++) {
      if (onA.put_packet(harness.numbered(sequence, 4 + (sequence % 13))) !== 0) notOk++;
    }
    await harness.packetsArrived(onB, total, 30_000);
    const result = { notOk, count: onB.get_available_packet_count(), firstOutOfOrder: harness.firstOutOfOrder(onB, total) };
    stop();
    a.close();
    b.close();
    return result;
  });

  expect(seen).toEqual({ notOk: 0, count: 10_000, firstOutOfOrder: -1 });
});

test("signals come only from poll(), in the order the browser produced the events", async ({ page }) => {
  const seen = await page.evaluate(async () => {
    const { harness, GodotWebRTC } = window;
    const { WebRTCPeerConnection } = GodotWebRTC;
    const Recording = harness.RecordingPeerConnection;
    WebRTCPeerConnection.set_default_extension(Recording);
    const [a, b] = harness.newPair();
    const [browserA, browserB] = Recording.instances;
    a.create_data_channel("one");
    a.create_data_channel("two");
    harness.wire(a, b);

    // Every emitted signal, per peer, as [signal, key] like the recorder's; and whether any came outside poll().
    const emitted = { a: [] as [string, string][], b: [] as [string, string][] };
    let polling = false;
    let outsidePoll = 0;
    for (const [name, peer] of [["a", a], ["b", b]] as const) {
      const note = (signal: string, key: string): void => {
        if (!polling) outsidePoll++;
        emitted[name].push([signal, key]);
      };
      peer.session_description_created.connect((type) => note("session_description_created", type));
      peer.ice_candidate_created.connect((_media, _index, candidate) => note("ice_candidate_created", candidate));
      peer.data_channel_received.connect((channel) => note("data_channel_received", channel.get_label()));
    }
    const poll = (...peers: (typeof a)[]): void => {
      polling = true;
      for (const peer of peers) peer.poll();
      polling = false;
    };

    // 1. The offer is made, but nothing reaches a handler until a's poll().
    a.create_offer();
    await harness.until(() => browserA!.events.length === 1, 10_000, "the browser to create the offer");
    const beforeFirstPoll = emitted.a.length + emitted.b.length;
    poll(a);
    const afterFirstPoll = [...emitted.a];

    // 2. Without polling, a gathers all its candidates and b makes its answer: still nothing emitted.
    await harness.until(() => a.get_gathering_state() === 2, 10_000, "a to finish gathering");
    await harness.until(() => browserB!.events.length >= 1, 10_000, "the browser to create b's answer");
    const queuedWhileIdle = { a: browserA!.events.length, b: browserB!.events.length, emitted: emitted.a.length + emitted.b.length - 1 };
    poll(a, b);
    const candidatesInOnePoll = emitted.a.filter(([signal]) => signal === "ice_candidate_created").length;

    // 3. Poll as a game does until both channels arrived on b.
    const timer = setInterval(() => poll(a, b), 4);
    await harness.until(() => emitted.b.filter(([signal]) => signal === "data_channel_received").length === 2, 15_000, "both channels on b");
    await harness.until(() => a.get_gathering_state() === 2 && b.get_gathering_state() === 2, 10_000, "gathering complete");
    await harness.until(() => emitted.a.length === browserA!.events.length && emitted.b.length === browserB!.events.length, 5_000, "every queued event emitted");
    clearInterval(timer);
    const result = {
      beforeFirstPoll, afterFirstPoll, queuedWhileIdle, candidatesInOnePoll, outsidePoll,
      emitted, browser: { a: browserA!.events, b: browserB!.events },
    };
    a.close();
    b.close();
    return result;
  });

  expect(seen.beforeFirstPoll, "a signal was emitted before poll() was called").toBe(0);
  expect(seen.afterFirstPoll).toEqual([["session_description_created", "offer"]]);
  expect(seen.queuedWhileIdle.emitted, "a signal was emitted while nobody polled").toBe(0);
  expect(seen.queuedWhileIdle.a, "a's browser produced candidates while not polled").toBeGreaterThan(1);
  expect(seen.candidatesInOnePoll, "the candidates queued while idle all came out of the next poll()").toBe(seen.queuedWhileIdle.a - 1);
  expect(seen.outsidePoll, "signals emitted outside poll()").toBe(0);
  expect(seen.emitted.a, "a's signals are not in the browser's order").toEqual(seen.browser.a);
  expect(seen.emitted.b, "b's signals are not in the browser's order").toEqual(seen.browser.b);
  expect(seen.emitted.b.filter(([signal]) => signal === "data_channel_received").map(([, label]) => label).sort()).toEqual(["one", "two"]);
});

test("closing a channel on one side closes it on the other; packets received before stay readable", async ({ page }) => {
  const seen = await page.evaluate(async () => {
    const { harness, GodotWebRTC } = window;
    const { STATE_CLOSED } = GodotWebRTC.WebRTCDataChannel;
    const [a, b] = harness.newPair();
    const onA = a.create_data_channel("doomed", { negotiated: true, id: 2 })!;
    const onB = b.create_data_channel("doomed", { negotiated: true, id: 2 })!;
    const stop = harness.pollLoop([a, b]);
    await harness.link(a, b);
    await harness.openChannels([onA, onB]);
    for (const sequence of [0, 1, 2]) onA.put_packet(harness.numbered(sequence));
    onB.put_packet([42]);
    await harness.packetsArrived(onB, 3);
    await harness.packetsArrived(onA, 1);
    onA.close();
    await harness.until(() => onB.get_ready_state() === STATE_CLOSED, 10_000, "b's channel to read STATE_CLOSED");
    const result = {
      states: [onA.get_ready_state(), onB.get_ready_state()],
      onB: harness.firstOutOfOrder(onB, 3),
      onA: Array.from(onA.get_packet()),
      putAfterClose: onB.put_packet([1]),
      peersStillConnected: [a.get_connection_state(), b.get_connection_state()],
    };
    stop();
    a.close();
    b.close();
    return result;
  });

  expect(seen.states).toEqual([3, 3]);
  expect(seen.onB, "packets received before the close were lost or reordered").toBe(-1);
  expect(seen.onA, "the closing side lost what it had received").toEqual([42]);
  expect(seen.putAfterClose, "put_packet on a closed channel is ERR_UNCONFIGURED").toBe(3);
  expect(seen.peersStillConnected, "closing a channel must not close the connection").toEqual([2, 2]);
});

test("closing the peer connection on one side closes the other side's channels; their packets stay readable", async ({ page }) => {
  const seen = await page.evaluate(async () => {
    const { harness, GodotWebRTC } = window;
    const { STATE_CLOSED } = GodotWebRTC.WebRTCDataChannel;
    const [a, b] = harness.newPair();
    const onA = a.create_data_channel("data", { negotiated: true, id: 2 })!;
    const onB = b.create_data_channel("data", { negotiated: true, id: 2 })!;
    const stop = harness.pollLoop([a, b]);
    await harness.link(a, b);
    await harness.openChannels([onA, onB]);
    onA.put_packet([1, 2, 3]);
    onB.put_packet([4, 5]);
    await harness.packetsArrived(onB, 1);
    await harness.packetsArrived(onA, 1);
    const started = performance.now();
    a.close();
    const closedSide = { connection: a.get_connection_state(), signaling: a.get_signaling_state() };
    await harness.until(() => onA.get_ready_state() === STATE_CLOSED, 10_000, "a's own channel to read STATE_CLOSED after a.close()");
    await harness.until(() => onB.get_ready_state() === STATE_CLOSED, 10_000, "b's channel to read STATE_CLOSED after a.close()");
    const result = {
      closedSide,
      closeTookMs: performance.now() - started,
      onB: Array.from(onB.get_packet()),
      onA: Array.from(onA.get_packet()),
      idempotent: (a.close(), a.get_connection_state()),
    };
    stop();
    b.close();
    return result;
  });

  expect(seen.closedSide).toEqual({ connection: 5, signaling: 5 });
  expect(seen.onB, "b lost a packet received before a closed").toEqual([1, 2, 3]);
  expect(seen.onA, "a lost a packet received before its own close()").toEqual([4, 5]);
  expect(seen.idempotent).toBe(5);
});

test("state getters follow the lifecycle: NEW, CONNECTING at once, CONNECTED, then CLOSED", async ({ page }) => {
  const seen = await page.evaluate(async () => {
    const { harness } = window;
    const [a, b] = harness.newPair();
    const states = (peer: typeof a) => [peer.get_connection_state(), peer.get_gathering_state(), peer.get_signaling_state()];
    const log: Record<string, number[]> = { aFresh: states(a), bFresh: states(b) };
    a.create_data_channel("chat");
    // b is wired by hand to look at it right when the remote offer is applied and when its answer is made.
    a.session_description_created.connect((type, sdp) => {
      a.set_local_description(type, sdp);
      b.set_remote_description(type, sdp);
      log.bRightAfterRemoteOffer = states(b);
    });
    b.session_description_created.connect((type, sdp) => {
      log.bWhenAnswerCreated = states(b);
      b.set_local_description(type, sdp);
      a.set_remote_description(type, sdp);
    });
    a.ice_candidate_created.connect((media, index, name) => b.add_ice_candidate(media, index, name));
    b.ice_candidate_created.connect((media, index, name) => a.add_ice_candidate(media, index, name));
    const stop = harness.pollLoop([a, b]);
    a.create_offer();
    log.aRightAfterOffer = states(a);
    await harness.until(() => a.get_connection_state() === 2 && b.get_connection_state() === 2, 15_000, "both STATE_CONNECTED");
    await harness.until(() => a.get_gathering_state() === 2 && b.get_gathering_state() === 2, 10_000, "gathering COMPLETE on both");
    await harness.until(() => a.get_signaling_state() === 0 && b.get_signaling_state() === 0, 10_000, "signaling STABLE on both");
    log.aConnected = states(a);
    log.bConnected = states(b);
    a.close();
    b.close();
    stop();
    log.aClosed = [a.get_connection_state(), a.get_signaling_state()];
    log.bClosed = [b.get_connection_state(), b.get_signaling_state()];
    return log;
  });

  // [connection, gathering, signaling]: STATE_NEW 0 / CONNECTING 1 / CONNECTED 2 / CLOSED 5,
  // GATHERING_STATE_NEW 0 / COMPLETE 2, SIGNALING_STATE_STABLE 0 / HAVE_REMOTE_OFFER 2 / CLOSED 5.
  expect(seen.aFresh).toEqual([0, 0, 0]);
  expect(seen.bFresh).toEqual([0, 0, 0]);
  expect(seen.aRightAfterOffer?.[0], "create_offer() moves to STATE_CONNECTING at once").toBe(1);
  expect(seen.bRightAfterRemoteOffer?.[0], "set_remote_description(offer) moves to STATE_CONNECTING at once").toBe(1);
  expect(seen.bWhenAnswerCreated?.[2], "b's signaling state while its answer is pending").toBe(2);
  expect(seen.aConnected).toEqual([2, 2, 0]);
  expect(seen.bConnected).toEqual([2, 2, 0]);
  expect(seen.aClosed).toEqual([5, 5]);
  expect(seen.bClosed).toEqual([5, 5]);
});

test("get_max_packet_size() follows sctp.maxMessageSize; a bigger packet is refused without closing the channel", async ({ page }) => {
  const seen = await page.evaluate(async () => {
    const { harness, GodotWebRTC } = window;
    GodotWebRTC.WebRTCPeerConnection.set_default_extension(harness.RecordingPeerConnection);
    const [a, b] = harness.newPair();
    const [browserA, browserB] = harness.RecordingPeerConnection.instances;
    const onA = a.create_data_channel("big", { negotiated: true, id: 4 })!;
    const onB = b.create_data_channel("big", { negotiated: true, id: 4 })!;
    const beforeConnecting = onA.get_max_packet_size();
    const stop = harness.pollLoop([a, b]);
    await harness.link(a, b);
    await harness.openChannels([onA, onB]);
    const browserMax = [browserA!.sctp?.maxMessageSize ?? -1, browserB!.sctp?.maxMessageSize ?? -1];
    const max = onA.get_max_packet_size();
    const tooBig = onA.put_packet(new Uint8Array(max + 1));
    const stateAfterRefusal = onA.get_ready_state();
    const exact = onA.put_packet(new Uint8Array(max).fill(7));
    const small = onA.put_packet([9]);
    await harness.packetsArrived(onB, 2, 20_000);
    const first = onB.get_packet();
    const result = {
      beforeConnecting, browserMax, sizes: [max, onB.get_max_packet_size()], tooBig, stateAfterRefusal, exact, small,
      received: [first.byteLength, first.every((byte) => byte === 7), Array.from(onB.get_packet())],
      extra: onB.get_available_packet_count(),
    };
    stop();
    a.close();
    b.close();
    return result;
  });

  const expectedMax = seen.browserMax.map((size) => Math.min(size, 262_144));
  expect(seen.browserMax.every((size) => size > 0), "the browser reports no sctp.maxMessageSize").toBe(true);
  expect(seen.beforeConnecting, "64 KiB until the transport is known").toBe(65_536);
  expect(seen.sizes).toEqual(expectedMax);
  expect(seen.tooBig, "one byte over get_max_packet_size() is ERR_INVALID_PARAMETER").toBe(31);
  expect(seen.stateAfterRefusal, "the refusal must not close the channel").toBe(1);
  expect([seen.exact, seen.small]).toEqual([0, 0]);
  expect(seen.received).toEqual([expectedMax[0], true, [9]]);
  expect(seen.extra, "the refused packet was sent anyway").toBe(0);
});

test("with a small out-buffer limit a burst hits ERR_BUSY, and every accepted packet arrives in order", async ({ page }) => {
  const seen = await page.evaluate(async () => {
    const { harness, GodotWebRTC } = window;
    const { OK, ERR_BUSY } = GodotWebRTC.GodotError;
    const total = 200;
    const size = 16 * 1024;
    const limit = 64 * 1024;
    const [a, b] = harness.newPair();
    const onA = a.create_data_channel("bulk", { negotiated: true, id: 5 })!;
    const onB = b.create_data_channel("bulk", { negotiated: true, id: 5 })!;
    const stop = harness.pollLoop([a, b]);
    await harness.link(a, b);
    await harness.openChannels([onA, onB]);
    onA.set_out_buffer_limit(limit);

    // A burst with no waiting: it must hit ERR_BUSY, and everything before that must be OK.
    const burst: number[] = [];
    let next = 0;
    while (next < total) {
      const code = onA.put_packet(harness.numbered(next, size));
      burst.push(code);
      if (code !== OK) break;
      next++;
    }
    // Then as a game would: retry a refused packet once the buffer has drained below the limit.
    const unexpected: number[] = [];
    let busy = burst.filter((code) => code === ERR_BUSY).length;
    while (next < total) {
      const code = onA.put_packet(harness.numbered(next, size));
      if (code === OK) next++;
      else if (code === ERR_BUSY) {
        busy++;
        await harness.until(() => onA.get_buffered_amount() + size <= limit, 10_000, "the send buffer to drain");
      } else unexpected.push(code);
      if (unexpected.length > 0) break;
    }
    await harness.packetsArrived(onB, total, 30_000);
    const result = {
      burst, busy, unexpected, stillOpen: onA.get_ready_state(),
      count: onB.get_available_packet_count(), firstOutOfOrder: harness.firstOutOfOrder(onB, total),
    };
    stop();
    a.close();
    b.close();
    return result;
  });

  expect(seen.burst.at(-1), `the burst never got ERR_BUSY: ${seen.burst.length} packets accepted`).toBe(44);
  expect(seen.burst.slice(0, -1).every((code) => code === 0)).toBe(true);
  expect(seen.unexpected, "put_packet returned something other than OK or ERR_BUSY").toEqual([]);
  expect(seen.busy).toBeGreaterThan(0);
  expect(seen.stillOpen).toBe(1);
  expect(seen.count, "a packet refused with ERR_BUSY was sent anyway").toBe(200);
  expect(seen.firstOutOfOrder, "an accepted packet was lost or reordered").toBe(-1);
});

test("set_remote_description with garbage SDP returns OK, then operation_failed comes from poll()", async ({ page }) => {
  const seen = await page.evaluate(async () => {
    const { harness } = window;
    const [a, b] = harness.newPair();
    const failures: [peer: string, operation: string, message: string][] = [];
    a.operation_failed.connect((operation, message) => failures.push(["a", operation, message]));
    b.operation_failed.connect((operation, message) => failures.push(["b", operation, message]));
    // b gets a garbage offer; a, once its own offer is applied, a garbage answer.
    const codes = [b.set_remote_description("offer", "this is not SDP")];
    const beforePoll = failures.length;
    let offerApplied = false;
    a.session_description_created.connect((type, sdp) => {
      a.set_local_description(type, sdp);
      offerApplied = true;
    });
    a.create_data_channel("chat");
    a.create_offer();
    const stop = harness.pollLoop([a, b]);
    await harness.until(() => failures.some(([peer]) => peer === "b"), 10_000, "operation_failed on b");
    await harness.until(() => offerApplied && a.get_signaling_state() === 1, 10_000, "a to hold its local offer");
    codes.push(a.set_remote_description("answer", "v=0\r\ngarbage"));
    await harness.until(() => failures.some(([peer]) => peer === "a"), 10_000, "operation_failed on a");
    stop();
    a.close();
    b.close();
    return { codes, beforePoll, failures };
  });

  expect(seen.codes, "set_remote_description accepts the call and reports the browser's rejection later").toEqual([0, 0]);
  expect(seen.beforePoll).toBe(0);
  const operations = seen.failures.map(([peer, operation]) => `${peer}:${operation}`);
  expect(operations).toContain("b:set_remote_description");
  expect(operations).toContain("a:set_remote_description");
  for (const [, , message] of seen.failures) expect(message.length, "operation_failed carries the browser's message").toBeGreaterThan(0);
});
