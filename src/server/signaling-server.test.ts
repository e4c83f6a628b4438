// The protocol rules of Godot's webrtc_signaling server (reference §8.2, checklist P), against the real server
// on 127.0.0.1 with real `ws` clients. Timeouts are configured short so the suite stays fast.
import { describe, expect, it } from "vitest";
import { CloseReason, MAX_PEER_ID, MessageType } from "../signaling/protocol";
import { TestSocket, until } from "../test-support/ws-test-client";
import { serverHarness } from "./testing/server-harness";

const { JOIN, ID, PEER_CONNECT, PEER_DISCONNECT, OFFER, ANSWER, CANDIDATE, SEAL } = MessageType;
const harness = serverHarness({ sealTimeout: 200 });
const { start, connect } = harness;

/** Connects and creates a lobby (mesh unless told); returns the host socket and the lobby name. */
async function host(url: string, mesh = true): Promise<{ socket: TestSocket; lobby: string }> {
  const socket = await connect(url);
  socket.send({ type: JOIN, id: mesh ? 0 : 1, data: "" });
  await socket.next("ID");
  const joined = await socket.next("JOIN confirmation");
  return { socket, lobby: joined.data };
}

/** Connects and joins `lobby`; returns the socket and its id, with the PEER_CONNECTs it got still in its inbox. */
async function guest(url: string, lobby: string): Promise<{ socket: TestSocket; id: number }> {
  const socket = await connect(url);
  socket.send({ type: JOIN, id: 0, data: lobby });
  const { type, id } = await socket.next("ID");
  expect(type).toBe(ID);
  await until(() => socket.inbox.some((message) => message.type === JOIN), "JOIN confirmation");
  socket.inbox.splice(socket.inbox.findIndex((message) => message.type === JOIN), 1);
  return { socket, id };
}

describe("SignalingServer: Godot's protocol", () => {
  it("closes a socket that does not join in time with 4000 'Have not joined lobby yet' (P138)", async () => {
    const url = await start({ joinTimeout: 100 });
    const socket = await connect(url);
    expect(await socket.closure()).toEqual({ code: 4000, reason: CloseReason.NO_LOBBY });
  });

  it("keeps a socket that joined in time open past the join timeout", async () => {
    const url = await start({ joinTimeout: 50 });
    const { socket } = await host(url);
    // A socket opened after it and never joining is closed by the timeout: by then the host's timeout has run out too.
    const late = await connect(url);
    expect(await late.closure()).toEqual({ code: 4000, reason: CloseReason.NO_LOBBY });
    expect(socket.closed).toBeNull();
  });

  it("answers a mesh JOIN with ID {1, 'true'} then JOIN with a 16-character alphanumeric lobby (P139)", async () => {
    const url = await start();
    const socket = await connect(url);
    socket.send({ type: JOIN, id: 0, data: "" });
    expect(await socket.next("ID")).toEqual({ type: ID, id: 1, data: "true" });
    const joined = await socket.next("JOIN");
    expect(joined.type).toBe(JOIN);
    expect(joined.id).toBe(0);
    expect(joined.data).toMatch(/^[A-Za-z0-9]{16}$/);
  });

  it("creates a client/server lobby for JOIN with a non-zero id; its ID data is '' (P140)", async () => {
    const url = await start();
    const socket = await connect(url);
    socket.send({ type: JOIN, id: 1, data: "" });
    expect(await socket.next("ID")).toEqual({ type: ID, id: 1, data: "" });
  });

  it("introduces a joiner: ID, PEER_CONNECT {1}, JOIN to it; PEER_CONNECT {N} to the host (P141)", async () => {
    const url = await start();
    const { socket: hostSocket, lobby } = await host(url);
    const joiner = await connect(url);
    joiner.send({ type: JOIN, id: 0, data: lobby });
    const assigned = await joiner.next("ID");
    expect(assigned.type).toBe(ID);
    expect(assigned.data).toBe("true");
    expect(assigned.id).toBeGreaterThanOrEqual(2);
    expect(assigned.id).toBeLessThanOrEqual(MAX_PEER_ID);
    expect(await joiner.next("PEER_CONNECT")).toEqual({ type: PEER_CONNECT, id: 1, data: "" });
    expect(await joiner.next("JOIN")).toEqual({ type: JOIN, id: 0, data: lobby });
    expect(await hostSocket.next("PEER_CONNECT")).toEqual({ type: PEER_CONNECT, id: assigned.id, data: "" });
  });

  it("introduces every member to every other in a mesh lobby", async () => {
    const url = await start();
    const { socket: hostSocket, lobby } = await host(url);
    const b = await guest(url, lobby);
    const c = await guest(url, lobby);
    expect(c.socket.inbox.map((m) => [m.type, m.id]).sort()).toEqual([[PEER_CONNECT, 1], [PEER_CONNECT, b.id]].sort());
    await until(() => b.socket.inbox.length === 2, "B to hear of C");
    expect(b.socket.inbox[0]).toEqual({ type: PEER_CONNECT, id: 1, data: "" });
    expect(b.socket.inbox[1]).toEqual({ type: PEER_CONNECT, id: c.id, data: "" });
    await until(() => hostSocket.inbox.length === 2, "the host to hear of B and C");
    expect(hostSocket.inbox.map((m) => m.id)).toEqual([b.id, c.id]);
  });

  it("relays OFFER and ANSWER with the sender's id, host as 1 (P142)", async () => {
    const url = await start();
    const { socket: hostSocket, lobby } = await host(url);
    const b = await guest(url, lobby);
    await hostSocket.next("PEER_CONNECT");
    b.socket.send({ type: OFFER, id: 1, data: "sdp-offer" });
    expect(await hostSocket.next("OFFER")).toEqual({ type: OFFER, id: b.id, data: "sdp-offer" });
    hostSocket.send({ type: ANSWER, id: b.id, data: "sdp-answer" });
    b.socket.inbox.length = 0;
    expect(await b.socket.next("ANSWER")).toEqual({ type: ANSWER, id: 1, data: "sdp-answer" });
  });

  it("relays CANDIDATE data unchanged (P143)", async () => {
    const url = await start();
    const { socket: hostSocket, lobby } = await host(url);
    const b = await guest(url, lobby);
    await hostSocket.next("PEER_CONNECT");
    const data = "\n0\n0\ncandidate:1 1 UDP 2122252543 127.0.0.1 50000 typ host";
    b.socket.send({ type: CANDIDATE, id: 1, data });
    expect(await hostSocket.next("CANDIDATE")).toEqual({ type: CANDIDATE, id: b.id, data });
  });

  it("closes a relay to an id not in the lobby with 4000 'Invalid destination' (P144)", async () => {
    const url = await start();
    const { socket } = await host(url);
    socket.send({ type: OFFER, id: 12345, data: "sdp" });
    expect(await socket.closure()).toEqual({ code: 4000, reason: CloseReason.INVALID_DESTINATION });
  });

  it("closes a relay to oneself with 4000 'Invalid destination'", async () => {
    const url = await start();
    const { socket } = await host(url);
    socket.send({ type: OFFER, id: 1, data: "sdp" });
    expect(await socket.closure()).toEqual({ code: 4000, reason: CloseReason.INVALID_DESTINATION });
  });

  it("closes a binary frame with 4000 'Invalid transfer mode, must be text', also a valid message sent as binary (P145)", async () => {
    const url = await start();
    const socket = await connect(url);
    socket.socket.send(Buffer.from(JSON.stringify({ type: JOIN, id: 0, data: "" })), { binary: true });
    expect(await socket.closure()).toEqual({ code: 4000, reason: CloseReason.INVALID_TRANSFER_MODE });
  });

  it.each([
    ["non-JSON", "hello"],
    ["a string type", JSON.stringify({ type: "0", id: 0, data: "" })],
    ["a fractional id", JSON.stringify({ type: 0, id: 0.5, data: "" })],
    ["a negative id", JSON.stringify({ type: 0, id: -1, data: "" })],
    ["an id above 2^31-1", JSON.stringify({ type: 0, id: 2147483648, data: "" })],
    ["a numeric data", JSON.stringify({ type: 0, id: 0, data: 5 })],
    ["an array", JSON.stringify([0, 0, ""])],
    ["null", "null"],
    ["a missing type", JSON.stringify({ id: 0, data: "" })],
  ])("closes %s with 4000 'Invalid message format' (P145)", async (_what, text) => {
    const url = await start();
    const socket = await connect(url);
    socket.send(text);
    expect(await socket.closure()).toEqual({ code: 4000, reason: CloseReason.INVALID_FORMAT });
  });

  it("closes a message other than JOIN before joining with 4000 'Invalid message when not in a lobby' (P146)", async () => {
    const url = await start();
    const socket = await connect(url);
    socket.send({ type: OFFER, id: 1, data: "sdp" });
    expect(await socket.closure()).toEqual({ code: 4000, reason: CloseReason.NEED_LOBBY });
  });

  it.each([[9], [ID], [PEER_CONNECT], [PEER_DISCONNECT]])("closes type %i inside a lobby with 4000 'Invalid command' (P146)", async (type) => {
    const url = await start();
    const { socket } = await host(url);
    socket.send({ type, id: 0, data: "" });
    expect(await socket.closure()).toEqual({ code: 4000, reason: CloseReason.INVALID_COMMAND });
  });

  it("closes a second JOIN from a member with 4000 'Already in a lobby' (fixed quirk: also with a lobby name)", async () => {
    const url = await start();
    const first = await host(url);
    const second = await host(url);
    second.socket.send({ type: JOIN, id: 0, data: first.lobby });
    expect(await second.socket.closure()).toEqual({ code: 4000, reason: CloseReason.ALREADY_IN_LOBBY });
    first.socket.send({ type: JOIN, id: 0, data: "" });
    expect(await first.socket.closure()).toEqual({ code: 4000, reason: CloseReason.ALREADY_IN_LOBBY });
  });

  it("closes SEAL from a non-host with 4000 'Only host can seal the lobby' (P147)", async () => {
    const url = await start();
    const { lobby } = await host(url);
    const b = await guest(url, lobby);
    b.socket.send({ type: SEAL, id: 0, data: "" });
    expect(await b.socket.closure()).toEqual({ code: 4000, reason: CloseReason.ONLY_HOST_CAN_SEAL });
  });

  it("broadcasts SEAL from the host and closes every member with 1000 'Seal complete' after the seal timeout (P147)", async () => {
    const url = await start({ sealTimeout: 150 });
    const { socket: hostSocket, lobby } = await host(url);
    const b = await guest(url, lobby);
    await hostSocket.next("PEER_CONNECT");
    b.socket.inbox.length = 0;
    const sealedAt = Date.now();
    hostSocket.send({ type: SEAL, id: 0, data: "" });
    expect(await hostSocket.next("SEAL")).toEqual({ type: SEAL, id: 0, data: "" });
    expect(await b.socket.next("SEAL")).toEqual({ type: SEAL, id: 0, data: "" });
    expect(await b.socket.closure()).toEqual({ code: 1000, reason: CloseReason.SEAL_COMPLETE });
    expect(await hostSocket.closure()).toEqual({ code: 1000, reason: CloseReason.SEAL_COMPLETE });
    expect(Date.now() - sealedAt).toBeGreaterThanOrEqual(140);
  });

  it("closes a JOIN to a sealed lobby with 'Lobby is sealed' and to an unknown one with 'Lobby does not exists' (P148)", async () => {
    const url = await start({ sealTimeout: 5000 });
    const { socket: hostSocket, lobby } = await host(url);
    hostSocket.send({ type: SEAL, id: 0, data: "" });
    await hostSocket.next("SEAL");
    const late = await connect(url);
    late.send({ type: JOIN, id: 0, data: lobby });
    expect(await late.closure()).toEqual({ code: 4000, reason: CloseReason.LOBBY_IS_SEALED });
    const lost = await connect(url);
    lost.send({ type: JOIN, id: 0, data: "NoSuchLobby00000" });
    expect(await lost.closure()).toEqual({ code: 4000, reason: CloseReason.LOBBY_DOES_NOT_EXIST });
  });

  it("closes the others with 4000 'Room host has disconnected' when the host leaves, and deletes the lobby (P149)", async () => {
    const url = await start();
    const { socket: hostSocket, lobby } = await host(url);
    const b = await guest(url, lobby);
    const c = await guest(url, lobby);
    await hostSocket.close();
    expect(await b.socket.closure()).toEqual({ code: 4000, reason: CloseReason.HOST_DISCONNECTED });
    expect(await c.socket.closure()).toEqual({ code: 4000, reason: CloseReason.HOST_DISCONNECTED });
    await until(() => harness.server.stats().lobbies === 0, "the lobby to be deleted");
    const late = await connect(url);
    late.send({ type: JOIN, id: 0, data: lobby });
    expect(await late.closure()).toEqual({ code: 4000, reason: CloseReason.LOBBY_DOES_NOT_EXIST });
  });

  it("sends PEER_DISCONNECT {N} to the others when a non-host leaves (P149)", async () => {
    const url = await start();
    const { socket: hostSocket, lobby } = await host(url);
    const b = await guest(url, lobby);
    const c = await guest(url, lobby);
    await c.socket.close();
    await until(() => hostSocket.inbox.some((m) => m.type === PEER_DISCONNECT), "the host to hear of C leaving");
    expect(hostSocket.inbox.at(-1)).toEqual({ type: PEER_DISCONNECT, id: c.id, data: "" });
    await until(() => b.socket.inbox.some((m) => m.type === PEER_DISCONNECT), "B to hear of C leaving");
    expect(b.socket.inbox.at(-1)).toEqual({ type: PEER_DISCONNECT, id: c.id, data: "" });
  });
});

describe("SignalingServer: client/server lobbies", () => {
  it("introduces clients only to the host, refuses client-to-client relays, and tells only the host of departures", async () => {
    const url = await start();
    const { socket: hostSocket, lobby } = await host(url, false);
    const b = await guest(url, lobby);
    const c = await guest(url, lobby);
    expect(c.socket.inbox).toEqual([{ type: PEER_CONNECT, id: 1, data: "" }]);
    await until(() => hostSocket.inbox.length === 2, "the host to hear of B and C");
    expect(hostSocket.inbox.map((m) => m.id)).toEqual([b.id, c.id]);
    await c.socket.close();
    await until(() => hostSocket.inbox.length === 3, "the host to hear of C leaving");
    expect(hostSocket.inbox[2]).toEqual({ type: PEER_DISCONNECT, id: c.id, data: "" });
    expect(b.socket.inbox).toEqual([{ type: PEER_CONNECT, id: 1, data: "" }]);
    const d = await guest(url, lobby);
    b.socket.send({ type: OFFER, id: d.id, data: "sdp" });
    expect(await b.socket.closure()).toEqual({ code: 4000, reason: CloseReason.INVALID_DESTINATION });
  });

  it("tells a joiner the lobby's kind, whatever id its JOIN carried", async () => {
    const url = await start();
    const { lobby } = await host(url, false);
    const joiner = await connect(url);
    joiner.send({ type: JOIN, id: 0, data: lobby });
    expect((await joiner.next("ID")).data).toBe("");
  });
});
