// The local demo: Alice and Bob in one tab. Their signals go straight to each other (a real game would send
// them through a signaling server), and one requestAnimationFrame loop polls both, like a game's _process().
import { ChatPeer } from "./chat-peer";

const peers = document.querySelector<HTMLElement>(".peers");
if (peers === null) throw new Error("demo page is missing .peers");

const alice = new ChatPeer("Alice", "Bob", peers);
const bob = new ChatPeer("Bob", "Alice", peers);
relaySignals(alice, bob);
relaySignals(bob, alice);

/** What a signaling server would carry, handed over directly: descriptions and ICE candidates. */
function relaySignals(from: ChatPeer, to: ChatPeer): void {
  from.peer.session_description_created.connect((type, sdp) => {
    from.peer.set_local_description(type, sdp);
    to.peer.set_remote_description(type, sdp);
  });
  from.peer.ice_candidate_created.connect((media, index, name) => {
    to.peer.add_ice_candidate(media, index, name);
  });
}

/** Fresh connections, then Alice opens the chat channel and offers; Bob answers from his signal handler. */
function connect(): void {
  reset();
  alice.openChannel("chat");
  alice.createOffer();
}

function reset(): void {
  alice.initialize();
  bob.initialize();
}

function close(): void {
  alice.close();
  bob.close();
}

button("#connect").addEventListener("click", connect);
button("#close").addEventListener("click", close);
button("#reset").addEventListener("click", reset);

const frameCount = document.querySelector<HTMLOutputElement>("#frame-count");
let frames = 0;
function frame(): void {
  alice.frame();
  bob.frame();
  frames++;
  if (frameCount !== null && frames % 10 === 0) frameCount.value = String(frames);
  requestAnimationFrame(frame);
}
requestAnimationFrame(frame);

function button(selector: string): HTMLButtonElement {
  const element = document.querySelector<HTMLButtonElement>(selector);
  if (element === null) throw new Error(`demo page is missing ${selector}`);
  return element;
}
