// Signaling loss (issue 12.3) with the real server and the fake RTCPeerConnection: established peers stay, the
// client reports `disconnected`, reconnects with backoff and resumes its id on our server (resume extension),
// gives up cleanly where it cannot, and a mesh keeps playing without its host when it opts in.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { ConnectionStatus } from "../godot/enums";
import { WebRTCPeerConnection } from "../peer-connection/webrtc-peer-connection";
import { SignalingServer } from "../server/signaling-server";
import type { SignalingServerOptions } from "../server/server-options";
import { FakeRTCPeerConnection, FakeRTCPeerConnectionConstructor } from "../test-support/fake-rtc";
import { enter, fakesOf, player, players, pump, scripted, stopPlayers, type Player } from "./lobby-test-kit";
import { CloseReason, encodeMessage, MessageType } from "./protocol";

/** `ws`'s WebSocket, remembering every instance so a test can cut one without a close frame. */
class CuttableSocket extends WebSocket {
  static made: CuttableSocket[] = [];
  constructor(url: string) {
    super(url);
    CuttableSocket.made.push(this);
  }
}

const servers: SignalingServer[] = [];
beforeEach(() => {
  FakeRTCPeerConnection.reset();
  CuttableSocket.made = [];
  WebRTCPeerConnection.set_default_extension(FakeRTCPeerConnectionConstructor);
});
afterEach(async () => {
  stopPlayers();
  await Promise.all(servers.splice(0).map((server) => server.close()));
  WebRTCPeerConnection.set_default_extension(null);
});

async function serve(options: SignalingServerOptions = {}): Promise<{ url: string; server: SignalingServer }> {
  const server = await SignalingServer.listen({ port: 0, host: "127.0.0.1", resumeSecret: "s", ...options });
  servers.push(server);
  return { url: `ws://127.0.0.1:${server.port}`, server };
}

/** A host and a guest of one mesh lobby, each holding the other as a peer. */
async function pair(url: string, options = {}): Promise<[Player, Player]> {
  const host = player({ websocket_class: CuttableSocket, ...options });
  const lobby = await enter(host, url);
  const guest = player({ websocket_class: CuttableSocket, ...options });
  await enter(guest, url, lobby);
  const id = guest.client.get_unique_id();
  await pump(() => host.client.multiplayer_peer.has_peer(id) && guest.client.multiplayer_peer.has_peer(1), "both to hold the other");
  return [host, guest];
}

describe("SignalingClient: signaling loss and resume", () => {
  it("keeps the peers through a server restart, resumes the same ids, and a new player meets everyone", async () => {
    const first = await serve();
    const port = first.server.port!;
    const [host, guest] = await pair(first.url);
    const guestId = guest.client.get_unique_id();
    await first.server.close();
    servers.splice(0);
    await pump(() => host.events.includes(`disconnected 1001 ${CloseReason.SERVER_SHUTDOWN}`) && guest.events.some((e) => e.startsWith("disconnected 1001")), "both to report the loss");
    expect(host.client.get_connection_status()).toBe(ConnectionStatus.CONNECTION_CONNECTING);
    expect(host.client.multiplayer_peer.has_peer(guestId) && guest.client.multiplayer_peer.has_peer(1)).toBe(true);
    const second = await serve({ port });
    await pump(() => host.events.includes("reconnected 1") && guest.events.includes(`reconnected ${guestId}`), "both to resume", 10_000);
    expect([host.client.get_unique_id(), guest.client.get_unique_id()]).toEqual([1, guestId]);
    expect(host.client.get_connection_status()).toBe(ConnectionStatus.CONNECTION_CONNECTED);
    expect(fakesOf(host)).toHaveLength(1); // the kept connection, not a second one for the re-announced guest
    const newcomer = player();
    await enter(newcomer, `ws://127.0.0.1:${second.server.port}`, host.client.get_lobby());
    const newId = newcomer.client.get_unique_id();
    await pump(() => host.client.multiplayer_peer.has_peer(newId) && guest.client.multiplayer_peer.has_peer(newId) && fakesOf(newcomer).length === 2, "the newcomer to be set up with both");
    expect(host.events.filter((e) => e.startsWith("disconnected"))).toHaveLength(1);
  });

  it("resumes after its own socket is cut (no close frame) within the server's grace: the others never see it leave", async () => {
    const { url } = await serve();
    const [host, guest] = await pair(url);
    const guestId = guest.client.get_unique_id();
    CuttableSocket.made[1]!.terminate();
    await pump(() => guest.events.includes(`reconnected ${guestId}`), "the guest to resume", 10_000);
    expect(guest.events.filter((e) => e.startsWith("disconnected"))).toEqual(["disconnected 1006 connection to the signaling server lost"]);
    expect(host.client.multiplayer_peer.has_peer(guestId)).toBe(true);
    expect(host.events.filter((e) => e.startsWith("disconnected"))).toEqual([]);
  });

  it("gives up after reconnect_attempts when the server stays down: a second disconnected says so, peers kept", async () => {
    const { url, server } = await serve();
    const [, guest] = await pair(url, { reconnect_attempts: 2 });
    await server.close();
    servers.splice(0);
    await pump(() => guest.events.filter((e) => e.startsWith("disconnected")).length === 2, "the guest to give up", 10_000);
    expect(guest.events.at(-1)).toMatch(/^disconnected 1006 gave up resuming after 2 attempts \(last: 1006 could not connect to the signaling server\)$/);
    expect(guest.client.get_connection_status()).toBe(ConnectionStatus.CONNECTION_DISCONNECTED);
    expect(guest.client.multiplayer_peer.has_peer(1)).toBe(true);
  });

  it("against a server without the extension (no token, as Godot's): keeps the peers and does not reconnect", async () => {
    const fake = await scripted([encodeMessage(MessageType.ID, 1, "true"), encodeMessage(MessageType.PEER_CONNECT, 2), encodeMessage(MessageType.JOIN, 0, "L")]);
    const host = player();
    host.client.start(fake.url);
    await pump(() => host.client.multiplayer_peer.has_peer(2), "the scripted lobby");
    expect(JSON.parse(fake.received[0]!)).toEqual({ type: 0, id: 0, data: "", resume: "" });
    await fake.close();
    await pump(() => host.events.some((e) => e.startsWith("disconnected")), "the loss");
    for (let frame = 0; frame < 20; frame++) host.client.poll();
    expect(host.client.get_connection_status()).toBe(ConnectionStatus.CONNECTION_DISCONNECTED);
    expect(host.client.multiplayer_peer.has_peer(2)).toBe(true);
    expect(host.events.filter((e) => e.startsWith("disconnected"))).toHaveLength(1);
  });

  it("with reconnect: false, sends exactly Godot's JOIN", async () => {
    const fake = await scripted([]);
    const host = player({ reconnect: false });
    host.client.start(fake.url);
    await pump(() => fake.received.length === 1, "the JOIN");
    expect(JSON.parse(fake.received[0]!)).toEqual({ type: 0, id: 0, data: "" });
  });

  it.each([
    ["keeps its mesh with keep_mesh_when_host_leaves", true],
    ["closes its multiplayer peer by default (as Godot)", false],
  ])("when the mesh host leaves, a member %s", async (_what, keep) => {
    const { url } = await serve();
    const host = player();
    const lobby = await enter(host, url);
    const a = player({ keep_mesh_when_host_leaves: keep });
    await enter(a, url, lobby);
    const b = player({ keep_mesh_when_host_leaves: keep });
    await enter(b, url, lobby);
    const idB = b.client.get_unique_id();
    await pump(() => a.client.multiplayer_peer.has_peer(idB) && a.client.multiplayer_peer.has_peer(1), "a to hold the host and b");
    host.client.stop();
    players.splice(players.indexOf(host), 1);
    await pump(() => a.events.includes(`disconnected 4000 ${CloseReason.HOST_DISCONNECTED}`), "a to be told the host left");
    expect(a.client.multiplayer_peer.has_peer(idB)).toBe(keep);
    expect(a.client.multiplayer_peer.has_peer(1)).toBe(false); // the host is gone either way
    expect(a.client.get_connection_status()).toBe(ConnectionStatus.CONNECTION_DISCONNECTED);
  });
});
