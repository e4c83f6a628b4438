// Issue 12.1 / CONTRACT §3: a remote offer on a negotiated connection is a renegotiation (applied and answered),
// and restart_ice() makes an offer with fresh ICE credentials from poll(); channels, their queues and ids survive.
import { describe, expect, it } from "vitest";
import { WebRTCDataChannel } from "../data-channel/webrtc-data-channel";
import { GodotError } from "../godot/godot-error";
import { FakeNetwork } from "../test-support/fake-network";
import { FakeRTCPeerConnection, settle } from "../test-support/fake-rtc";
import { connectPair, exchange, pumpUntil, relayOf } from "../test-support/signaling-relay";
import { fakePeer, useFakeBrowser } from "../test-support/use-fake-browser";
import { WebRTCPeerConnection } from "./webrtc-peer-connection";

const { OK, FAILED, ERR_BUSY } = GodotError;
const PC = WebRTCPeerConnection;
const logs = useFakeBrowser();

/** Two connected peers over a fake network, with what each one's `session_description_created` gave. */
async function connected(): Promise<{ network: FakeNetwork; a: WebRTCPeerConnection; b: WebRTCPeerConnection; ca: WebRTCDataChannel; cb: WebRTCDataChannel; described: string[] }> {
  const network = new FakeNetwork();
  const [a, b] = [new PC(), new PC()];
  const described: string[] = [];
  a.session_description_created.connect((type) => described.push(`a ${type}`));
  b.session_description_created.connect((type) => described.push(`b ${type}`));
  const [ca, cb] = await connectPair(network, a, b);
  described.length = 0;
  return { network, a, b, ca, cb, described };
}

describe("restart_ice()", () => {
  it("offers with fresh ICE credentials from poll(), is answered through the same signals, and keeps channels, queues and ids", async () => {
    const { network, a, b, ca, cb, described } = await connected();
    const fakeA = FakeRTCPeerConnection.instances.at(-2)!;
    cb.put_packet(new Uint8Array([1])); // waiting in a's queue across the restart
    network.deliver();
    const [idA, idB] = [ca.get_id(), cb.get_id()];
    expect(a.restart_ice()).toBe(OK);
    expect(fakeA.callsOf("restartIce")).toHaveLength(1);
    expect(fakeA.callsOf("createOffer").at(-1)!.args).toEqual([{ iceRestart: true }]);
    network.settleCalls();
    await settle();
    expect(described).toEqual([]); // nothing outside poll()
    await pumpUntil(network, relayOf(a), () => (a.poll(), b.poll()), () => described.includes("b answer") && a.get_signaling_state() === PC.SIGNALING_STATE_STABLE, "the restart offer answered and applied");
    expect(described).toEqual(["a offer", "b answer"]);
    expect([a.get_connection_state(), b.get_connection_state()]).toEqual([PC.STATE_CONNECTED, PC.STATE_CONNECTED]);
    expect([ca.get_ready_state(), cb.get_ready_state()]).toEqual([WebRTCDataChannel.STATE_OPEN, WebRTCDataChannel.STATE_OPEN]);
    expect([ca.get_id(), cb.get_id()]).toEqual([idA, idB]);
    expect([...ca.get_packet()]).toEqual([1]);
    exchange(network, ca, cb);
    expect(logs.error).not.toHaveBeenCalled();
  });

  it("the answering side can restart too, and a FAILED connection restarts", async () => {
    const { network, a, b, described } = await connected();
    FakeRTCPeerConnection.instances.at(-1)!.setStates({ connectionState: "failed", iceConnectionState: "failed" });
    expect(b.get_connection_state()).toBe(PC.STATE_FAILED);
    expect(b.restart_ice()).toBe(OK);
    await pumpUntil(network, relayOf(a), () => (a.poll(), b.poll()), () => described.includes("a answer"), "a's answer to b's restart");
    expect(described).toEqual(["b offer", "a answer"]);
  });

  it("refuses before anything was negotiated (FAILED), after close() (FAILED), and while a remote offer waits (ERR_BUSY), logging why", async () => {
    const fresh = fakePeer().peer;
    expect(fresh.restart_ice()).toBe(FAILED);
    const { a, b } = await connected();
    b.restart_ice();
    const fakeA = FakeRTCPeerConnection.instances.at(-2)!;
    fakeA.signalingState = "have-remote-offer";
    expect(a.restart_ice()).toBe(ERR_BUSY);
    a.close();
    expect(a.restart_ice()).toBe(FAILED);
    expect(logs.error.mock.calls.map(([line]) => String(line)).filter((line) => line.includes("restart_ice"))).toHaveLength(3);
  });

  it("a browser that refuses the offer: operation_failed(\"restart_ice\", message) from poll()", async () => {
    const { peer, pc, events } = fakePeer();
    peer.create_offer();
    pc.resolve("createOffer");
    await settle();
    peer.poll();
    events.length = 0;
    expect(peer.restart_ice()).toBe(OK);
    pc.reject("createOffer", new DOMException("no ICE restart here", "OperationError"));
    await settle();
    peer.poll();
    expect(events).toEqual([["operation_failed", "restart_ice", "OperationError: no ICE restart here"]]);
  });
});

describe("a remote offer on a negotiated connection (renegotiation)", () => {
  it.each([["connected", "connected"], ["disconnected", "disconnected"], ["failed", "failed"]])(
    "while %s: applied and answered, channels kept (was FAILED in 0.1)",
    async (_name, state) => {
      const { network, a, b, ca, cb, described } = await connected();
      for (const fake of FakeRTCPeerConnection.instances.slice(-2)) fake.setStates({ connectionState: state, iceConnectionState: state });
      // a renegotiates: its offer reaches b, which must answer although it is not in STATE_NEW.
      const fakeA = FakeRTCPeerConnection.instances.at(-2)!;
      expect(a.restart_ice()).toBe(OK);
      await pumpUntil(network, relayOf(a), () => (a.poll(), b.poll()), () => described.includes("b answer") && fakeA.signalingState === "stable", "b's answer applied by a");
      for (const fake of FakeRTCPeerConnection.instances.slice(-2)) fake.setStates({ connectionState: "connected", iceConnectionState: "connected" });
      expect(relayOf(a).queue).toEqual([]);
      exchange(network, ca, cb);
    },
  );

  it("after close(): FAILED, logged", async () => {
    const { b } = await connected();
    b.close();
    expect(b.set_remote_description("offer", "v=0 fake-offer from=0")).toBe(FAILED);
    expect(logs.error).toHaveBeenCalledWith(expect.stringContaining("closed"));
  });
});
