// Regression tests for issue 9.1, "Internals are callable from JavaScript": what a script could reach on 0.1
// (GodotObject's signal/enqueue/emitQueued/dropQueued on the prototypes, Signal's emitter, a throwing
// `new WebRTCDataChannel()`, MultiplayerPeer's targetPeer) is gone, and forging events that way is impossible.
import { describe, expect, it } from "vitest";
import { WebRTCDataChannel } from "../data-channel/webrtc-data-channel";
import { GodotError } from "../godot/godot-error";
import { WebRTCMultiplayerPeer } from "../multiplayer/webrtc-multiplayer-peer";
import { WebRTCPeerConnection } from "../peer-connection/webrtc-peer-connection";
import { SignalingClient } from "../signaling/signaling-client";
import { propertiesOf } from "../test-support/bad-input-matrix";
import { useFakeBrowser } from "../test-support/use-fake-browser";

const logs = useFakeBrowser();
const INTERNALS = ["signal", "enqueue", "emitQueued", "dropQueued", "emitter", "targetPeer"];
const reach = (object: object, name: string): unknown => (object as Record<string, unknown>)[name];

describe("issue 9.1: internals are out of reach from JavaScript", () => {
  it.each([
    ["WebRTCPeerConnection", () => new WebRTCPeerConnection()],
    ["WebRTCMultiplayerPeer", () => new WebRTCMultiplayerPeer()],
    ["SignalingClient", () => new SignalingClient({ websocket_class: undefined })],
    ["a Signal", () => new WebRTCPeerConnection().session_description_created],
  ] as const)("%s offers none of signal, enqueue, emitQueued, dropQueued, emitter, targetPeer", (_name, make) => {
    const object = make();
    for (const name of INTERNALS) expect(reach(object, name), name).toBeUndefined();
    expect([...propertiesOf(Object.getPrototypeOf(object) as object).keys()].filter((name) => INTERNALS.includes(name))).toEqual([]);
  });

  it("a forged offer cannot be queued: poll() emits only what the browser produced", () => {
    const peer = new WebRTCPeerConnection();
    const seen: string[] = [];
    peer.session_description_created.connect((type, sdp) => seen.push(`${type} ${sdp}`));
    expect(() => (reach(peer, "enqueue") as (...a: unknown[]) => void)("session_description_created", "offer", "forged")).toThrow(TypeError);
    peer.poll();
    expect(seen).toEqual([]);
  });

  it("a Signal's handlers cannot be cleared or made to throw through its emitter", () => {
    const mp = new WebRTCMultiplayerPeer();
    expect(reach(mp.peer_connected, "emitter")).toBeUndefined();
    expect(Object.getOwnPropertyNames(mp.peer_connected)).toEqual([]);
  });

  it("new WebRTCDataChannel() from JavaScript logs and gives an inert closed channel instead of throwing", () => {
    const Construct = WebRTCDataChannel as unknown as new (...args: unknown[]) => WebRTCDataChannel;
    const forgedBrowserChannel = { readyState: "open", send: () => { throw new Error("must not be reached"); }, addEventListener: () => {} };
    for (const args of [[], [forgedBrowserChannel, () => 1024]]) {
      const channel = new Construct(...args);
      expect(channel.get_ready_state()).toBe(WebRTCDataChannel.STATE_CLOSED);
      expect(channel.put_packet(new Uint8Array([1]))).toBe(GodotError.ERR_UNCONFIGURED);
      expect(channel.get_packet()).toEqual(new Uint8Array(0));
      expect(channel.get_label()).toBe("");
      channel.close();
    }
    expect(logs.error).toHaveBeenCalledWith(expect.stringContaining("WebRTCDataChannel objects are made by the library"));
  });

  it("a Symbol as a signal name is refused with a log line, never a TypeError", () => {
    const peer = new WebRTCPeerConnection();
    const name = Symbol("forged");
    expect(peer.connect(name as never, () => {})).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(peer.disconnect(name as never, () => {})).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(peer.is_connected(name as never, () => {})).toBe(false);
    expect(logs.error).toHaveBeenCalledWith(expect.stringContaining("no signal named (a symbol, not a string)"));
  });
});
