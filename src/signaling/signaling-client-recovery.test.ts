// Automatic recovery (issue 12.2) on the fake browser: two lobby clients on FakeSockets the test relays between,
// connected through FakeNetwork; the test moves performance.now() and the fake connections' states.
// WebRTCPeerConnection.restart_ice() (issue 12.1) is replaced by a recorder here: the recovery's decisions (who
// restarts, when, how often, when the peer is let go) are what is tested; e2e/recovery-relay.spec.ts runs the
// real one in Chromium.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { GodotError } from "../godot/godot-error";
import { WebRTCPeerConnection } from "../peer-connection/webrtc-peer-connection";
import { FakeNetwork } from "../test-support/fake-network";
import { FakeRTCPeerConnection } from "../test-support/fake-rtc";
import { FakeSocket } from "../test-support/fake-socket";
import { pumpUntil, SignalingRelay } from "../test-support/signaling-relay";
import { useFakeBrowser } from "../test-support/use-fake-browser";
import { MessageType } from "./protocol";
import { SignalingClient, type SignalingClientOptions } from "./signaling-client";
import type { SignalingSocketConstructor } from "./signaling-socket";

useFakeBrowser();
const restarts: WebRTCPeerConnection[] = [];
const proto = WebRTCPeerConnection.prototype as unknown as Record<string, unknown>;
const hadRestart = Object.prototype.hasOwnProperty.call(proto, "restart_ice");
const realRestart = proto.restart_ice;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["performance"] });
  FakeSocket.reset();
  restarts.length = 0;
  // The contract: restart_ice() returns OK and later emits a new offer; only the call is needed here.
  proto.restart_ice = function (this: WebRTCPeerConnection): GodotError {
    restarts.push(this);
    return GodotError.OK;
  };
});
afterEach(() => {
  vi.useRealTimers();
  if (hadRestart) proto.restart_ice = realRestart;
  else delete proto.restart_ice;
});

interface Member {
  client: SignalingClient;
  socket: FakeSocket;
  left: number[];
}

/** Members 1 and 2 of a mesh lobby, connected; member 2 made the offer (the higher id offers). */
async function lobby(options: SignalingClientOptions = {}): Promise<{ network: FakeNetwork; one: Member; two: Member; frame: () => Promise<void> }> {
  const network = new FakeNetwork();
  const make = (id: number): Member => {
    const client = new SignalingClient({ websocket_class: FakeSocket as unknown as SignalingSocketConstructor, peer_configuration: { iceServers: [] }, ...options });
    client.start("ws://fake");
    const socket = FakeSocket.last;
    socket.open();
    socket.serverSends(MessageType.ID, id, "true");
    socket.serverSends(JSON.stringify({ type: MessageType.JOIN, id: 0, data: "L", resume: `token-${id}` }));
    const left: number[] = [];
    client.multiplayer_peer.peer_disconnected.connect((peer) => left.push(peer));
    return { client, socket, left };
  };
  const one = make(1);
  const two = make(2);
  one.socket.serverSends(MessageType.PEER_CONNECT, 2);
  two.socket.serverSends(MessageType.PEER_CONNECT, 1);
  const relayed = new Map([[one, 0], [two, 0]]);
  const relay = (): void => {
    for (const [from, to, fromId] of [[one, two, 1], [two, one, 2]] as const) {
      const messages = from.socket.messages();
      for (const m of messages.slice(relayed.get(from)!)) if (m.type >= MessageType.OFFER && m.type <= MessageType.CANDIDATE) to.socket.serverSends(m.type, fromId, m.data);
      relayed.set(from, messages.length);
    }
  };
  const quiet = new SignalingRelay();
  const poll = (): void => {
    one.client.poll();
    two.client.poll();
    relay();
  };
  await pumpUntil(network, quiet, poll, () => one.client.multiplayer_peer.get_peer(2).connected === true && two.client.multiplayer_peer.get_peer(1).connected === true, "both members connected");
  const frame = async (): Promise<void> => pumpUntil(network, quiet, poll, () => true, "a frame", 1).then(() => poll());
  return { network, one, two, frame };
}

/** Both members' browser connections read `state`. */
function both(state: string): void {
  for (const pc of FakeRTCPeerConnection.instances.filter((fake) => !fake.closed)) pc.setStates({ connectionState: state, iceConnectionState: state === "failed" ? "failed" : state });
}

describe("SignalingClient: automatic recovery (issue 12.2)", () => {
  it("the side that made the first offer restarts ICE after recovery_grace, with backoff; nobody sees peer_disconnected; recovered when connected again", async () => {
    const { one, two, frame } = await lobby();
    both("disconnected");
    await frame();
    vi.advanceTimersByTime(1900);
    await frame();
    expect(restarts).toHaveLength(0); // within the 2 s grace
    vi.advanceTimersByTime(200);
    await frame();
    expect(restarts).toEqual([two.client.multiplayer_peer.get_peer(1).connection]);
    vi.advanceTimersByTime(900);
    await frame();
    expect(restarts).toHaveLength(1); // the next one waits 1 s
    vi.advanceTimersByTime(200);
    await frame();
    expect(restarts).toHaveLength(2);
    both("connected");
    vi.advanceTimersByTime(60_000);
    await frame();
    expect(restarts).toHaveLength(2);
    expect(one.left).toEqual([]);
    expect(two.left).toEqual([]);
    expect(one.client.multiplayer_peer.get_peer(2).connected).toBe(true);
    expect(two.client.multiplayer_peer.get_peer(1).connected).toBe(true);
  });

  it("a FAILED connection is restarted at once; after ice_restart_attempts the offerer lets the peer go, the answerer at recovery_timeout", async () => {
    const { one, two, frame } = await lobby({ ice_restart_attempts: 2, recovery_timeout: 10_000 });
    both("failed");
    await frame();
    expect(restarts).toHaveLength(1);
    vi.advanceTimersByTime(1000);
    await frame();
    expect(restarts).toHaveLength(2);
    vi.advanceTimersByTime(1900); // the last restart's 2 s wait is not over
    await frame();
    expect(two.left).toEqual([]);
    vi.advanceTimersByTime(200);
    await frame();
    expect(two.left).toEqual([1]);
    expect(one.left).toEqual([]); // the answerer waits for offers until the timeout
    vi.advanceTimersByTime(7000);
    await frame();
    expect(one.left).toEqual([2]);
    expect(restarts).toHaveLength(2);
  });

  it("with ice_restart_attempts 0 a dropped peer goes at once, as in Godot", async () => {
    const { one, two, frame } = await lobby({ ice_restart_attempts: 0 });
    both("disconnected");
    await frame();
    expect(one.left).toEqual([2]);
    expect(two.left).toEqual([1]);
    expect(restarts).toHaveLength(0);
  });

  it("after a resume, restarts toward a peer only once the server announced it again (a restarted server would refuse the offer)", async () => {
    const { two, frame } = await lobby();
    two.socket.serverCloses(1006);
    vi.advanceTimersByTime(700); // the first reconnection attempt is due within 0.6 s
    await frame();
    const again = FakeSocket.last;
    expect(again).not.toBe(two.socket);
    again.open();
    expect(JSON.parse(again.sent[0]!)).toMatchObject({ type: MessageType.JOIN, resume: "token-2" });
    again.serverSends(MessageType.ID, 2, "true");
    again.serverSends(JSON.stringify({ type: MessageType.JOIN, id: 0, data: "L", resume: "token-2" }));
    both("failed");
    await frame();
    expect(restarts).toHaveLength(0);
    again.serverSends(MessageType.PEER_CONNECT, 1);
    await frame();
    expect(restarts).toEqual([two.client.multiplayer_peer.get_peer(1).connection]);
    expect(two.left).toEqual([]);
  });

  it("waits for the signaling server before restarting: no restart while the lobby connection is gone", async () => {
    const { two, frame } = await lobby({ reconnect: false });
    two.socket.serverCloses(1006);
    both("failed");
    vi.advanceTimersByTime(5000);
    await frame();
    expect(restarts).toHaveLength(0);
    expect(two.left).toEqual([]);
  });
});
