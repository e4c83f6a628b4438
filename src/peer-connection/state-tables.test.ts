import { describe, expect, it } from "vitest";
import { FakeRTCPeerConnection } from "../test-support/fake-rtc";
import { fakeChannel, useFakeBrowser } from "../test-support/use-fake-browser";
import { WebRTCPeerConnection } from "./webrtc-peer-connection";

// Reference §3.2: browser strings → Godot numbers; unknown strings → 0 (ready state: → STATE_CLOSED, §5.2).
useFakeBrowser();

function connected(): [WebRTCPeerConnection, FakeRTCPeerConnection] {
  const peer = new WebRTCPeerConnection();
  expect(peer.initialize()).toBe(0);
  return [peer, FakeRTCPeerConnection.last];
}

describe("connection state", () => {
  it.each([
    ["new", 0], ["connecting", 1], ["connected", 2], ["disconnected", 3], ["failed", 4], ["closed", 5], ["bogus", 0], ["", 0],
  ])("connectionState %j → %i", (browser, godot) => {
    const [peer, pc] = connected();
    pc.connectionState = browser;
    pc.iceConnectionState = "connected"; // must be ignored while connectionState exists
    expect(peer.get_connection_state()).toBe(godot);
  });

  it.each([
    ["new", 0], ["checking", 1], ["connected", 2], ["completed", 2], ["disconnected", 3], ["failed", 4], ["closed", 5], ["bogus", 0],
  ])("without connectionState (Firefox < 113), iceConnectionState %j → %i", (browser, godot) => {
    const [peer, pc] = connected();
    pc.connectionState = undefined;
    pc.iceConnectionState = browser;
    expect(peer.get_connection_state()).toBe(godot);
  });

  it("is read live: a browser change shows without poll()", () => {
    const [peer, pc] = connected();
    pc.setStates({ connectionState: "connected" });
    expect(peer.get_connection_state()).toBe(WebRTCPeerConnection.STATE_CONNECTED);
  });
});

describe("gathering state", () => {
  it.each([["new", 0], ["gathering", 1], ["complete", 2], ["bogus", 0]])("iceGatheringState %j → %i", (browser, godot) => {
    const [peer, pc] = connected();
    pc.iceGatheringState = browser;
    expect(peer.get_gathering_state()).toBe(godot);
  });
});

describe("signaling state", () => {
  it.each([
    ["stable", 0], ["have-local-offer", 1], ["have-remote-offer", 2], ["have-local-pranswer", 3], ["have-remote-pranswer", 4], ["closed", 5], ["bogus", 0],
  ])("signalingState %j → %i", (browser, godot) => {
    const [peer, pc] = connected();
    pc.signalingState = browser;
    expect(peer.get_signaling_state()).toBe(godot);
  });
});

describe("before any browser connection exists", () => {
  it("reads STATE_NEW, GATHERING_STATE_NEW, SIGNALING_STATE_STABLE", () => {
    const peer = new WebRTCPeerConnection();
    expect(peer.get_connection_state()).toBe(WebRTCPeerConnection.STATE_NEW);
    expect(peer.get_gathering_state()).toBe(WebRTCPeerConnection.GATHERING_STATE_NEW);
    expect(peer.get_signaling_state()).toBe(WebRTCPeerConnection.SIGNALING_STATE_STABLE);
    expect(FakeRTCPeerConnection.instances).toHaveLength(0);
  });
});

describe("data channel ready state", () => {
  it.each([["connecting", 0], ["open", 1], ["closing", 2], ["closed", 3], ["bogus", 3]])("readyState %j → %i", (browser, godot) => {
    const { channel, fake } = fakeChannel("c", {}, false);
    fake.readyState = browser as RTCDataChannelState;
    expect(channel.get_ready_state()).toBe(godot);
  });
});
