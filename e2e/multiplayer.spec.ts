// WebRTCMultiplayerPeer in real Chromium: several multiplayer peers in one page, their connections wired to each
// other through the connections' own signals (no signaling server), polled by a loop like a game's.
import { expect, test, type Page } from "@playwright/test";

/** Loads the library into a blank page and installs `window.mpHarness` (helpers that run in the page). */
async function openHarness(page: Page): Promise<void> {
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") console.log(`[page ${message.type()}]`, message.text());
  });
  await page.goto("/e2e/fixtures/blank.html");
  await page.evaluate(async () => {
    const entry = "/src/index.ts";
    const G = await import(/* @vite-ignore */ entry);

    /** Resolves when `condition()` holds; rejects naming `what` after `timeoutMs`. */
    const until = (condition: () => boolean, timeoutMs: number, what: string): Promise<number> => {
      const start = performance.now();
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (condition()) return resolve(performance.now() - start);
          if (performance.now() - start > timeoutMs) return reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
          setTimeout(check, 5);
        };
        check();
      });
    };

    /** A multiplayer peer that records its signals and every packet it reads as [from, channel, mode, text]. */
    const player = (name: string) => {
      const mp = new G.WebRTCMultiplayerPeer();
      const events: string[] = [];
      const packets: [number, number, number, string][] = [];
      mp.peer_connected.connect((id: number) => events.push(`+${id}`));
      mp.peer_disconnected.connect((id: number) => events.push(`-${id}`));
      const tick = (): void => {
        mp.poll();
        while (mp.get_available_packet_count() > 0) {
          const from = mp.get_packet_peer();
          const channel = mp.get_packet_channel();
          const mode = mp.get_packet_mode();
          packets.push([from, channel, mode, new TextDecoder().decode(mp.get_packet())]);
        }
      };
      const timer = setInterval(tick, 4);
      return { name, mp, events, packets, stop: () => clearInterval(timer) };
    };

    /**
     * Introduces `a` (id `idA`) and `b` (id `idB`) as a lobby client would: a connection each, `add_peer` on both
     * sides, descriptions and candidates passed through the connections' signals, the higher id offering.
     */
    const introduce = (a: any, idA: number, b: any, idB: number, lifetime = 1) => {
      const pa = new G.WebRTCPeerConnection();
      const pb = new G.WebRTCPeerConnection();
      pa.initialize({ iceServers: [] });
      pb.initialize({ iceServers: [] });
      for (const [from, to] of [[pa, pb], [pb, pa]]) {
        from.session_description_created.connect((type: string, sdp: string) => {
          from.set_local_description(type, sdp);
          to.set_remote_description(type, sdp);
        });
        from.ice_candidate_created.connect((media: string, index: number, name: string) => to.add_ice_candidate(media, index, name));
      }
      const added = [a.mp.add_peer(pa, idB, lifetime), b.mp.add_peer(pb, idA, lifetime)];
      if (added.some((code) => code !== G.GodotError.OK)) throw new Error(`add_peer returned ${added.join(", ")}`);
      (idA > idB ? pa : pb).create_offer();
      return [pa, pb];
    };

    /** Text → bytes. */
    const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

    Object.assign(window, { mpHarness: { G, until, player, introduce, bytes } });
  });
}

test.beforeEach(async ({ page }) => openHarness(page));

test("a mesh of three: peer_connected for the others, packets tagged with peer/channel/mode, a closed member leaves everyone", async ({ page }) => {
  const result = await page.evaluate(async () => {
    const { G, until, player, introduce, bytes } = (window as any).mpHarness;
    const MP = G.WebRTCMultiplayerPeer;
    const ids = [10, 20, 30];
    const players = ids.map((id) => player(`mesh ${id}`));
    // Extra channels: channel 1 unreliable (unordered), channel 2 reliable.
    players.forEach((p: any, i: number) => {
      if (p.mp.create_mesh(ids[i], [MP.TRANSFER_MODE_UNRELIABLE, MP.TRANSFER_MODE_RELIABLE]) !== G.GodotError.OK) throw new Error("create_mesh");
    });
    const [a, b, c] = players;
    introduce(a, 10, b, 20, 500);
    introduce(a, 10, c, 30, 500);
    introduce(b, 20, c, 30, 500);
    await until(() => players.every((p: any) => p.events.length === 2), 20_000, "every member sees peer_connected for the other two");
    const connected = players.map((p: any) => [...p.events].sort());

    // What the browser made of the channels to b: 'unreliable' and extra channel 1 are unordered and time-limited.
    const channels = a.mp.get_peer(20).channels;
    const channelOptions = channels.map((ch: any) => [ch.get_label(), ch.get_id(), ch.is_ordered(), ch.get_max_packet_life_time()]);

    // a → b on each kind of channel. Unreliable sends may be lost, so repeat them until one arrives.
    a.mp.set_target_peer(20);
    const send = (mode: number, channel: number, text: string): number => {
      a.mp.transfer_mode = mode;
      a.mp.transfer_channel = channel;
      return a.mp.put_packet(bytes(text));
    };
    const codes = [send(MP.TRANSFER_MODE_RELIABLE, 0, "reliable"), send(MP.TRANSFER_MODE_RELIABLE, 2, "extra reliable")];
    const got = (text: string): boolean => b.packets.some((packet: any) => packet[3] === text);
    for (const [mode, channel, text] of [[MP.TRANSFER_MODE_UNRELIABLE, 0, "unreliable"], [MP.TRANSFER_MODE_UNRELIABLE_ORDERED, 0, "ordered"], [MP.TRANSFER_MODE_RELIABLE, 1, "extra unreliable"]] as const) {
      for (let tries = 0; tries < 50 && !got(text); tries++) {
        codes.push(send(mode, channel, text));
        await until(() => got(text), 200, text).catch(() => {});
      }
    }
    await until(() => ["reliable", "extra reliable", "unreliable", "ordered", "extra unreliable"].every(got), 5_000, "b reads every packet a sent");
    const firstOf = (text: string) => b.packets.find((packet: any) => packet[3] === text);
    const tagged = Object.fromEntries(["reliable", "ordered", "unreliable", "extra unreliable", "extra reliable"].map((text) => [text, firstOf(text).slice(0, 3)]));

    // A broadcast from c reaches a and b, tagged with c's id.
    c.mp.set_target_peer(MP.TARGET_PEER_BROADCAST);
    codes.push(c.mp.put_packet(bytes("hello all")));
    await until(() => [a, b].every((p: any) => p.packets.some((packet: any) => packet[3] === "hello all" && packet[0] === 30)), 5_000, "c's broadcast reaches a and b");

    // c closes: a and b notice within the deadline.
    c.stop();
    c.mp.close();
    const noticedMs = await until(() => a.events.includes("-30") && b.events.includes("-30"), 10_000, "a and b get peer_disconnected(30)");
    const afterClose = [a.mp.has_peer(30), b.mp.has_peer(30), a.mp.has_peer(20), b.mp.has_peer(10)];
    players.forEach((p: any) => { p.stop(); p.mp.close(); });
    return { connected, channelOptions, codes, tagged, noticedMs, afterClose, events: [a.events, b.events, c.events] };
  });
  expect(result.connected).toEqual([["+20", "+30"], ["+10", "+30"], ["+10", "+20"]]);
  expect(result.channelOptions).toEqual([
    ["reliable", 1, true, 65535],
    ["ordered", 2, true, 500],
    ["unreliable", 3, false, 500],
    ["4", 4, false, 500],
    ["5", 5, true, 65535],
  ]);
  expect(result.codes.every((code: number) => code === 0)).toBe(true);
  expect(result.tagged).toEqual({
    reliable: [10, 0, 2],
    ordered: [10, 0, 1],
    unreliable: [10, 0, 0],
    "extra unreliable": [10, 1, 0],
    "extra reliable": [10, 2, 2],
  });
  expect(result.afterClose).toEqual([false, false, true, true]);
  expect([...result.events[0]].sort()).toEqual(["+20", "+30", "-30"]);
  expect([...result.events[1]].sort()).toEqual(["+10", "+30", "-30"]);
  expect(result.events[2]).toHaveLength(2);
  console.log(`peer_disconnected after close() within ${Math.round(result.noticedMs)} ms`);
});

test("a server and two clients: statuses, packets to and from the server, both sides notice a departure", async ({ page }) => {
  const result = await page.evaluate(async () => {
    const { G, until, player, introduce, bytes } = (window as any).mpHarness;
    const MP = G.WebRTCMultiplayerPeer;
    const server = player("server");
    const alice = player("client 2");
    const bob = player("client 3");
    const created = [server.mp.create_server(), alice.mp.create_client(2), bob.mp.create_client(3)];
    const statusBefore = [alice.mp.get_connection_status(), bob.mp.get_connection_status()];
    introduce(server, 1, alice, 2);
    introduce(server, 1, bob, 3);
    await until(() => server.events.length === 2 && alice.events.length === 1 && bob.events.length === 1, 20_000, "server sees both clients, each client sees the server");
    const statusAfter = [alice.mp.get_connection_status(), bob.mp.get_connection_status()];
    const flags = [server.mp.is_server(), alice.mp.is_server(), alice.mp.is_server_relay_supported(), alice.mp.get_unique_id()];

    alice.mp.set_target_peer(MP.TARGET_PEER_SERVER);
    const codes = [alice.mp.put_packet(bytes("from alice"))];
    server.mp.set_target_peer(3);
    server.mp.transfer_mode = MP.TRANSFER_MODE_UNRELIABLE_ORDERED;
    const got = (p: any, text: string): boolean => p.packets.some((packet: any) => packet[3] === text);
    for (let tries = 0; tries < 50 && !got(bob, "to bob"); tries++) {
      codes.push(server.mp.put_packet(bytes("to bob")));
      await until(() => got(bob, "to bob"), 200, "to bob").catch(() => {});
    }
    server.mp.set_target_peer(MP.TARGET_PEER_BROADCAST);
    server.mp.transfer_mode = MP.TRANSFER_MODE_RELIABLE;
    codes.push(server.mp.put_packet(bytes("to all")));
    await until(() => got(server, "from alice") && got(bob, "to bob") && got(alice, "to all") && got(bob, "to all"), 5_000, "every packet arrives");
    const tags = [server.packets.find((p: any) => p[3] === "from alice"), bob.packets.find((p: any) => p[3] === "to bob"), alice.packets.find((p: any) => p[3] === "to all")];

    // Bob leaves: the server notices. Then the server goes: Alice notices and is disconnected.
    bob.stop();
    bob.mp.close();
    await until(() => server.events.includes("-3"), 10_000, "server gets peer_disconnected(3)");
    server.stop();
    server.mp.close();
    await until(() => alice.events.includes("-1"), 10_000, "alice gets peer_disconnected(1)");
    const aliceFinal = alice.mp.get_connection_status();
    alice.stop();
    alice.mp.close();
    return { created, statusBefore, statusAfter, flags, codes, tags, events: [server.events, alice.events], aliceFinal };
  });
  expect(result.created).toEqual([0, 0, 0]);
  expect(result.statusBefore).toEqual([1, 1]);
  expect(result.statusAfter).toEqual([2, 2]);
  expect(result.flags).toEqual([true, false, true, 2]);
  expect(result.codes.every((code: number) => code === 0)).toBe(true);
  expect(result.tags).toEqual([[2, 0, 2, "from alice"], [1, 0, 1, "to bob"], [1, 0, 2, "to all"]]);
  expect([...result.events[0]].sort()).toEqual(["+2", "+3", "-3"]);
  expect(result.events[1]).toEqual(["+1", "-1"]);
  expect(result.aliceFinal).toBe(0);
});

test("a client whose server vanishes before its next poll() marks it connected ends CONNECTION_DISCONNECTED", async ({ page }) => {
  const result = await page.evaluate(async () => {
    const { until, player, introduce } = (window as any).mpHarness;
    const server = player("server");
    const client = player("client");
    // The client's game loop is held back so the server can vanish between the browser connecting and the
    // multiplayer peer's next poll(); the client's connection still gets polled so its signals flow.
    client.stop();
    server.mp.create_server();
    client.mp.create_client(9);
    const [, clientPc] = introduce(server, 1, client, 9);
    const pcPoll = setInterval(() => clientPc.poll(), 4);
    await until(() => clientPc.get_connection_state() === 2, 20_000, "the client's connection reaches STATE_CONNECTED");
    const before = client.mp.get_connection_status();
    server.stop();
    server.mp.close();
    const channels = client.mp.get_peer(1).channels;
    await until(() => clientPc.get_connection_state() > 2 || channels.some((ch: any) => ch.get_ready_state() >= 2), 10_000, "the client's connection or a channel notices the server is gone");
    clearInterval(pcPoll);
    client.mp.poll();
    const after = { status: client.mp.get_connection_status(), hasServer: client.mp.has_peer(1), events: client.events, pcState: clientPc.get_connection_state() };
    client.mp.close();
    return { before, after };
  });
  expect(result.before).toBe(1);
  expect(result.after.status).toBe(0);
  expect(result.after.hasServer).toBe(false);
  expect(result.after.events).toEqual([]);
  expect(result.after.pcState).toBe(5);
});

test("a client whose server answers and then goes away ends CONNECTION_DISCONNECTED once its connection fails", async ({ page }) => {
  // Chromium declares the connection failed about 16 s after the remote side went silent.
  test.setTimeout(90_000);
  const result = await page.evaluate(async () => {
    const { G, until, player } = (window as any).mpHarness;
    const server = player("server");
    const client = player("client");
    server.mp.create_server();
    client.mp.create_client(9);
    const sp = new G.WebRTCPeerConnection();
    const cp = new G.WebRTCPeerConnection();
    sp.initialize({ iceServers: [] });
    cp.initialize({ iceServers: [] });
    // The server never learns the client's candidates, and its own are held back and delivered only after it has
    // gone, so the client's ICE checks run against a connection that no longer exists.
    const held: [string, number, string][] = [];
    cp.session_description_created.connect((type: string, sdp: string) => {
      cp.set_local_description(type, sdp);
      sp.set_remote_description(type, sdp);
    });
    sp.session_description_created.connect((type: string, sdp: string) => {
      sp.set_local_description(type, sdp);
      cp.set_remote_description(type, sdp);
    });
    sp.ice_candidate_created.connect((media: string, index: number, name: string) => held.push([media, index, name]));
    const added = [server.mp.add_peer(sp, 9), client.mp.add_peer(cp, 1)];
    cp.create_offer();
    await until(() => sp.get_gathering_state() === 2 && held.length > 0, 10_000, "the server has answered and gathered its candidates");
    server.stop();
    server.mp.close();
    for (const candidate of held) cp.add_ice_candidate(...candidate);
    const whileTrying = client.mp.get_connection_status();
    const failedAfterMs = await until(() => client.mp.get_connection_status() === 0, 45_000, "the client's status becomes CONNECTION_DISCONNECTED");
    const after = { hasServer: client.mp.has_peer(1), events: client.events, pcState: cp.get_connection_state() };
    client.stop();
    client.mp.close();
    return { added, whileTrying, failedAfterMs, after };
  });
  expect(result.added).toEqual([0, 0]);
  expect(result.whileTrying).toBe(1);
  expect(result.after).toEqual({ hasServer: false, events: [], pcState: 5 });
  console.log(`client gave up ${Math.round(result.failedAfterMs)} ms after the server went away`);
});
