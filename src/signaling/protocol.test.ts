import { describe, expect, it } from "vitest";
import { CloseCode, decodeCandidate, decodeMessage, encodeCandidate, encodeMessage, MessageType } from "./protocol";

describe("signaling protocol codec", () => {
  it("numbers the message types as Godot's demo does", () => {
    expect(MessageType).toEqual({ JOIN: 0, ID: 1, PEER_CONNECT: 2, PEER_DISCONNECT: 3, OFFER: 4, ANSWER: 5, CANDIDATE: 6, SEAL: 7 });
  });

  it("keeps every close code in one table: 4000 for protocol errors (Godot's), 1000 after a seal, RFC 6455's others", () => {
    expect(CloseCode).toEqual({ NORMAL: 1000, GOING_AWAY: 1001, ABNORMAL: 1006, MESSAGE_TOO_BIG: 1009, INTERNAL_ERROR: 1011, PROTOCOL_ERROR: 4000 });
    expect(Object.isFrozen(CloseCode)).toBe(true);
  });

  it("round-trips a message as {type, id, data} JSON", () => {
    const text = encodeMessage(MessageType.OFFER, 42, "v=0");
    expect(JSON.parse(text)).toEqual({ type: 4, id: 42, data: "v=0" });
    expect(decodeMessage(text)).toEqual({ type: 4, id: 42, data: "v=0" });
  });

  it("reads a missing data as '' and refuses wrong field types", () => {
    expect(decodeMessage('{"type":7,"id":0}')).toEqual({ type: 7, id: 0, data: "" });
    for (const bad of ['{"type":"1","id":0,"data":""}', '{"type":1,"id":1.5,"data":""}', '{"type":1,"id":0,"data":null}', "[1,2]", "{", '"x"', '{"type":-1,"id":0}']) {
      expect(decodeMessage(bad), bad).toBeNull();
    }
  });

  it("writes CANDIDATE data as '\\n' + mid + '\\n' + index + '\\n' + candidate, as Godot's client does", () => {
    expect(encodeCandidate("0", 0, "candidate:1 1 udp 1 127.0.0.1 9 typ host")).toBe("\n0\n0\ncandidate:1 1 udp 1 127.0.0.1 9 typ host");
  });

  it("reads CANDIDATE data back, including an empty mid that Godot's own parser would lose", () => {
    expect(decodeCandidate("\n0\n1\ncandidate:x")).toEqual({ media: "0", index: 1, name: "candidate:x" });
    expect(decodeCandidate(encodeCandidate("", 2, "candidate:y"))).toEqual({ media: "", index: 2, name: "candidate:y" });
    expect(decodeCandidate("audio\n0\ncandidate:z")).toEqual({ media: "audio", index: 0, name: "candidate:z" });
  });

  it("refuses malformed CANDIDATE data", () => {
    for (const bad of ["", "\n0\nx\ncandidate", "\n0\n0", "\n0\n-1\ncandidate", "\n0\n0\ncandidate\nextra"]) {
      expect(decodeCandidate(bad), JSON.stringify(bad)).toBeNull();
    }
  });
});
