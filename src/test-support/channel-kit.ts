// What the WebRTCDataChannel unit tests share: a channel made by a peer on the fake browser, and byte helpers.
import { WebRTCPeerConnection } from "../peer-connection/webrtc-peer-connection";
import type { WebRTCDataChannel } from "../data-channel/webrtc-data-channel";
import { type FakeRTCDataChannel, FakeRTCPeerConnection } from "./fake-rtc";

/** A channel made by a peer, its fake browser channel (opened unless told otherwise) and the fake connection. */
export function channelSetup(options: object = {}, open = true): { channel: WebRTCDataChannel; fake: FakeRTCDataChannel; pc: FakeRTCPeerConnection } {
  const peer = new WebRTCPeerConnection();
  peer.initialize();
  const channel = peer.create_data_channel("chat", options as never);
  if (channel === null) throw new Error("create_data_channel returned null");
  const pc = FakeRTCPeerConnection.last;
  const fake = pc.channels[0]!;
  if (open) fake.open();
  return { channel, fake, pc };
}

/** A packet's bytes decoded as UTF-8. */
export const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
/** These values as bytes. */
export const bytes = (...values: number[]): Uint8Array => new Uint8Array(values);
