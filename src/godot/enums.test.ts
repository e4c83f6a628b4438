import { describe, expect, it } from "vitest";
import { WebRTCDataChannel } from "../data-channel/webrtc-data-channel";
import { WebRTCPeerConnection } from "../peer-connection/webrtc-peer-connection";
import { ChannelState, ConnectionState, ConnectionStatus, GatheringState, SignalingState, TransferMode, WriteMode } from "./enums";

// Reference §3.1 (WebRTCPeerConnection), §5.1 (WebRTCDataChannel), §6.1 (MultiplayerPeer).
const ENUMS = {
  ConnectionState: [ConnectionState, { STATE_NEW: 0, STATE_CONNECTING: 1, STATE_CONNECTED: 2, STATE_DISCONNECTED: 3, STATE_FAILED: 4, STATE_CLOSED: 5 }],
  GatheringState: [GatheringState, { GATHERING_STATE_NEW: 0, GATHERING_STATE_GATHERING: 1, GATHERING_STATE_COMPLETE: 2 }],
  SignalingState: [SignalingState, {
    SIGNALING_STATE_STABLE: 0, SIGNALING_STATE_HAVE_LOCAL_OFFER: 1, SIGNALING_STATE_HAVE_REMOTE_OFFER: 2,
    SIGNALING_STATE_HAVE_LOCAL_PRANSWER: 3, SIGNALING_STATE_HAVE_REMOTE_PRANSWER: 4, SIGNALING_STATE_CLOSED: 5,
  }],
  ChannelState: [ChannelState, { STATE_CONNECTING: 0, STATE_OPEN: 1, STATE_CLOSING: 2, STATE_CLOSED: 3 }],
  WriteMode: [WriteMode, { WRITE_MODE_TEXT: 0, WRITE_MODE_BINARY: 1 }],
  TransferMode: [TransferMode, { TRANSFER_MODE_UNRELIABLE: 0, TRANSFER_MODE_UNRELIABLE_ORDERED: 1, TRANSFER_MODE_RELIABLE: 2 }],
  ConnectionStatus: [ConnectionStatus, { CONNECTION_DISCONNECTED: 0, CONNECTION_CONNECTING: 1, CONNECTION_CONNECTED: 2 }],
} as const;

describe("enums", () => {
  it.each(Object.entries(ENUMS))("%s has exactly Godot's names and values, frozen", (_name, [actual, expected]) => {
    expect(actual).toEqual(expected);
    expect(Object.isFrozen(actual)).toBe(true);
  });
});

describe("static class constants, as GDScript code reads them", () => {
  it("WebRTCPeerConnection carries ConnectionState, GatheringState and SignalingState", () => {
    expect(WebRTCPeerConnection.STATE_CONNECTED).toBe(2);
    for (const table of [ConnectionState, GatheringState, SignalingState]) {
      for (const [name, value] of Object.entries(table)) {
        expect(WebRTCPeerConnection[name as keyof typeof WebRTCPeerConnection], `WebRTCPeerConnection.${name}`).toBe(value);
      }
    }
  });

  it("WebRTCDataChannel carries ChannelState and WriteMode", () => {
    expect(WebRTCDataChannel.WRITE_MODE_TEXT).toBe(0);
    expect(WebRTCDataChannel.WRITE_MODE_BINARY).toBe(1);
    for (const table of [ChannelState, WriteMode]) {
      for (const [name, value] of Object.entries(table)) {
        expect(WebRTCDataChannel[name as keyof typeof WebRTCDataChannel], `WebRTCDataChannel.${name}`).toBe(value);
      }
    }
  });
});
