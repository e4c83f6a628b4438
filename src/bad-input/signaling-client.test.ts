// The bad-input matrix (docs/reliability.md) for SignalingClient's Godot-style surface: every property of the
// prototype chain, every hostile value in every parameter position, in every state; afterwards the same client
// joins a lobby (the test plays the server) and connects to a second member.
import { afterAll, beforeEach, expect } from "vitest";
import { GodotError } from "../godot/godot-error";
import { MAX_PEER_ID as MAX_ID } from "../godot/limits";
import { MessageType } from "../signaling/protocol";
import { SignalingClient } from "../signaling/signaling-client";
import type { SignalingSocketConstructor } from "../signaling/signaling-socket";
import { intResult, param, typed, type Row } from "../test-support/bad-input-matrix";
import {
  bool_, describeMatrix, code, construction, getter, isEnum, NOTHING, reportTally, signalRows, world,
} from "../test-support/bad-input-values";
import { FakeNetwork } from "../test-support/fake-network";
import { FakeSocket } from "../test-support/fake-socket";
import { exchangeMultiplayer, pumpUntil, SignalingRelay } from "../test-support/signaling-relay";
import { useFakeBrowser } from "../test-support/use-fake-browser";

useFakeBrowser();
afterAll(reportTally);

const { OK, ERR_INVALID_PARAMETER, ERR_UNCONFIGURED, ERR_UNAUTHORIZED, ERR_CONNECTION_ERROR } = GodotError;

const SC_ROWS: Record<string, Row<SignalingClient>> = {
  constructor: construction(SignalingClient, (built) => (built as SignalingClient).get_connection_status() === 0),
  start: {
    params: [param("url", (v) => typeof v === "string" && /^wss?:\/\//i.test(v), "ws://fake", [["an http URL", "http://x"], ["a bare host", "example.org"]]),
      param("lobby", (v) => v === undefined || typeof v === "string", ""), param("mesh", (v) => v === undefined || typeof v === "boolean", true)],
    refused: () => code(ERR_INVALID_PARAMETER),
    accepted: () => code(OK),
  },
  stop: getter(NOTHING),
  seal_lobby: {
    params: [],
    accepted: (c) => {
      const id = c.obj.get_unique_id();
      if (id === 0) return code(ERR_UNCONFIGURED);
      if (id !== 1) return code(ERR_UNAUTHORIZED);
      return code(FakeSocket.last.readyState === 1 ? OK : ERR_CONNECTION_ERROR);
    },
  },
  poll: getter(code(OK)),
  get_lobby: getter(typed("string")),
  get_unique_id: getter(intResult(0, MAX_ID)),
  is_mesh: getter(bool_),
  is_sealed: getter(bool_),
  get_connection_status: getter(isEnum(2)),
  ...signalRows<SignalingClient>(["lobby_joined", "connected", "disconnected", "lobby_sealed"]),
};

/** A client that reached a lobby as `id` on a fresh FakeSocket (the server's ID and JOIN played in). */
function joinLobby(client: SignalingClient, id: number): FakeSocket {
  expect(client.start("ws://fake", "", true)).toBe(OK);
  const socket = FakeSocket.last;
  socket.open();
  socket.serverSends(MessageType.ID, id, "true");
  socket.serverSends(MessageType.JOIN, 0, "LOBBY");
  return socket;
}

/** Two clients in one mesh lobby, with the test as the server relaying offers, answers and candidates. */
async function lobbyStillWorks(network: FakeNetwork, client: SignalingClient): Promise<void> {
  const other = new SignalingClient({ websocket_class: FakeSocket as unknown as SignalingSocketConstructor, peer_configuration: { iceServers: [] } });
  const sockets = new Map([[1, joinLobby(client, 1)], [2, joinLobby(other, 2)]]);
  sockets.get(1)!.serverSends(MessageType.PEER_CONNECT, 2);
  sockets.get(2)!.serverSends(MessageType.PEER_CONNECT, 1);
  const relayed = new Map([[1, 0], [2, 0]]);
  const relay = (): void => {
    for (const [from, socket] of sockets) {
      const messages = socket.messages();
      for (const message of messages.slice(relayed.get(from)!)) {
        if (message.type >= MessageType.OFFER && message.type <= MessageType.CANDIDATE) sockets.get(message.id)?.serverSends(message.type, from, message.data);
      }
      relayed.set(from, messages.length);
    }
  };
  const a = client.multiplayer_peer;
  const b = other.multiplayer_peer;
  const quiet = new SignalingRelay();
  await pumpUntil(network, quiet, () => (client.poll(), other.poll(), relay()), () => a.has_peer(2) && a.get_peer(2).connected === true && b.has_peer(1) && b.get_peer(1).connected === true, "both lobby members connected");
  exchangeMultiplayer(network, a, 1, b, 2);
  other.stop();
}

const SC_STATES = ["new", "connecting", "in a lobby", "server gone", "stopped", "started again"];
async function signalingClientIn(state: string): Promise<SignalingClient> {
  const network = new FakeNetwork();
  const client = new SignalingClient({ websocket_class: FakeSocket as unknown as SignalingSocketConstructor, peer_configuration: { iceServers: [] } });
  world.set(client, { check: () => lobbyStillWorks(network, client) });
  if (state === "connecting") client.start("ws://fake");
  if (["in a lobby", "server gone", "stopped", "started again"].includes(state)) {
    joinLobby(client, 1);
    client.poll();
  }
  if (state === "server gone") FakeSocket.last.serverCloses(1006);
  if (state === "stopped" || state === "started again") client.stop();
  if (state === "started again") joinLobby(client, 1);
  return client;
}
const scSnapshot = (c: SignalingClient): unknown => [c.get_connection_status(), c.get_unique_id(), c.get_lobby(), c.is_mesh(), c.is_sealed()];

beforeEach(() => FakeSocket.reset());
describeMatrix("SignalingClient", { prototype: SignalingClient.prototype, rows: SC_ROWS, states: SC_STATES, make: signalingClientIn, snapshot: scSnapshot, afterwards: "still joins and connects" });

