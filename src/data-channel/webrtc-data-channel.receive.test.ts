// WebRTCDataChannel: receiving — the bounded queue, drops counted and warned about, and what close() keeps.
import { describe, expect, it } from "vitest";
import { GodotError } from "../godot/godot-error";
import { bytes, channelSetup as setup, text } from "../test-support/channel-kit";
import { useFakeBrowser } from "../test-support/use-fake-browser";
import { WebRTCDataChannel } from "./webrtc-data-channel";

const { OK, ERR_UNAVAILABLE } = GodotError;
const KIB = 1024;
const MIB = 1024 * KIB;

const logs = useFakeBrowser();

describe("receiving", () => {
  it("queues messages as they arrive (no poll), FIFO, with was_string_packet per packet", () => {
    const { channel, fake } = setup();
    fake.receive("one");
    fake.receive(bytes(2).buffer);
    fake.receive("three");
    expect(channel.get_available_packet_count()).toBe(3);
    expect(text(channel.get_packet())).toBe("one");
    expect(channel.get_packet_error()).toBe(OK);
    expect(channel.was_string_packet()).toBe(true);
    expect(Array.from(channel.get_packet())).toEqual([2]);
    expect(channel.was_string_packet()).toBe(false);
    expect(text(channel.get_packet())).toBe("three");
    expect(channel.was_string_packet()).toBe(true);
    expect(channel.get_available_packet_count()).toBe(0);
  });

  it("an empty queue gives an empty packet and ERR_UNAVAILABLE", () => {
    const { channel, fake } = setup();
    expect(channel.get_packet()).toEqual(new Uint8Array(0));
    expect(channel.get_packet_error()).toBe(ERR_UNAVAILABLE);
    fake.receive("x");
    channel.get_packet();
    expect(channel.get_packet_error()).toBe(OK);
  });

  it("keeps an empty message as an empty packet", () => {
    const { channel, fake } = setup();
    fake.receive(new ArrayBuffer(0));
    expect(channel.get_available_packet_count()).toBe(1);
    expect(channel.get_packet()).toHaveLength(0);
    expect(channel.get_packet_error()).toBe(OK);
  });

  it("drops a message of an unsupported type (a Blob) and logs it", () => {
    const { channel, fake } = setup();
    fake.receive(new Blob(["x"]));
    expect(channel.get_available_packet_count()).toBe(0);
    expect(logs.error).toHaveBeenCalled();
  });

  it("bounds the queue: the newest packet that does not fit is dropped, counted and warned about once per burst", () => {
    const { channel, fake } = setup();
    expect(channel.get_in_buffer_limit()).toBe(16 * MIB);
    expect(channel.set_in_buffer_limit(10)).toBe(OK);
    for (let i = 0; i < 5; i++) fake.receive(new Uint8Array([i, i, i, i]).buffer);
    expect(channel.get_available_packet_count()).toBe(2);
    expect(channel.get_dropped_packet_count()).toBe(3);
    expect(logs.warn).toHaveBeenCalledOnce();
    expect(Array.from(channel.get_packet())).toEqual([0, 0, 0, 0]);
    fake.receive(new Uint8Array([7, 7, 7, 7]).buffer);
    expect(channel.get_available_packet_count()).toBe(2);
    fake.receive(new Uint8Array([8, 8, 8, 8]).buffer);
    expect(channel.get_dropped_packet_count()).toBe(4);
    expect(logs.warn).toHaveBeenCalledTimes(2);
    expect(Array.from(channel.get_packet())).toEqual([1, 1, 1, 1]);
    expect(Array.from(channel.get_packet())).toEqual([7, 7, 7, 7]);
  });

  it("keeps packets readable after the remote closes the channel, and queues nothing later", () => {
    const { channel, fake } = setup();
    fake.receive("before");
    fake.remoteClose();
    fake.receive("after");
    expect(channel.get_ready_state()).toBe(WebRTCDataChannel.STATE_CLOSED);
    expect(channel.get_available_packet_count()).toBe(1);
    expect(text(channel.get_packet())).toBe("before");
    expect(channel.get_packet_error()).toBe(OK);
    expect(fake.listenerCount()).toBe(0);
  });

  it("keeps packets readable after a local close(), queues nothing later, and detaches its handlers", () => {
    const { channel, fake } = setup();
    fake.receive("before");
    channel.close();
    fake.receive("after");
    expect(channel.get_available_packet_count()).toBe(1);
    expect(text(channel.get_packet())).toBe("before");
    expect(fake.listenerCount()).toBe(0);
    expect(fake.closeCalls).toBe(1);
  });

  it("close() is idempotent and never throws, even if the browser's close does", () => {
    const { channel, fake } = setup();
    channel.close();
    fake.close = () => {
      throw new Error("already gone");
    };
    expect(() => channel.close()).not.toThrow();
  });
});
