// The core in real Chromium, the packet path: text and binary packets between two WebRTCPeerConnections in one
// page (no server), their order, the size limit and the out-buffer limit. Each test runs in the page (e2e/fixtures/pair.html) and returns what it observed.
import { expect, test } from "@playwright/test";
import "./support/page-globals";
import { openHarness } from "./support/pages";

test.beforeEach(async ({ page }) => openHarness(page));

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
