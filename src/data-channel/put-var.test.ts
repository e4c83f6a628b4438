import { beforeEach, describe, expect, it } from "vitest";
import { GodotError } from "../godot/godot-error";
import { Vector2 } from "../variant/vector2";
import type { FakeRTCDataChannel } from "../test-support/fake-rtc";
import { fakeChannel, useFakeBrowser } from "../test-support/use-fake-browser";
import type { WebRTCDataChannel } from "./webrtc-data-channel";

const hex = (text: string): Uint8Array => Uint8Array.from(text.split(" ").map((b) => parseInt(b, 16)));

const logs = useFakeBrowser();
let fake: FakeRTCDataChannel;
let channel: WebRTCDataChannel;
beforeEach(() => {
  ({ channel, fake } = fakeChannel());
});

describe("WebRTCDataChannel.put_var / get_var", () => {
  it("put_var(1) sends exactly 02 00 00 00 01 00 00 00 and put_var(\"ab\") the padded string", () => {
    expect(channel.put_var(1)).toBe(GodotError.OK);
    expect(channel.put_var("ab")).toBe(GodotError.OK);
    expect(fake.sent).toEqual([hex("02 00 00 00 01 00 00 00"), hex("04 00 00 00 02 00 00 00 61 62 00 00")]);
  });

  it("get_var decodes what a Godot peer sent, in order", () => {
    fake.receive(hex("02 00 00 00 01 00 00 00").buffer);
    fake.receive(hex("04 00 00 00 02 00 00 00 61 62 00 00").buffer);
    expect(channel.get_var()).toBe(1);
    expect(channel.get_var()).toBe("ab");
  });

  it("what put_var sends, get_var reads back", () => {
    const value = { pos: new Vector2(1, 2), hp: 10, items: ["a", "b"] };
    channel.put_var(value);
    fake.receive((fake.sent[0] as Uint8Array).slice().buffer);
    expect(channel.get_var()).toEqual(value);
  });

  it("a value it cannot encode → ERR_INVALID_PARAMETER, nothing sent", () => {
    expect(channel.put_var(() => 1)).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(fake.sent).toEqual([]);
    expect(logs.error).toHaveBeenCalled();
  });

  it("encoded above encode_buffer_max_size → ERR_OUT_OF_MEMORY (6), nothing sent", () => {
    expect(channel.set_encode_buffer_max_size(1024)).toBe(GodotError.OK);
    expect(channel.put_var(new Uint8Array(1024))).toBe(6);
    expect(channel.put_var(new Uint8Array(1016))).toBe(GodotError.OK);
    expect(fake.sent).toHaveLength(1);
  });

  it("otherwise returns put_packet's result (channel not open → ERR_UNCONFIGURED)", () => {
    fake.readyState = "closed";
    expect(channel.put_var(1)).toBe(GodotError.ERR_UNCONFIGURED);
  });

  it("garbage or no packet → null with an error logged; get_packet_error() is left alone", () => {
    fake.receive(hex("63 00 00 00").buffer);
    expect(channel.get_var()).toBeNull();
    expect(logs.error).toHaveBeenLastCalledWith(expect.stringMatching(/get_var: unknown type 99/));
    expect(channel.get_var()).toBeNull();
    expect(logs.error).toHaveBeenLastCalledWith(expect.stringMatching(/get_var: .*no packet/));
    expect(channel.get_packet_error()).toBe(GodotError.OK);
  });
});

describe("WebRTCDataChannel.encode_buffer_max_size", () => {
  it("defaults to 8388608", () => {
    expect(channel.encode_buffer_max_size).toBe(8388608);
    expect(channel.get_encode_buffer_max_size()).toBe(8388608);
  });

  it("stores the next power of two: 3000 → 4096, 1024 → 1024, 256 MiB → 256 MiB", () => {
    channel.encode_buffer_max_size = 3000;
    expect(channel.encode_buffer_max_size).toBe(4096);
    expect(channel.set_encode_buffer_max_size(1024)).toBe(GodotError.OK);
    expect(channel.get_encode_buffer_max_size()).toBe(1024);
    expect(channel.set_encode_buffer_max_size(256 * 1024 * 1024)).toBe(GodotError.OK);
    expect(channel.get_encode_buffer_max_size()).toBe(256 * 1024 * 1024);
  });

  it.each([1000, 1023, 256 * 1024 * 1024 + 1, 300 * 1024 * 1024, 2048.5, Number.NaN])("rejects %d with the value unchanged", (size) => {
    expect(channel.set_encode_buffer_max_size(size)).toBe(GodotError.ERR_INVALID_PARAMETER);
    expect(channel.get_encode_buffer_max_size()).toBe(8388608);
    expect(logs.error).toHaveBeenCalled();
  });
});
