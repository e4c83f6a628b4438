// WebRTCDataChannel: its getters, write mode and put_packet (receiving: webrtc-data-channel.receive.test.ts).
import { describe, expect, it } from "vitest";
import { GodotError } from "../godot/godot-error";
import { bytes, channelSetup as setup } from "../test-support/channel-kit";
import { useFakeBrowser } from "../test-support/use-fake-browser";
import { WebRTCDataChannel } from "./webrtc-data-channel";

const { OK, FAILED, ERR_UNCONFIGURED, ERR_INVALID_PARAMETER, ERR_BUSY } = GodotError;
const KIB = 1024;
const MIB = 1024 * KIB;

const logs = useFakeBrowser();

describe("getters", () => {
  it("report what the channel was made with; unset id, lifetime and retransmits read 65535", () => {
    const { channel, fake } = setup({ protocol: "proto" }, false);
    expect(channel.get_label()).toBe("chat");
    expect(channel.get_protocol()).toBe("proto");
    expect(fake.id).toBeNull();
    expect(channel.get_id()).toBe(65535);
    expect(channel.is_ordered()).toBe(true);
    expect(channel.is_negotiated()).toBe(false);
    expect(channel.get_max_packet_life_time()).toBe(65535);
    expect(channel.get_max_retransmits()).toBe(65535);
    fake.id = 4;
    expect(channel.get_id()).toBe(4);
  });

  it("report an unreliable channel's settings", () => {
    const { channel } = setup({ ordered: false, maxPacketLifeTime: 250 });
    expect(channel.is_ordered()).toBe(false);
    expect(channel.get_max_packet_life_time()).toBe(250);
    expect(channel.get_max_retransmits()).toBe(65535);
  });

  it("read the ready state and buffered amount live", () => {
    const { channel, fake } = setup({}, false);
    expect(channel.get_ready_state()).toBe(WebRTCDataChannel.STATE_CONNECTING);
    fake.open();
    expect(channel.get_ready_state()).toBe(WebRTCDataChannel.STATE_OPEN);
    fake.bufferedAmount = 1234;
    expect(channel.get_buffered_amount()).toBe(1234);
    channel.close();
    expect(channel.get_ready_state()).toBe(WebRTCDataChannel.STATE_CLOSING);
    fake.finishClose();
    expect(channel.get_ready_state()).toBe(WebRTCDataChannel.STATE_CLOSED);
  });

  it("asks the browser for ArrayBuffer messages", () => {
    const { fake } = setup();
    expect(fake.binaryType).toBe("arraybuffer");
  });

  it("get_max_packet_size: 64 KiB before the transport is known, then sctp.maxMessageSize capped at 256 KiB", () => {
    const { channel, pc } = setup();
    expect(channel.get_max_packet_size()).toBe(64 * KIB);
    pc.sctp = { maxMessageSize: 100_000 };
    expect(channel.get_max_packet_size()).toBe(100_000);
    pc.sctp = { maxMessageSize: 1 * MIB };
    expect(channel.get_max_packet_size()).toBe(256 * KIB);
    pc.sctp = { maxMessageSize: Infinity };
    expect(channel.get_max_packet_size()).toBe(256 * KIB);
  });

  it("poll() returns OK", () => {
    expect(setup().channel.poll()).toBe(OK);
  });
});

describe("write mode", () => {
  it("defaults to WRITE_MODE_BINARY and can be set through the method or the property", () => {
    const { channel } = setup();
    expect(channel.get_write_mode()).toBe(WebRTCDataChannel.WRITE_MODE_BINARY);
    expect(channel.write_mode).toBe(1);
    expect(channel.set_write_mode(WebRTCDataChannel.WRITE_MODE_TEXT)).toBe(OK);
    expect(channel.write_mode).toBe(0);
    channel.write_mode = WebRTCDataChannel.WRITE_MODE_BINARY;
    expect(channel.get_write_mode()).toBe(1);
  });

  it.each([2, -1, "0", null, 0.5])("refuses %j with ERR_INVALID_PARAMETER and keeps the mode", (mode) => {
    const { channel } = setup();
    channel.set_write_mode(WebRTCDataChannel.WRITE_MODE_TEXT);
    expect(channel.set_write_mode(mode as never)).toBe(ERR_INVALID_PARAMETER);
    channel.write_mode = mode as never;
    expect(channel.get_write_mode()).toBe(WebRTCDataChannel.WRITE_MODE_TEXT);
  });
});

describe("put_packet", () => {
  it("binary mode sends the bytes", () => {
    const { channel, fake } = setup();
    expect(channel.put_packet(bytes(1, 2, 3))).toBe(OK);
    expect(fake.sent).toHaveLength(1);
    expect(Array.from(fake.sent[0] as Uint8Array)).toEqual([1, 2, 3]);
  });

  it("text mode sends the UTF-8 decoding of the bytes as a string", () => {
    const { channel, fake } = setup();
    channel.set_write_mode(WebRTCDataChannel.WRITE_MODE_TEXT);
    expect(channel.put_packet(new TextEncoder().encode("héllo 😀"))).toBe(OK);
    expect(fake.sent).toEqual(["héllo 😀"]);
  });

  it("accepts ArrayBuffer, other views and number[]", () => {
    const { channel, fake } = setup();
    expect(channel.put_packet(bytes(1, 2).buffer as ArrayBuffer)).toBe(OK);
    expect(channel.put_packet(new DataView(bytes(9, 3, 4).buffer, 1))).toBe(OK);
    expect(channel.put_packet([5, 6])).toBe(OK);
    expect(fake.sent.map((data) => Array.from(data as Uint8Array))).toEqual([[1, 2], [3, 4], [5, 6]]);
  });

  it("an empty packet returns OK and sends nothing, open or not", () => {
    const { channel, fake } = setup({}, false);
    expect(channel.put_packet(new Uint8Array(0))).toBe(OK);
    fake.open();
    expect(channel.put_packet([])).toBe(OK);
    expect(fake.sent).toEqual([]);
  });

  it("not open → ERR_UNCONFIGURED, logged", () => {
    const { channel, fake } = setup({}, false);
    expect(channel.put_packet(bytes(1))).toBe(ERR_UNCONFIGURED);
    fake.open();
    channel.close();
    expect(channel.put_packet(bytes(1))).toBe(ERR_UNCONFIGURED);
    expect(fake.sent).toEqual([]);
    expect(logs.error).toHaveBeenCalled();
  });

  it.each([["a string", "abc"], ["a number", 1], ["null", null], ["bytes out of range", [256]], ["a plain object", {}]])("not bytes (%s) → ERR_INVALID_PARAMETER", (_what, value) => {
    const { channel, fake } = setup();
    expect(channel.put_packet(value as never)).toBe(ERR_INVALID_PARAMETER);
    expect(fake.sent).toEqual([]);
  });

  it("larger than get_max_packet_size() → ERR_INVALID_PARAMETER; exactly the size is sent", () => {
    const { channel, fake, pc } = setup();
    expect(channel.put_packet(new Uint8Array(64 * KIB + 1))).toBe(ERR_INVALID_PARAMETER);
    expect(channel.put_packet(new Uint8Array(64 * KIB))).toBe(OK);
    pc.sctp = { maxMessageSize: 1000 };
    expect(channel.put_packet(new Uint8Array(1001))).toBe(ERR_INVALID_PARAMETER);
    expect(fake.sent).toHaveLength(1);
  });

  it("send buffer above the out-buffer limit → ERR_BUSY, nothing sent, one warning; OK again once it drains", () => {
    const { channel, fake } = setup();
    expect(channel.get_out_buffer_limit()).toBe(8 * MIB);
    expect(channel.set_out_buffer_limit(1000)).toBe(OK);
    fake.bufferedAmount = 990;
    expect(channel.put_packet(new Uint8Array(10))).toBe(OK);
    fake.bufferedAmount = 1000;
    expect(channel.put_packet(new Uint8Array(1))).toBe(ERR_BUSY);
    expect(channel.put_packet(new Uint8Array(1))).toBe(ERR_BUSY);
    expect(logs.warn).toHaveBeenCalledOnce();
    expect(fake.sent).toHaveLength(1);
    fake.bufferedAmount = 0;
    expect(channel.put_packet(new Uint8Array(1))).toBe(OK);
    expect(fake.sent).toHaveLength(2);
  });

  it("the browser throwing → FAILED, logged, never thrown", () => {
    const { channel, fake } = setup();
    fake.sendError = new DOMException("send queue is full", "OperationError");
    expect(channel.put_packet(bytes(1))).toBe(FAILED);
    expect(logs.error).toHaveBeenCalledWith(expect.stringContaining("send queue is full"));
  });

  it.each([0, -1, 1.5, NaN, "10", Infinity])("set_in/out_buffer_limit(%j) → ERR_INVALID_PARAMETER, unchanged", (value) => {
    const { channel } = setup();
    expect(channel.set_out_buffer_limit(value as never)).toBe(ERR_INVALID_PARAMETER);
    expect(channel.set_in_buffer_limit(value as never)).toBe(ERR_INVALID_PARAMETER);
    expect(channel.get_out_buffer_limit()).toBe(8 * MIB);
    expect(channel.get_in_buffer_limit()).toBe(16 * MIB);
  });
});
