import { afterEach, beforeEach, expect, vi } from "vitest";
import { GodotError } from "../godot/godot-error";
import { WebRTCPeerConnection } from "../peer-connection/webrtc-peer-connection";
import type { DataChannelOptions } from "../data-channel/channel-options";
import type { WebRTCDataChannel } from "../data-channel/webrtc-data-channel";
import { FakeRTCPeerConnection, FakeRTCPeerConnectionConstructor, type FakeRTCDataChannel } from "./fake-rtc";

/** The console spies of the running test, for asserting what the library logged. */
export interface LogSpies {
  readonly error: ReturnType<typeof vi.mocked<typeof console.error>>;
  readonly warn: ReturnType<typeof vi.mocked<typeof console.warn>>;
}

/**
 * Registers the hooks every fake-browser test file needs: before each test a fresh `FakeRTCPeerConnection`
 * injected through `set_default_extension` and a silenced, recorded console; after it the browser's default and
 * the real console back. Returns the console spies of whichever test is running.
 */
export function useFakeBrowser(): LogSpies {
  beforeEach(() => {
    FakeRTCPeerConnection.reset();
    WebRTCPeerConnection.set_default_extension(FakeRTCPeerConnectionConstructor);
    vi.spyOn(console, "error").mockImplementation(() => {});
    vi.spyOn(console, "warn").mockImplementation(() => {});
  });
  afterEach(() => {
    WebRTCPeerConnection.set_default_extension(null);
    vi.restoreAllMocks();
  });
  return {
    get error() {
      return vi.mocked(console.error);
    },
    get warn() {
      return vi.mocked(console.warn);
    },
  };
}

/**
 * A channel made the way a game makes one (`create_data_channel` on a connection built on the fake browser
 * `useFakeBrowser()` injects), with its fake browser channel already open unless `open` is false.
 */
export function fakeChannel(label = "game", options: DataChannelOptions = { negotiated: true, id: 1 }, open = true): { peer: WebRTCPeerConnection; channel: WebRTCDataChannel; fake: FakeRTCDataChannel } {
  const peer = new WebRTCPeerConnection();
  const channel = peer.create_data_channel(label, options);
  if (channel === null) throw new Error(`create_data_channel("${label}") refused the options`);
  const fake = FakeRTCPeerConnection.last.channels.at(-1)!;
  if (open) fake.open();
  return { peer, channel, fake };
}

/** A peer after `initialize()`, its fake browser connection, and a log of every signal it emits. */
export function fakePeer(configuration?: object): { peer: WebRTCPeerConnection; pc: FakeRTCPeerConnection; events: unknown[][] } {
  const peer = new WebRTCPeerConnection();
  expect(peer.initialize(configuration as never)).toBe(GodotError.OK);
  const events: unknown[][] = [];
  peer.session_description_created.connect((type, sdp) => events.push(["session_description_created", type, sdp]));
  peer.ice_candidate_created.connect((media, index, name) => events.push(["ice_candidate_created", media, index, name]));
  peer.data_channel_received.connect((channel) => events.push(["data_channel_received", channel]));
  peer.operation_failed.connect((operation, message) => events.push(["operation_failed", operation, message]));
  return { peer, pc: FakeRTCPeerConnection.last, events };
}
