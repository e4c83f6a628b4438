// The game page: wires the form, keys and clicks to a GameSession, runs the frame loop and draws. URL parameters:
// ?lobby=NAME prefills the lobby, ?mode=mesh|server the kind, ?signaling=ws://… another signaling server.
import { GodotError } from "godot-webrtc-shim";
import { ArenaView } from "./arena-view";
import { GameSession, type Player, type SessionStatus } from "./game-session";
import { PeerTableView } from "./peer-table-view";
import { colorOf } from "./player-colors";

const KEYS: Readonly<Record<string, readonly [number, number]>> = {
  ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1],
  KeyA: [-1, 0], KeyD: [1, 0], KeyW: [0, -1], KeyS: [0, 1],
};
/** With the tab hidden the browser stops animation frames; a slower timer keeps a host relaying. */
const HIDDEN_TICK_MS = 100;
/** Chat and event lines kept on the page (the session keeps as many). */
const MAX_SHOWN_LINES = 200;

const params = new URLSearchParams(location.search);
const signalingUrl = params.get("signaling") ?? `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/signaling`;
const session = new GameSession();

const lobbyInput = element<HTMLInputElement>("#lobby-input");
const joinForm = element<HTMLFormElement>("#join-form");
const joinButton = element<HTMLButtonElement>("#join");
const leaveButton = element<HTMLButtonElement>("#leave");
const statusField = element<HTMLElement>("#status");
const lobbyName = element<HTMLOutputElement>("#lobby-name");
const lobbyKind = element<HTMLElement>("#lobby-kind");
const myId = element<HTMLOutputElement>("#my-id");
const shareLink = element<HTMLInputElement>("#share-link");
const copyButton = element<HTMLButtonElement>("#copy-link");
const chatForm = element<HTMLFormElement>("#chat-form");
const chatInput = element<HTMLInputElement>("#chat-input");
const chatSend = element<HTMLButtonElement>("#chat-send");
const chatLog = element<HTMLUListElement>("#chat-log");
const eventLog = element<HTMLOListElement>("#event-log");
const arenaElement = element<HTMLElement>("#arena");

element<HTMLElement>("#signaling-url").textContent = signalingUrl;
lobbyInput.value = params.get("lobby") ?? "";
if (params.get("mode") === "server") element<HTMLInputElement>('input[name="mode"][value="server"]').checked = true;

const arena = new ArenaView(arenaElement, (x, y) => {
  session.aimAt(x, y);
  arenaElement.focus();
});
const peerTable = new PeerTableView(element<HTMLTableSectionElement>("#peer-table tbody"), element<HTMLElement>("#no-peers"));

joinForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const mesh = new FormData(joinForm).get("mode") !== "server";
  if (session.join(signalingUrl, lobbyInput.value.trim(), mesh) === GodotError.OK) arenaElement.focus();
});
leaveButton.addEventListener("click", () => session.leave());
chatForm.addEventListener("submit", (event) => {
  event.preventDefault();
  if (session.say(chatInput.value) === GodotError.OK) chatInput.value = "";
});
copyButton.addEventListener("click", () => {
  shareLink.select();
  navigator.clipboard?.writeText(shareLink.value).then(
    () => flash(copyButton, "Copied"),
    () => flash(copyButton, "Press Ctrl+C"),
  );
});
window.addEventListener("pagehide", () => session.leave());

const pressed = new Set<string>();
window.addEventListener("keydown", (event) => {
  if (!(event.code in KEYS) || isTyping(event.target)) return;
  event.preventDefault();
  pressed.add(event.code);
  steer();
});
window.addEventListener("keyup", (event) => {
  if (pressed.delete(event.code)) steer();
});
window.addEventListener("blur", () => {
  pressed.clear();
  steer();
});

function steer(): void {
  let x = 0;
  let y = 0;
  for (const code of pressed) {
    const [dx, dy] = KEYS[code] ?? [0, 0];
    x += dx;
    y += dy;
  }
  session.steer(Math.sign(x), Math.sign(y));
}

// The frame loop: Godot's _process. One tick polls, reads, moves, sends; then the page is drawn.
let lastTick = performance.now();
function tick(now: number): void {
  const dt = Math.min(0.1, Math.max(0, (now - lastTick) / 1000));
  lastTick = now;
  session.tick(now, dt);
  draw(dt);
}
function frame(now: number): void {
  tick(now);
  requestAnimationFrame(frame);
}
requestAnimationFrame(frame);
setInterval(() => {
  if (performance.now() - lastTick >= HIDDEN_TICK_MS) tick(performance.now());
}, HIDDEN_TICK_MS);

let shownChat = 0;
let shownEvents = 0;
let shownLobby = "";
function draw(dt: number): void {
  const id = session.id;
  const status = session.status;
  arena.render(session.players, id, dt);
  peerTable.render(session.peerRows());
  setText(statusField, describeStatus(status, id));
  statusField.dataset.status = status;
  setText(myId, id === 0 ? "–" : String(id));
  const inLobby = status === "in lobby";
  const lobby = inLobby ? session.client.get_lobby() : "";
  setText(lobbyName, lobby || "–");
  setText(lobbyKind, inLobby ? (session.client.is_mesh() ? "(mesh)" : "(client/server)") : "");
  if (lobby !== shownLobby) showLobby(lobby);
  joinButton.disabled = status === "connecting" || inLobby;
  leaveButton.disabled = status === "idle";
  chatInput.disabled = chatSend.disabled = !inLobby;
  for (const line of session.chat.since(shownChat)) appendChat(line, id);
  shownChat = session.chat.total;
  for (const line of session.events.since(shownEvents)) appendLine(eventLog, line);
  shownEvents = session.events.total;
}

/** A lobby was joined (or left): the share link and the address bar carry its name and kind. */
function showLobby(lobby: string): void {
  shownLobby = lobby;
  copyButton.disabled = lobby === "";
  if (lobby === "") return void (shareLink.value = "");
  const mode = session.client.is_mesh() ? "mesh" : "server";
  element<HTMLInputElement>(`input[name="mode"][value="${mode}"]`).checked = true;
  const shared = new URLSearchParams({ lobby, mode });
  if (params.has("signaling")) shared.set("signaling", signalingUrl);
  const url = `${location.origin}${location.pathname}?${shared}`;
  shareLink.value = url;
  lobbyInput.value = lobby;
  history.replaceState(null, "", url);
}

function describeStatus(status: SessionStatus, id: number): string {
  if (status === "connecting") return "connecting to the signaling server…";
  if (status === "disconnected") return `disconnected: ${session.disconnectReason || "could not start"}`;
  if (status === "idle") return "not in a lobby";
  const role = session.client.is_mesh() ? "mesh member" : id === 1 ? "host, relaying for the clients" : "client of host 1";
  return `in the lobby as peer ${id} (${role})`;
}

function appendChat(line: { from: number; text: string }, selfId: number): void {
  const item = document.createElement("li");
  item.dataset.from = String(line.from);
  const who = document.createElement("b");
  who.style.color = colorOf(line.from);
  who.textContent = line.from === selfId ? `${line.from} (you)` : String(line.from);
  item.append(who, `: ${line.text}`);
  chatLog.append(item);
  while (chatLog.childElementCount > MAX_SHOWN_LINES) chatLog.firstElementChild?.remove();
  chatLog.scrollTop = chatLog.scrollHeight;
}

function appendLine(list: HTMLElement, text: string): void {
  const item = document.createElement("li");
  item.textContent = text;
  list.append(item);
  while (list.childElementCount > MAX_SHOWN_LINES) list.firstElementChild?.remove();
  list.scrollTop = list.scrollHeight;
}

function flash(button: HTMLButtonElement, text: string): void {
  const original = button.textContent;
  button.textContent = text;
  setTimeout(() => (button.textContent = original), 1500);
}

function setText(target: HTMLElement, text: string): void {
  if (target.textContent !== text) target.textContent = text;
}

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement;
}

function element<T extends Element>(selector: string): T {
  const found = document.querySelector<T>(selector);
  if (found === null) throw new Error(`game page is missing ${selector}`);
  return found;
}

/** What tests and the console can read: the session itself and a plain snapshot of the game. */
export interface GameDebug {
  session: GameSession;
  snapshot(): { id: number; status: SessionStatus; lobby: string; mesh: boolean; players: Player[]; events: string[]; chat: { from: number; text: string }[] };
}
const debug: GameDebug = {
  session,
  snapshot: () => ({
    id: session.id,
    status: session.status,
    lobby: session.client.get_lobby(),
    mesh: session.client.is_mesh(),
    players: [...session.players.values()].map((player) => ({ ...player })),
    events: [...session.events.items],
    chat: session.chat.items.map((line) => ({ ...line })),
  }),
};
(window as unknown as { game: GameDebug }).game = debug;
