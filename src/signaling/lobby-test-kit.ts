// Test-only: the players, frame pump and scripted servers the SignalingClient tests share. Not exported by any
// entry point. Each player's connections are told apart by the configuration object it was given.
import { expect } from "vitest";
import { WebSocket, WebSocketServer } from "ws";
import { GodotError } from "../godot/godot-error";
import { FakeRTCPeerConnection } from "../test-support/fake-rtc";
import { until } from "../test-support/ws-test-client";
import { SignalingClient, type SignalingClientOptions } from "./signaling-client";

/** A client and everything its signals said, in order. */
export interface Player {
  client: SignalingClient;
  events: string[];
  configuration: { iceServers: [] };
}

/** Every player made since the last `stopPlayers()`. */
export const players: Player[] = [];

/** A client on `ws` with a recorder on each of its signals and its multiplayer peer's. */
export function player(options: SignalingClientOptions = {}): Player {
  const configuration = { iceServers: [] as [] };
  const client = new SignalingClient({ websocket_class: WebSocket, peer_configuration: configuration, ...options });
  const events: string[] = [];
  client.lobby_joined.connect((lobby) => events.push(`lobby_joined ${lobby}`));
  client.connected.connect((id, mesh) => events.push(`connected ${id} ${mesh}`));
  client.disconnected.connect((code, reason) => events.push(`disconnected ${code} ${reason}`));
  client.lobby_sealed.connect(() => events.push("lobby_sealed"));
  client.reconnected.connect((id) => events.push(`reconnected ${id}`));
  client.multiplayer_peer.peer_connected.connect((id) => events.push(`peer_connected ${id}`));
  client.multiplayer_peer.peer_disconnected.connect((id) => events.push(`peer_disconnected ${id}`));
  const made = { client, events, configuration };
  players.push(made);
  return made;
}

/** Stops and forgets every player. */
export function stopPlayers(): void {
  for (const { client } of players.splice(0)) client.stop();
}

/** Polls every client, as a game does each frame, until `condition()` holds. */
export async function pump(condition: () => boolean, what: string, ms?: number): Promise<void> {
  await until(
    () => {
      for (const { client } of players) client.poll();
      return condition();
    },
    what,
    ms,
  );
}

/** The fake RTCPeerConnections `who` made, in order. */
export function fakesOf(who: Player): FakeRTCPeerConnection[] {
  return FakeRTCPeerConnection.instances.filter((pc) => pc.configuration === who.configuration);
}

/** Starts `who` at `url` and waits until it has joined; returns the lobby name. */
export async function enter(who: Player, url: string, lobby = "", mesh = true): Promise<string> {
  expect(who.client.start(url, lobby, mesh)).toBe(GodotError.OK);
  await pump(() => who.events.some((e) => e.startsWith("lobby_joined")), "the lobby to be joined");
  return who.client.get_lobby();
}

/** A hostile or foreign server played by the test. */
export interface ScriptedServer {
  url: string;
  /** Frames the client sent, as text. */
  received: string[];
  close: () => Promise<void>;
}

/** A scripted server: answers the first frame (the JOIN) of each socket with `script(send)`. */
export async function scripted(script: (string | Buffer)[] | ((send: (frame: string | Buffer) => void) => void)): Promise<ScriptedServer> {
  const wss = new WebSocketServer({ port: 0, host: "127.0.0.1" });
  await new Promise((resolve) => wss.once("listening", resolve));
  const received: string[] = [];
  wss.on("connection", (ws) => {
    ws.on("message", (data) => received.push(data.toString()));
    ws.once("message", () => {
      const send = (frame: string | Buffer): void => ws.send(frame);
      if (typeof script === "function") script(send);
      else script.forEach(send);
    });
  });
  const { port } = wss.address() as { port: number };
  const close = (): Promise<void> =>
    new Promise((resolve) => {
      for (const ws of wss.clients) ws.terminate();
      wss.close(() => resolve());
    });
  return { url: `ws://127.0.0.1:${port}`, received, close };
}
