// Two WebRTC peers in one Node process, connected over loopback with the Godot API, sending Godot Variants.
// Run from the package root after `npm run build` (node-datachannel must be installed):
//   node docs/examples/node-loopback.mjs
import {
  GodotError, shutdownNodeDataChannel, useNodeDataChannel, Vector2, WebRTCPeerConnection,
} from "godot-webrtc-shim/node";

useNodeDataChannel();

// No STUN/TURN server: both peers are on this machine. `bindAddress` is libdatachannel's (the browser has no such
// key): it skips loopback when it lists local addresses, so on a machine whose only interface is loopback (a
// container or CI namespace without a network) it gathers no candidate at all unless bound to 127.0.0.1.
const CONFIGURATION = { iceServers: [], bindAddress: "127.0.0.1" };
const a = new WebRTCPeerConnection();
const b = new WebRTCPeerConnection();
a.initialize(CONFIGURATION);
b.initialize(CONFIGURATION);

// What a signaling server would carry: descriptions and candidates, each to the other side.
for (const [from, to] of [[a, b], [b, a]]) {
  from.session_description_created.connect((type, sdp) => {
    from.set_local_description(type, sdp);
    to.set_remote_description(type, sdp);
  });
  from.ice_candidate_created.connect((media, index, name) => to.add_ice_candidate(media, index, name));
}

// Channel 1 "reliable", exactly as WebRTCMultiplayerPeer (ours or Godot's) creates it.
const sender = a.create_data_channel("reliable", { negotiated: true, id: 1 });
const receiver = b.create_data_channel("reliable", { negotiated: true, id: 1 });
a.create_offer();

const deadline = Date.now() + 10_000;
let sent = false;
const timer = setInterval(() => {
  a.poll();
  b.poll();
  if (!sent && sender.get_ready_state() === 1) {
    // The bytes a Godot peer's `get_var()` reads as {"hello": "from Node", "pos": Vector2(1.5, 2), "hp": 100}.
    sent = sender.put_var({ hello: "from Node", pos: new Vector2(1.5, 2), hp: 100 }) === GodotError.OK;
  }
  if (receiver.get_available_packet_count() > 0) {
    console.log("received:", receiver.get_var());
    finish(0);
  } else if (Date.now() > deadline) {
    console.error("no packet within 10 s");
    finish(1);
  }
}, 10);

function finish(code) {
  clearInterval(timer);
  a.close();
  b.close();
  shutdownNodeDataChannel();
  process.exitCode = code;
}
