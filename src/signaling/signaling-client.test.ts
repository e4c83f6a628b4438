// The lobby client against the real signaling server on 127.0.0.1, with `ws` as its WebSocket and the fake
// RTCPeerConnection injected through `set_default_extension`, so each step of Godot's demo flow can be checked.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { ConnectionStatus } from "../godot/enums";
import { GodotError } from "../godot/godot-error";
import { WebRTCPeerConnection } from "../peer-connection/webrtc-peer-connection";
import { SignalingServer } from "../server/signaling-server";
import type { SignalingServerOptions } from "../server/server-options";
import { FakeRTCPeerConnection, FakeRTCPeerConnectionConstructor, settle } from "../test-support/fake-rtc";
import { until } from "../test-support/ws-test-client";
import { enter as enterAt, fakesOf, player, players, pump, stopPlayers, type Player } from "./lobby-test-kit";
import { CloseReason } from "./protocol";
import { SignalingClient } from "./signaling-client";

const state: { server: SignalingServer | null; url: string } = { server: null, url: "" };

beforeEach(() => {
  FakeRTCPeerConnection.reset();
  WebRTCPeerConnection.set_default_extension(FakeRTCPeerConnectionConstructor);
});

afterEach(async () => {
  stopPlayers();
  await state.server?.close();
  state.server = null;
  WebRTCPeerConnection.set_default_extension(null);
});

async function startServer(options: SignalingServerOptions = {}): Promise<void> {
  state.server = await SignalingServer.listen({ port: 0, host: "127.0.0.1", sealTimeout: 150, ...options });
  state.url = `ws://127.0.0.1:${state.server.port}`;
}

/** Starts `who` at the test server and waits until it has joined; returns the lobby name. */
const enter = (who: Player, lobby = "", mesh = true): Promise<string> => enterAt(who, state.url, lobby, mesh);

describe("SignalingClient: joining", () => {
  it("creates a mesh lobby: JOIN on open, then create_mesh(1); signals only from poll()", async () => {
    await startServer();
    const host = player();
    host.client.start(state.url);
    expect(host.client.get_connection_status()).toBe(ConnectionStatus.CONNECTION_CONNECTING);
    await until(() => host.client.get_unique_id() === 1, "the ID message");
    expect(host.events).toEqual([]);
    expect(host.client.multiplayer_peer.get_unique_id()).toBe(1);
    expect(host.client.multiplayer_peer.get_connection_status()).toBe(ConnectionStatus.CONNECTION_CONNECTED);
    await pump(() => host.events.length === 2, "connected and lobby_joined");
    expect(host.events[0]).toBe("connected 1 true");
    expect(host.events[1]).toMatch(/^lobby_joined [A-Za-z0-9]{16}$/);
    expect(host.client.get_lobby()).toBe(host.events[1]!.slice("lobby_joined ".length));
    expect(host.client.get_connection_status()).toBe(ConnectionStatus.CONNECTION_CONNECTED);
    expect(host.client.is_mesh()).toBe(true);
  });

  it("creates a client/server lobby: the host gets create_server(), a joiner create_client(id)", async () => {
    await startServer();
    const host = player();
    const lobby = await enter(host, "", false);
    expect(host.events[0]).toBe("connected 1 false");
    expect(host.client.multiplayer_peer.is_server()).toBe(true);
    const guest = player();
    await enter(guest, lobby, true);
    const id = guest.client.get_unique_id();
    expect(id).toBeGreaterThan(1);
    expect(guest.events[0]).toBe(`connected ${id} false`);
    expect(guest.client.is_mesh()).toBe(false);
    expect(guest.client.multiplayer_peer.get_unique_id()).toBe(id);
    expect(guest.client.multiplayer_peer.get_connection_status()).toBe(ConnectionStatus.CONNECTION_CONNECTING);
  });

  it("initializes each connection with the configuration it was given, { iceServers: [] } by default", async () => {
    await startServer();
    const host = player();
    const lobby = await enter(host);
    const guest = new SignalingClient({ websocket_class: WebSocket });
    players.push({ client: guest, events: [], configuration: { iceServers: [] } });
    guest.start(state.url, lobby);
    await pump(() => FakeRTCPeerConnection.instances.length === 2, "both sides to make a connection");
    const guestFake = FakeRTCPeerConnection.instances.find((pc) => pc.configuration !== host.configuration)!;
    expect(guestFake.configuration).toEqual({ iceServers: [] });
    expect(fakesOf(host)).toHaveLength(1);
  });
});

describe("SignalingClient: negotiation (Godot's demo flow)", () => {
  it("adds a peer on PEER_CONNECT and only the higher id offers; the host never does (Q151)", async () => {
    await startServer();
    const host = player();
    const lobby = await enter(host);
    const b = player();
    await enter(b, lobby);
    const c = player();
    await enter(c, lobby);
    await pump(() => fakesOf(host).length === 2 && fakesOf(b).length === 2 && fakesOf(c).length === 2, "every pair to have connections");
    const idB = b.client.get_unique_id();
    const idC = c.client.get_unique_id();
    expect(host.client.multiplayer_peer.has_peer(idB) && host.client.multiplayer_peer.has_peer(idC)).toBe(true);
    expect(b.client.multiplayer_peer.has_peer(1) && b.client.multiplayer_peer.has_peer(idC)).toBe(true);
    const offers = (who: Player): number => fakesOf(who).filter((pc) => pc.callsOf("createOffer").length > 0).length;
    expect(offers(host)).toBe(0);
    // B and C each offer to the host; between them, only the higher id offers.
    expect(offers(b) + offers(c)).toBe(3);
    expect(offers(idB > idC ? b : c)).toBe(2);
    // The negotiated channels were created before the offer, so they are in it.
    for (const pc of fakesOf(b)) expect(pc.callsOf("createDataChannel").length).toBe(3);
  });

  it("relays the offer, the answer and candidates through the server to the right connection", async () => {
    await startServer();
    const host = player();
    const lobby = await enter(host);
    const guest = player();
    await enter(guest, lobby);
    await pump(() => fakesOf(host).length === 1 && fakesOf(guest).length === 1, "both sides to make a connection");
    const [hostPc] = fakesOf(host) as [FakeRTCPeerConnection];
    const [guestPc] = fakesOf(guest) as [FakeRTCPeerConnection];

    guestPc.resolve("createOffer", { type: "offer", sdp: "v=0 guest-offer" });
    await pump(() => hostPc.callsOf("setRemoteDescription").length === 1, "the offer to reach the host");
    expect(guestPc.callsOf("setLocalDescription")[0]!.args[0]).toEqual({ type: "offer", sdp: "v=0 guest-offer" });
    expect(hostPc.callsOf("setRemoteDescription")[0]!.args[0]).toEqual({ type: "offer", sdp: "v=0 guest-offer" });

    hostPc.resolve("setRemoteDescription");
    await settle();
    hostPc.resolve("createAnswer", { type: "answer", sdp: "v=0 host-answer" });
    await pump(() => guestPc.callsOf("setRemoteDescription").length === 1, "the answer to reach the guest");
    expect(hostPc.callsOf("setLocalDescription")[0]!.args[0]).toEqual({ type: "answer", sdp: "v=0 host-answer" });
    expect(guestPc.callsOf("setRemoteDescription")[0]!.args[0]).toEqual({ type: "answer", sdp: "v=0 host-answer" });

    guestPc.fireIceCandidate({ candidate: "candidate:1 1 udp 2122252543 127.0.0.1 50000 typ host", sdpMid: "0", sdpMLineIndex: 0 });
    await pump(() => hostPc.callsOf("addIceCandidate").length === 1, "the candidate to reach the host");
    expect(hostPc.callsOf("addIceCandidate")[0]!.args[0]).toEqual({ candidate: "candidate:1 1 udp 2122252543 127.0.0.1 50000 typ host", sdpMid: "0", sdpMLineIndex: 0 });
  });

  it("removes a peer on PEER_DISCONNECT and closes its connection", async () => {
    await startServer();
    const host = player();
    const lobby = await enter(host);
    const guest = player();
    await enter(guest, lobby);
    const id = guest.client.get_unique_id();
    await pump(() => host.client.multiplayer_peer.has_peer(id), "the host to add the guest");
    guest.client.stop();
    await pump(() => !host.client.multiplayer_peer.has_peer(id), "the host to remove the guest");
    expect(fakesOf(host)[0]!.closed).toBe(true);
    expect(guest.events.filter((e) => e.startsWith("disconnected"))).toEqual([]);
  });
});

describe("SignalingClient: seal, leave and losing the server", () => {
  it("seals: everyone gets lobby_sealed, then the server's 1000 'Seal complete' keeps the peers", async () => {
    await startServer({ sealTimeout: 100 });
    const host = player();
    const lobby = await enter(host);
    const guest = player();
    await enter(guest, lobby);
    await pump(() => host.client.multiplayer_peer.has_peer(guest.client.get_unique_id()), "the host to add the guest");
    expect(guest.client.seal_lobby()).toBe(GodotError.ERR_UNAUTHORIZED);
    expect(host.client.seal_lobby()).toBe(GodotError.OK);
    await pump(() => guest.events.includes(`disconnected 1000 ${CloseReason.SEAL_COMPLETE}`), "the seal to complete");
    expect(guest.events).toContain("lobby_sealed");
    expect(host.events.slice(-2)).toEqual(["lobby_sealed", `disconnected 1000 ${CloseReason.SEAL_COMPLETE}`]);
    expect(guest.client.is_sealed()).toBe(true);
    expect(host.client.multiplayer_peer.has_peer(guest.client.get_unique_id())).toBe(true);
    expect(guest.client.multiplayer_peer.has_peer(1)).toBe(true);
    expect(host.client.get_connection_status()).toBe(ConnectionStatus.CONNECTION_DISCONNECTED);
  });

  it.each([
    ["keeps the peers (keep_peers, the default)", true],
    ["closes the multiplayer peer with keep_peers: false, as Godot's demo", false],
  ])("reports the server going away with its code and reason, and %s", async (_what, keep) => {
    await startServer();
    const host = player({ reconnect: false });
    const lobby = await enter(host);
    const guest = player({ reconnect: false, keep_peers: keep });
    await enter(guest, lobby);
    await pump(() => guest.client.multiplayer_peer.has_peer(1), "the guest to add the host");
    await state.server!.close();
    state.server = null;
    await pump(() => guest.events.some((e) => e.startsWith("disconnected")), "the guest to notice");
    expect(guest.events.at(-1)).toBe(`disconnected 1001 ${CloseReason.SERVER_SHUTDOWN}`);
    expect(guest.client.get_connection_status()).toBe(ConnectionStatus.CONNECTION_DISCONNECTED);
    expect(guest.client.multiplayer_peer.has_peer(1)).toBe(keep);
    expect(guest.client.multiplayer_peer.get_connection_status()).toBe(keep ? ConnectionStatus.CONNECTION_CONNECTED : ConnectionStatus.CONNECTION_DISCONNECTED);
    expect(fakesOf(guest)[0]!.closed).toBe(!keep);
  });

  it("reports the host leaving as 4000 'Room host has disconnected'", async () => {
    await startServer();
    const host = player();
    const lobby = await enter(host);
    const guest = player();
    await enter(guest, lobby);
    host.client.stop();
    await pump(() => guest.events.some((e) => e.startsWith("disconnected")), "the guest to notice");
    expect(guest.events.at(-1)).toBe(`disconnected 4000 ${CloseReason.HOST_DISCONNECTED}`);
  });

  it("reports an unknown lobby as 4000 'Lobby does not exists'", async () => {
    await startServer();
    const guest = player();
    guest.client.start(state.url, "NoSuchLobby");
    await pump(() => guest.events.length > 0, "the server's answer");
    expect(guest.events).toEqual([`disconnected 4000 ${CloseReason.LOBBY_DOES_NOT_EXIST}`]);
  });

  it("reports a server that cannot be reached as 1006 'could not connect to the signaling server'", async () => {
    await startServer();
    const url = state.url;
    await state.server!.close();
    state.server = null;
    const lonely = player();
    expect(lonely.client.start(url)).toBe(GodotError.OK);
    await pump(() => lonely.events.length > 0, "the failure to be reported");
    expect(lonely.events).toEqual(["disconnected 1006 could not connect to the signaling server"]);
  });

  it("stop() leaves quietly and start() joins again", async () => {
    await startServer();
    const host = player();
    await enter(host);
    host.client.stop();
    expect(host.client.get_connection_status()).toBe(ConnectionStatus.CONNECTION_DISCONNECTED);
    expect(host.client.multiplayer_peer.get_connection_status()).toBe(ConnectionStatus.CONNECTION_DISCONNECTED);
    host.events.length = 0;
    await enter(host);
    expect(host.events[0]).toBe("connected 1 true");
    await until(() => state.server!.stats().lobbies === 1, "the first lobby to be gone");
  });

  it("stop() while still connecting emits nothing and leaves no lobby behind", async () => {
    await startServer();
    const quick = player();
    quick.client.start(state.url);
    quick.client.stop();
    const other = player();
    await enter(other);
    await pump(() => state.server!.stats().peers === 1, "the server to hold only the other player");
    expect(quick.events).toEqual([]);
    expect(state.server!.stats().lobbies).toBe(1);
  });

  it("refuses bad arguments and a seal outside a lobby", () => {
    const idle = player();
    expect(idle.client.start("http://example.invalid")).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(idle.client.start("ws://127.0.0.1:1", 5 as unknown as string)).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(idle.client.seal_lobby()).toBe(GodotError.ERR_UNCONFIGURED);
    expect(new SignalingClient({ websocket_class: undefined }).start("ws://127.0.0.1:1")).toBe(GodotError.ERR_CANT_CONNECT);
  });
});
