// A chat bot that joins a Godot signaling lobby from Node, as one more WebRTCMultiplayerPeer beside browser (or
// native Godot) players. It greets every peer that connects and answers each chat line with an echo; chat lines
// are Strings sent with `put_var` (GDScript: `multiplayer_peer.put_var("hi")`).
//
// Run from the package root after `npm run build` (node-datachannel must be installed):
//   node docs/examples/node-lobby-bot.mjs                                  # own server on :9080, new mesh lobby
//   node docs/examples/node-lobby-bot.mjs --url ws://127.0.0.1:9080 --lobby <name>          # join an existing one
//   node docs/examples/node-lobby-bot.mjs --client-server                  # new client/server lobby, bot is host
// Stop it with Ctrl-C.
import { parseArgs } from "node:util";
import { WebSocket } from "ws";
import { GodotError, shutdownNodeDataChannel, useNodeDataChannel } from "godot-webrtc-shim/node";
import { SignalingServer } from "godot-webrtc-shim/server";
import { SignalingClient } from "godot-webrtc-shim/signaling";

const { values: args } = parseArgs({
  options: {
    url: { type: "string" },
    lobby: { type: "string", default: "" },
    port: { type: "string", default: "9080" },
    "client-server": { type: "boolean", default: false },
  },
});

useNodeDataChannel();

// No --url: run a signaling server in this process (what the `godot-webrtc-signaling` bin does).
const server = args.url ? null : await SignalingServer.listen({ port: Number(args.port), host: "127.0.0.1" });
const url = args.url ?? `ws://127.0.0.1:${server.port}`;
if (server) console.log(`signaling server listening on ${url}`);

// Node has no browser WebSocket before v22: hand the client the `ws` package's. No ICE servers: LAN/loopback only;
// give every player the same iceServers to cross the internet.
const client = new SignalingClient({ websocket_class: WebSocket, peer_configuration: { iceServers: [] } });
const peer = client.multiplayer_peer;

client.lobby_joined.connect((lobby) => console.log(`joined lobby ${lobby}`));
client.connected.connect((id, mesh) => console.log(`connected as peer ${id} (${mesh ? "mesh" : id === 1 ? "host" : "client"})`));
client.disconnected.connect((code, reason) => {
  console.log(`signaling server closed the connection: ${code} ${reason}`);
  stop(1);
});
peer.peer_connected.connect((id) => {
  console.log(`peer ${id} connected`);
  sendTo(id, `hello ${id}, I am a Node bot (peer ${peer.get_unique_id()})`);
});
peer.peer_disconnected.connect((id) => console.log(`peer ${id} disconnected`));

/** `put_var(value)` to peer `id` only, then back to broadcasting. */
function sendTo(id, value) {
  peer.set_target_peer(id);
  const result = peer.put_var(value);
  peer.set_target_peer(0);
  if (result !== GodotError.OK) console.error(`could not send to peer ${id}: error ${result}`);
}

let stopping = false;

// The game loop: poll, then read every packet that arrived.
const timer = setInterval(() => {
  client.poll();
  while (peer.get_available_packet_count() > 0) {
    const from = peer.get_packet_peer();
    const message = peer.get_var();
    if (typeof message !== "string") continue; // not chat (get_var logged why if it was not a Variant at all)
    console.log(`${from}: ${message}`);
    sendTo(from, `echo: ${message}`);
  }
}, 10);

const start = client.start(url, args.lobby, !args["client-server"]);
if (start !== GodotError.OK) {
  console.error(`could not start: error ${start}`);
  stop(1);
}

process.once("SIGINT", () => stop(0));
process.once("SIGTERM", () => stop(0));

/** Leaves the lobby, closes every connection and the server, and lets the process exit. */
async function stop(code) {
  if (stopping) return;
  stopping = true;
  clearInterval(timer);
  client.stop();
  shutdownNodeDataChannel();
  await server?.close();
  process.exitCode = code;
}
