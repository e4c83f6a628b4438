// The resume extension (issue 12.3) against the real server with raw `ws` clients: only a client that asks gets
// a token; a lost socket's seat is held for the grace; a restarted server with the same secret gives seats back.
// Clients that do not ask (Godot's demo, 0.1) see exactly Godot's protocol: no `resume` key in any frame.
import { afterEach, describe, expect, it } from "vitest";
import { CloseReason, MessageType } from "../signaling/protocol";
import { TestSocket, until } from "../test-support/ws-test-client";
import type { SignalingServerOptions } from "./server-options";
import { SignalingServer } from "./signaling-server";

const { JOIN, ID, PEER_CONNECT, PEER_DISCONNECT, OFFER } = MessageType;
const open: { servers: SignalingServer[]; sockets: TestSocket[] } = { servers: [], sockets: [] };
const SECRET = "test secret";

afterEach(async () => {
  await Promise.all(open.sockets.splice(0).map((socket) => socket.close()));
  await Promise.all(open.servers.splice(0).map((server) => server.close()));
});

async function start(options: SignalingServerOptions = {}): Promise<{ url: string; server: SignalingServer }> {
  const server = await SignalingServer.listen({ port: 0, host: "127.0.0.1", resumeSecret: SECRET, ...options });
  open.servers.push(server);
  return { url: `ws://127.0.0.1:${server.port}`, server };
}

/** A raw client that also keeps every frame's text, to prove what it never received. */
async function connect(url: string): Promise<TestSocket & { frames: string[] }> {
  const socket = Object.assign(await TestSocket.open(url), { frames: [] as string[] });
  socket.socket.on("message", (data) => socket.frames.push(data.toString()));
  open.sockets.push(socket);
  return socket;
}

/** Joins (or creates, with lobby "") as Godot's client does, or asking for a token / resuming with `resume`. */
async function join(url: string, lobby: string, resume?: string): Promise<{ socket: TestSocket & { frames: string[] }; id: number; lobby: string; token: string | undefined }> {
  const socket = await connect(url);
  socket.send(resume === undefined ? { type: JOIN, id: 0, data: lobby } : { type: JOIN, id: 0, data: lobby, resume });
  const { id } = await socket.next("ID");
  await until(() => socket.inbox.some((message) => message.type === JOIN), "JOIN confirmation");
  const confirmation = socket.inbox.splice(socket.inbox.findIndex((message) => message.type === JOIN), 1)[0]!;
  return { socket, id, lobby: confirmation.data, token: confirmation.resume };
}

const announced = (socket: TestSocket, type: number): number[] => socket.inbox.filter((m) => m.type === type).map((m) => m.id);

describe("SignalingServer: resume extension", () => {
  it("never shows a client that did not ask a resume key: the frames of Godot's flow are exactly Godot's", async () => {
    const { url } = await start();
    const host = await join(url, "");
    const guest = await join(url, host.lobby);
    await until(() => announced(host.socket, PEER_CONNECT).length === 1, "the host to hear of the guest");
    guest.socket.socket.terminate(); // a lost socket: no grace for a client without a token
    await until(() => announced(host.socket, PEER_DISCONNECT).includes(guest.id), "PEER_DISCONNECT at once");
    expect(host.token).toBeUndefined();
    for (const frame of [...host.socket.frames, ...guest.socket.frames]) expect(Object.keys(JSON.parse(frame)).sort()).toEqual(["data", "id", "type"]);
  });

  it("gives a token on the JOIN confirmation only to a client that asks, and refuses a forged one with 4000", async () => {
    const { url } = await start();
    const host = await join(url, "", "");
    expect(host.token).toMatch(/^[\w-]+\.[\w-]+$/);
    expect(host.socket.frames.filter((frame) => frame.includes('"resume"'))).toHaveLength(1);
    const forged = await connect(url);
    forged.send({ type: JOIN, id: 0, data: host.lobby, resume: `${host.token!.split(".")[0]}.AAAA` });
    expect(await forged.closure()).toEqual({ code: 4000, reason: CloseReason.RESUME_REFUSED });
  });

  it("holds a lost member's seat for the grace: no PEER_DISCONNECT, the same id on resume, relays flow again", async () => {
    const { url } = await start({ resumeGrace: 5000 });
    const host = await join(url, "", "");
    const guest = await join(url, host.lobby, "");
    await until(() => announced(host.socket, PEER_CONNECT).includes(guest.id), "the host to hear of the guest");
    guest.socket.socket.terminate();
    const back = await join(url, host.lobby, guest.token);
    expect(back.id).toBe(guest.id);
    expect(announced(back.socket, PEER_CONNECT)).toEqual([1]);
    back.socket.send({ type: OFFER, id: 1, data: "v=0 after resume" });
    await until(() => host.socket.inbox.some((m) => m.type === OFFER), "the resumed member's offer to reach the host");
    expect(host.socket.inbox.filter((m) => m.type === OFFER)).toEqual([{ type: OFFER, id: guest.id, data: "v=0 after resume" }]);
    expect(announced(host.socket, PEER_DISCONNECT)).toEqual([]);
    expect(announced(host.socket, PEER_CONNECT)).toEqual([guest.id]); // not announced twice
  });

  it("lets the seat go after the grace, and at once when the member leaves with a close frame", async () => {
    const { url } = await start({ resumeGrace: 200 });
    const host = await join(url, "", "");
    const lost = await join(url, host.lobby, "");
    const leaving = await join(url, host.lobby, "");
    await until(() => announced(host.socket, PEER_CONNECT).length === 2, "both guests announced");
    await leaving.socket.close();
    await until(() => announced(host.socket, PEER_DISCONNECT).includes(leaving.id), "the leaver's PEER_DISCONNECT");
    expect(announced(host.socket, PEER_DISCONNECT)).not.toContain(lost.id);
    lost.socket.socket.terminate();
    await until(() => announced(host.socket, PEER_DISCONNECT).includes(lost.id), "the lost member's PEER_DISCONNECT after the grace", 3000);
  });

  it("after a restart with the same secret: members resume their ids and meet again, and a new player meets them all", async () => {
    const first = await start();
    const port = first.server.port!;
    const host = await join(first.url, "", "");
    const guest = await join(first.url, host.lobby, "");
    await first.server.close();
    open.servers.splice(open.servers.indexOf(first.server), 1);
    const second = await start({ port });
    const hostBack = await join(second.url, host.lobby, host.token);
    const guestBack = await join(second.url, host.lobby, guest.token);
    expect([hostBack.id, guestBack.id]).toEqual([1, guest.id]);
    await until(() => announced(hostBack.socket, PEER_CONNECT).includes(guest.id), "the host to hear of the resumed guest");
    expect(announced(guestBack.socket, PEER_CONNECT)).toEqual([1]);
    const newcomer = await join(second.url, host.lobby);
    expect(newcomer.socket.inbox.filter((m) => m.type === PEER_CONNECT).map((m) => m.id).sort()).toEqual([1, guest.id].sort());
    await until(() => announced(guestBack.socket, PEER_CONNECT).includes(newcomer.id) && announced(hostBack.socket, PEER_CONNECT).includes(newcomer.id), "everyone to hear of the newcomer");
    expect(newcomer.id).not.toBe(guest.id);
    expect(newcomer.socket.inbox.every((m) => m.type !== ID)).toBe(true);
  });

  it("closes a live socket whose seat is resumed elsewhere with 4000, and keeps the seat for the new one", async () => {
    const { url } = await start();
    const host = await join(url, "", "");
    const guest = await join(url, host.lobby, "");
    const twin = await join(url, host.lobby, guest.token);
    expect(twin.id).toBe(guest.id);
    expect(await guest.socket.closure()).toEqual({ code: 4000, reason: CloseReason.RESUMED_ELSEWHERE });
    twin.socket.send({ type: OFFER, id: 1, data: "v=0 twin" });
    await until(() => host.socket.inbox.some((m) => m.type === OFFER), "the twin's offer");
    expect(announced(host.socket, PEER_DISCONNECT)).toEqual([]);
  });
});
