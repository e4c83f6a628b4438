// The lobby client's clocks (peer_connect_timeout, join_timeout) with fake timers: performance.now() is moved by
// the test, the server is a FakeSocket the test plays, so "past 20 s" is proven without waiting 20 s.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ConnectionStatus } from "../godot/enums";
import { GodotError } from "../godot/godot-error";
import { WebRTCPeerConnection } from "../peer-connection/webrtc-peer-connection";
import { FakeRTCPeerConnection, FakeRTCPeerConnectionConstructor } from "../test-support/fake-rtc";
import { FakeSocket } from "../test-support/fake-socket";
import { MessageType } from "./protocol";
import { SignalingClient, type SignalingClientOptions } from "./signaling-client";
import { CLIENT_DEFAULTS } from "./signaling-client-options";
import type { SignalingSocketConstructor } from "./signaling-socket";

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["performance", "Date", "setTimeout", "clearTimeout", "setInterval", "clearInterval"] });
  FakeSocket.reset();
  FakeRTCPeerConnection.reset();
  WebRTCPeerConnection.set_default_extension(FakeRTCPeerConnectionConstructor);
});

afterEach(() => {
  vi.useRealTimers();
  WebRTCPeerConnection.set_default_extension(null);
});

function client(options: SignalingClientOptions = {}): { client: SignalingClient; events: string[] } {
  const made = new SignalingClient({ websocket_class: FakeSocket as unknown as SignalingSocketConstructor, peer_configuration: { iceServers: [] }, ...options });
  const events: string[] = [];
  made.disconnected.connect((code, reason) => events.push(`disconnected ${code} ${reason}`));
  made.connected.connect((id) => events.push(`connected ${id}`));
  return { client: made, events };
}

/** A client/server guest (id 5) whose host (1) was announced and set up, and never answers. */
function guestOfSilentHost(options: SignalingClientOptions): SignalingClient {
  const { client: guest } = client(options);
  expect(guest.start("ws://fake", "L", false)).toBe(GodotError.OK);
  const socket = FakeSocket.last;
  socket.open();
  socket.serverSends(MessageType.ID, 5, "false");
  socket.serverSends(MessageType.PEER_CONNECT, 1);
  socket.serverSends(MessageType.JOIN, 0, "L");
  guest.poll();
  expect(guest.multiplayer_peer.has_peer(1)).toBe(true);
  return guest;
}

describe("SignalingClient: peer_connect_timeout", () => {
  it("gives up on a silent host after the 20 s default: the client ends CONNECTION_DISCONNECTED", () => {
    const guest = guestOfSilentHost({});
    vi.advanceTimersByTime(CLIENT_DEFAULTS.peerConnectTimeout - 100);
    guest.poll();
    expect(guest.multiplayer_peer.has_peer(1)).toBe(true);
    vi.advanceTimersByTime(200);
    guest.poll();
    expect(guest.multiplayer_peer.has_peer(1)).toBe(false);
    expect(guest.multiplayer_peer.get_connection_status()).toBe(ConnectionStatus.CONNECTION_DISCONNECTED);
    expect(FakeRTCPeerConnection.instances[0]!.closed).toBe(true);
  });

  it("keeps waiting with peer_connect_timeout 0, far past the 20 s default", () => {
    const guest = guestOfSilentHost({ peer_connect_timeout: 0 });
    for (let second = 0; second < 120; second++) {
      vi.advanceTimersByTime(1000);
      guest.poll();
    }
    expect(guest.multiplayer_peer.has_peer(1)).toBe(true);
    expect(guest.multiplayer_peer.get_connection_status()).toBe(ConnectionStatus.CONNECTION_CONNECTING);
  });

  it("uses the timeout it is given (100 ms)", () => {
    const guest = guestOfSilentHost({ peer_connect_timeout: 100 });
    vi.advanceTimersByTime(101);
    guest.poll();
    expect(guest.multiplayer_peer.has_peer(1)).toBe(false);
  });
});

describe("SignalingClient: join_timeout (issue 13.5: no join timeout)", () => {
  it("leaves a server that never answers JOIN after join_timeout and reports disconnected(1006)", () => {
    const { client: lonely, events } = client({ join_timeout: 3000 });
    lonely.start("ws://fake");
    const socket = FakeSocket.last;
    socket.open();
    expect(socket.messages().map((m) => m.type)).toEqual([MessageType.JOIN]);
    vi.advanceTimersByTime(2900);
    lonely.poll();
    expect(lonely.get_connection_status()).toBe(ConnectionStatus.CONNECTION_CONNECTING);
    vi.advanceTimersByTime(200);
    lonely.poll();
    expect(lonely.get_connection_status()).toBe(ConnectionStatus.CONNECTION_DISCONNECTED);
    expect(socket.closedWith).not.toBeNull();
    lonely.poll();
    expect(events).toEqual(["disconnected 1006 the signaling server did not answer JOIN within 3000 ms"]);
  });

  it("counts from start(): a socket that never opens is given up on too (10 s by default)", () => {
    const { client: lonely, events } = client({});
    lonely.start("ws://fake");
    vi.advanceTimersByTime(CLIENT_DEFAULTS.joinTimeout + 1);
    lonely.poll();
    lonely.poll();
    expect(events).toEqual([`disconnected 1006 the signaling server did not answer JOIN within ${CLIENT_DEFAULTS.joinTimeout} ms`]);
  });

  it("stops counting once ID and JOIN arrived, and never fires with join_timeout 0", () => {
    const { client: joined, events } = client({});
    joined.start("ws://fake");
    const socket = FakeSocket.last;
    socket.open();
    socket.serverSends(MessageType.ID, 1, "true");
    socket.serverSends(MessageType.JOIN, 0, "L");
    const { client: patient, events: patientEvents } = client({ join_timeout: 0 });
    patient.start("ws://fake");
    FakeSocket.last.open();
    vi.advanceTimersByTime(600_000);
    joined.poll();
    patient.poll();
    expect(events).toEqual(["connected 1"]);
    expect(joined.get_connection_status()).toBe(ConnectionStatus.CONNECTION_CONNECTED);
    expect(patientEvents).toEqual([]);
    expect(patient.get_connection_status()).toBe(ConnectionStatus.CONNECTION_CONNECTING);
  });
});
