import { describe, expect, it } from "vitest";
import { FakeRTCPeerConnection } from "../test-support/fake-rtc";
import { useFakeBrowser } from "../test-support/use-fake-browser";
import { WebRTCPeerConnection } from "../peer-connection/webrtc-peer-connection";
import { WebRTCDataChannel } from "./webrtc-data-channel";

// CONTRACT §4: options are checked before the browser sees them; a violation returns null and logs why.

const logs = useFakeBrowser();

function peer(): [WebRTCPeerConnection, FakeRTCPeerConnection] {
  const p = new WebRTCPeerConnection();
  p.initialize();
  return [p, FakeRTCPeerConnection.last];
}

const refused: [string, unknown, unknown][] = [
  ["label not a string", 42, {}],
  ["label over 65535 UTF-8 bytes (multi-byte)", "é".repeat(32768), {}],
  ["options not a plain object", "chat", []],
  ["options a class instance", "chat", new Map()],
  ["negotiated not a boolean", "chat", { negotiated: "yes", id: 1 }],
  ["negotiated without id", "chat", { negotiated: true }],
  ["negotiated with a negative id", "chat", { negotiated: true, id: -1 }],
  ["negotiated with id 65535", "chat", { negotiated: true, id: 65535 }],
  ["negotiated with a fractional id", "chat", { negotiated: true, id: 1.5 }],
  ["negotiated with a string id", "chat", { negotiated: true, id: "1" }],
  ["id without negotiated", "chat", { id: 1 }],
  ["id with negotiated: false", "chat", { negotiated: false, id: 1 }],
  ["maxRetransmits negative", "chat", { maxRetransmits: -1 }],
  ["maxRetransmits above 65535", "chat", { maxRetransmits: 65536 }],
  ["maxRetransmits fractional", "chat", { maxRetransmits: 0.5 }],
  ["maxRetransmits NaN", "chat", { maxRetransmits: NaN }],
  ["maxPacketLifeTime negative", "chat", { maxPacketLifeTime: -1 }],
  ["maxPacketLifeTime above 65535", "chat", { maxPacketLifeTime: 65536 }],
  ["maxPacketLifeTime a string", "chat", { maxPacketLifeTime: "10" }],
  ["both maxRetransmits and maxPacketLifeTime", "chat", { maxRetransmits: 1, maxPacketLifeTime: 1 }],
  ["ordered not a boolean", "chat", { ordered: 1 }],
  ["protocol not a string", "chat", { protocol: 1 }],
  ["protocol over 65535 UTF-8 bytes", "chat", { protocol: "x".repeat(65536) }],
];

describe("create_data_channel option checks", () => {
  it.each(refused)("refuses %s: null, logged, nothing reaches the browser", (_what, label, options) => {
    const [p, pc] = peer();
    expect(p.create_data_channel(label as never, options as never)).toBeNull();
    expect(logs.error).toHaveBeenCalled();
    expect(pc.callsOf("createDataChannel")).toHaveLength(0);
    expect(p.create_data_channel("still-usable")).toBeInstanceOf(WebRTCDataChannel);
  });

  it("passes valid options to the browser and the channel reports them", () => {
    const [p, pc] = peer();
    const channel = p.create_data_channel("game", { negotiated: true, id: 3, ordered: false, maxRetransmits: 0, protocol: "p" });
    expect(channel).toBeInstanceOf(WebRTCDataChannel);
    expect(pc.callsOf("createDataChannel")[0]!.args).toEqual(["game", { negotiated: true, id: 3, ordered: false, maxRetransmits: 0, protocol: "p" }]);
    expect(channel!.get_id()).toBe(3);
    expect(channel!.is_negotiated()).toBe(true);
    expect(channel!.is_ordered()).toBe(false);
    expect(channel!.get_max_retransmits()).toBe(0);
    expect(channel!.get_max_packet_life_time()).toBe(65535);
    expect(channel!.get_protocol()).toBe("p");
  });

  it("accepts the bounds: id 0 and 65534, counts 0 and 65535, label and protocol of 65535 bytes", () => {
    const [p] = peer();
    expect(p.create_data_channel("a", { negotiated: true, id: 0 })).not.toBeNull();
    expect(p.create_data_channel("b", { negotiated: true, id: 65534 })).not.toBeNull();
    expect(p.create_data_channel("c", { maxRetransmits: 65535 })).not.toBeNull();
    expect(p.create_data_channel("d", { maxPacketLifeTime: 0 })).not.toBeNull();
    expect(p.create_data_channel("x".repeat(65535), { protocol: "y".repeat(65535) })).not.toBeNull();
    expect(p.create_data_channel("e", { negotiated: false, ordered: true })).not.toBeNull();
    expect(logs.error).not.toHaveBeenCalled();
  });

  it("treats missing options (undefined or null) as {}", () => {
    const [p, pc] = peer();
    expect(p.create_data_channel("a")).not.toBeNull();
    expect(p.create_data_channel("b", null as never)).not.toBeNull();
    expect(pc.callsOf("createDataChannel").map((call) => call.args[1])).toEqual([{}, {}]);
  });

  it("refuses a duplicate negotiated id on the same connection, allows it again after initialize()", () => {
    const [p] = peer();
    expect(p.create_data_channel("a", { negotiated: true, id: 7 })).not.toBeNull();
    expect(p.create_data_channel("b", { negotiated: true, id: 7 })).toBeNull();
    expect(logs.error).toHaveBeenCalledWith(expect.stringContaining("7"));
    p.initialize();
    expect(p.create_data_channel("b", { negotiated: true, id: 7 })).not.toBeNull();
  });

  it("ignores unknown keys with one warning naming them", () => {
    const [p, pc] = peer();
    expect(p.create_data_channel("a", { ordered: true, maxRetransmitTime: 5, reliable: false } as never)).not.toBeNull();
    expect(logs.warn).toHaveBeenCalledOnce();
    expect(logs.warn).toHaveBeenCalledWith(expect.stringMatching(/maxRetransmitTime.*reliable/));
    expect(pc.callsOf("createDataChannel")[0]!.args[1]).toEqual({ ordered: true });
  });

  it("works only in STATE_NEW", () => {
    const [p] = peer();
    p.create_offer();
    expect(p.create_data_channel("late")).toBeNull();
    p.close();
    expect(p.create_data_channel("closed")).toBeNull();
  });

  it("returns null and logs when the browser throws", () => {
    const [p, pc] = peer();
    pc.createDataChannel = () => {
      throw new DOMException("too many", "OperationError");
    };
    expect(p.create_data_channel("a")).toBeNull();
    expect(logs.error).toHaveBeenCalledWith(expect.stringContaining("too many"));
  });
});
