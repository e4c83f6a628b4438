// demo/godot-player/: two web players and a real Godot 4.6 player in one mesh, talking through SceneMultiplayer.
// Each web player is a SceneMultiplayer over a WebRTCMultiplayerPeer with /root/Main declared as main.gd declares
// it; the connections are wired in the page (no signaling server), the Godot player's through window.godotDemo.
import { SceneMultiplayer, TransferMode, WebRTCMultiplayerPeer, WebRTCPeerConnection, type RpcNode } from "godot-webrtc-shim";
import { Vector2 } from "godot-webrtc-shim/variant";

const GODOT_ID = 3;
const COLORS: Record<number, string> = { 1: "#e6194b", 2: "#3cb44b", 3: "#4ea1ff" };

/** One web player: its transport, its SceneMultiplayer, the node it shares with Godot, and what it has seen. */
class WebPlayer {
  readonly peer = new WebRTCMultiplayerPeer();
  readonly scene = new SceneMultiplayer();
  readonly main: RpcNode;
  readonly positions = new Map<number, Vector2>();
  readonly heard: string[] = [];
  angle: number;

  constructor(readonly id: number) {
    this.angle = id * 2;
    this.peer.create_mesh(id, [TransferMode.TRANSFER_MODE_UNRELIABLE_ORDERED]);
    this.main = this.scene.add_rpc_node("/root/Main", {
      moved: { rpc_mode: SceneMultiplayer.RPC_MODE_ANY_PEER, transfer_mode: TransferMode.TRANSFER_MODE_UNRELIABLE_ORDERED, channel: 1, call: (position) => this.positions.set(this.scene.get_remote_sender_id(), position as Vector2) },
      said: { rpc_mode: SceneMultiplayer.RPC_MODE_ANY_PEER, call_local: true, call: (text) => this.heard.push(`${this.scene.get_remote_sender_id()}: ${String(text)}`) },
    })!;
    this.scene.multiplayer_peer = this.peer;
  }

  /** A frame: poll, move our dot, tell everyone where it is. */
  frame(dt: number): void {
    this.scene.poll();
    this.angle += dt * (0.6 + this.id * 0.2);
    const position = new Vector2(400 + Math.cos(this.angle) * (120 + this.id * 40), 250 + Math.sin(this.angle) * 110);
    this.positions.set(this.id, position);
    if (this.scene.get_peers().length > 0) this.main.rpc("moved", position);
  }
}

function connection(): WebRTCPeerConnection {
  const pc = new WebRTCPeerConnection();
  pc.initialize({ iceServers: [] });
  return pc;
}

/** Links web players `a` and `b` directly (a offers). */
function linkWeb(a: WebPlayer, b: WebPlayer): void {
  const [pa, pb] = [connection(), connection()];
  a.peer.add_peer(pa, b.id);
  b.peer.add_peer(pb, a.id);
  for (const [from, to] of [[pa, pb], [pb, pa]] as const) {
    from.session_description_created.connect((type, sdp) => {
      from.set_local_description(type, sdp);
      to.set_remote_description(type, sdp);
    });
    from.ice_candidate_created.connect((media, index, name) => to.add_ice_candidate(media, index, name));
  }
  pa.create_offer();
}

const players = [new WebPlayer(1), new WebPlayer(2)];
linkWeb(players[0]!, players[1]!);

/** Signaling between the page and the Godot player (main.gd reads and writes these through JavaScriptBridge). */
const toGodot: string[] = [];
const godotLinks = new Map<number, WebRTCPeerConnection>();
const godotDemo = {
  id: GODOT_ID,
  peers: players.map((p) => p.id),
  toGodot: (): string | null => toGodot.shift() ?? null,
  fromGodot(message: { to: number; kind: string; type: string; sdp: string; media: string; index: number; name: string }): void {
    const pc = godotLinks.get(message.to);
    if (pc === undefined) return;
    if (message.kind === "sdp") pc.set_remote_description(message.type, message.sdp);
    else pc.add_ice_candidate(message.media, message.index, message.name);
  },
  /** What the Godot player heard (`said`), and the dots it sees, for the page and the test. */
  heard: [] as string[],
  sees: {} as Record<string, [number, number]>,
  godotHeard(from: number, text: string): void {
    godotDemo.heard.push(`${from}: ${text}`);
    log(`Godot heard ${from}: ${text}`);
  },
  godotSees(positions: Record<string, [number, number]>): void {
    godotDemo.sees = positions;
  },
  players,
};
Object.assign(window, { godotDemo });

interface GodotEngine {
  new (config: Record<string, unknown>): { startGame(override: Record<string, unknown>): Promise<void> };
}

async function addGodotPlayer(): Promise<void> {
  button.disabled = true;
  status.textContent = "starting Godot…";
  await new Promise<void>((resolve, reject) => {
    const script = document.createElement("script");
    script.src = "./engine/index.js";
    script.onload = () => resolve();
    script.onerror = () => reject(new Error("the Godot engine is not there: run `node scripts/godot-engine.mjs`"));
    document.head.append(script);
  });
  for (const player of players) {
    const pc = connection();
    player.peer.add_peer(pc, GODOT_ID);
    godotLinks.set(player.id, pc);
    pc.session_description_created.connect((type, sdp) => {
      pc.set_local_description(type, sdp);
      toGodot.push(JSON.stringify({ from: player.id, kind: "sdp", type, sdp }));
    });
    pc.ice_candidate_created.connect((media, index, name) => toGodot.push(JSON.stringify({ from: player.id, kind: "ice", media, index, name })));
  }
  const Engine = (window as unknown as { Engine: GodotEngine }).Engine;
  const engine = new Engine({ args: ["--headless"], executable: "./engine/index", mainPack: "./player.pck", canvasResizePolicy: 0, focusCanvas: false });
  await engine.startGame({ onPrint: (...parts: unknown[]) => console.log("[godot]", ...parts), onPrintError: (...parts: unknown[]) => console.warn("[godot]", ...parts) });
  // The web players offer once the Godot player has made its connections (it does in _ready).
  for (const pc of godotLinks.values()) pc.create_offer();
  status.textContent = "Godot player 3 joining…";
}

const button = document.querySelector<HTMLButtonElement>("#add-godot")!;
const status = document.querySelector<HTMLSpanElement>("#status")!;
const chat = document.querySelector<HTMLInputElement>("#chat")!;
const logBox = document.querySelector<HTMLDivElement>("#log")!;
const arena = document.querySelector<HTMLCanvasElement>("#arena")!.getContext("2d")!;

function log(line: string): void {
  logBox.textContent = `${line}\n${logBox.textContent ?? ""}`.split("\n").slice(0, 12).join("\n");
}

button.addEventListener("click", () => void addGodotPlayer().catch((error: unknown) => (status.textContent = String(error))));
chat.addEventListener("keydown", (event) => {
  if (event.key !== "Enter" || chat.value.trim() === "") return;
  players[0]!.main.rpc("said", chat.value.trim());
  chat.value = "";
});

let last = performance.now();
let shown = 0;
function tick(now: number): void {
  const dt = Math.min(0.1, (now - last) / 1000);
  last = now;
  for (const player of players) player.frame(dt);
  const me = players[0]!;
  for (const line of me.heard.slice(shown)) log(line);
  shown = me.heard.length;
  if (me.scene.get_peers().includes(GODOT_ID)) status.textContent = `players ${[1, ...me.scene.get_peers()].sort().join(", ")}`;
  arena.clearRect(0, 0, 800, 500);
  for (const [id, position] of me.positions) {
    arena.fillStyle = COLORS[id] ?? "#ccc";
    arena.beginPath();
    arena.arc(position.x, position.y, 14, 0, Math.PI * 2);
    arena.fill();
    arena.fillStyle = "#fff";
    arena.font = "14px system-ui";
    arena.fillText(id === GODOT_ID ? "3 (Godot)" : String(id), position.x + 18, position.y + 5);
  }
}
function loop(now: number): void {
  tick(now);
  requestAnimationFrame(loop);
}
requestAnimationFrame(loop);
// Background tabs get no animation frames; keep the players polling (and the Godot link alive) anyway.
setInterval(() => {
  if (performance.now() - last > 200) tick(performance.now());
}, 100);
