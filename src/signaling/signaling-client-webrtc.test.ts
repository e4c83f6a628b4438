// @vitest-environment node
// The whole demo flow with real WebRTC (node-datachannel, loopback, no ICE servers) and the real signaling
// server: JOIN → ID → create_* → PEER_CONNECT → add_peer → offer/answer/candidates → peers connected (Q152).
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { GodotError } from "../godot/godot-error";
import { shutdownNodeDataChannel, useNodeDataChannel, WebRTCPeerConnection } from "../node";
import { SignalingServer } from "../server/signaling-server";
import { until } from "../test-support/until";
import { SignalingClient } from "./signaling-client";

const DEADLINE_MS = 15_000;
const state: { server: SignalingServer | null; url: string; clients: SignalingClient[] } = { server: null, url: "", clients: [] };

beforeAll(async () => {
  expect(useNodeDataChannel()).toBe(GodotError.OK);
  state.server = await SignalingServer.listen({ port: 0, host: "127.0.0.1" });
  state.url = `ws://127.0.0.1:${state.server.port}`;
});

afterEach(() => {
  for (const client of state.clients.splice(0)) client.stop();
});

afterAll(async () => {
  await state.server?.close();
  WebRTCPeerConnection.set_default_extension(null);
  shutdownNodeDataChannel();
});

/** A client whose multiplayer peer records who connected and disconnected. */
function player(): { client: SignalingClient; connected: number[]; disconnected: number[] } {
  const client = new SignalingClient({ websocket_class: WebSocket });
  state.clients.push(client);
  const made = { client, connected: [] as number[], disconnected: [] as number[] };
  client.multiplayer_peer.peer_connected.connect((id) => made.connected.push(id));
  client.multiplayer_peer.peer_disconnected.connect((id) => made.disconnected.push(id));
  return made;
}

/** Polls every client, as a game does each frame, until `done()` holds. */
function frames(done: () => boolean, what: string): Promise<void> {
  return until(done, what, DEADLINE_MS, () => {
    for (const client of state.clients) client.poll();
  });
}

async function lobbyOf(who: SignalingClient): Promise<string> {
  await frames(() => who.get_unique_id() !== 0 && who.get_lobby() !== "", "the lobby to be created");
  return who.get_lobby();
}

// Real ICE and SCTP on a loaded machine can take seconds: the frames' own deadline (15 s) decides, not vitest's 5 s.
describe("SignalingClient with real WebRTC", { timeout: 2 * DEADLINE_MS }, () => {
  it("connects two players of a mesh lobby and carries a packet between them (Q152)", async () => {
    const a = player();
    a.client.start(state.url, "", true);
    const lobby = await lobbyOf(a.client);
    const b = player();
    b.client.start(state.url, lobby, true);
    await frames(() => a.connected.length === 1 && b.connected.length === 1, "both sides to see peer_connected");
    const idB = b.client.get_unique_id();
    expect(a.connected).toEqual([idB]);
    expect(b.connected).toEqual([1]);
    expect(Object.keys(a.client.multiplayer_peer.get_peers()).map(Number)).toEqual([idB]);
    expect(Object.keys(b.client.multiplayer_peer.get_peers()).map(Number)).toEqual([1]);

    expect(b.client.multiplayer_peer.put_packet(new Uint8Array([7, 8, 9]))).toBe(GodotError.OK);
    await frames(() => a.client.multiplayer_peer.get_available_packet_count() > 0, "the packet to arrive");
    expect(a.client.multiplayer_peer.get_packet_peer()).toBe(idB);
    expect([...a.client.multiplayer_peer.get_packet()]).toEqual([7, 8, 9]);
  });

  it("connects clients of a client/server lobby to the host only, and reports one leaving", async () => {
    const host = player();
    host.client.start(state.url, "", false);
    const lobby = await lobbyOf(host.client);
    const b = player();
    const c = player();
    b.client.start(state.url, lobby, false);
    c.client.start(state.url, lobby, false);
    await frames(() => host.connected.length === 2 && b.connected.length === 1 && c.connected.length === 1, "both clients to connect to the host");
    expect(host.connected.sort()).toEqual([b.client.get_unique_id(), c.client.get_unique_id()].sort());
    expect(b.connected).toEqual([1]);
    expect(c.connected).toEqual([1]);
    expect(b.client.multiplayer_peer.get_connection_status()).toBe(2);

    const idC = c.client.get_unique_id();
    c.client.stop();
    state.clients.splice(state.clients.indexOf(c.client), 1);
    await frames(() => host.disconnected.includes(idC), "the host to see the client leave");
    expect(host.client.multiplayer_peer.has_peer(idC)).toBe(false);
  });
});
