// The core in real Chromium, connecting: two WebRTCPeerConnections in one page, connected over loopback purely
// through their signals (no server); the signals, their order, the state getters and a failed negotiation. Each test runs in the page (e2e/fixtures/pair.html) and returns what it observed.
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
