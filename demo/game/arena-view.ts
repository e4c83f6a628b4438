// Draws the players as labelled dots. Each dot is an element `.dot[data-peer-id]` whose `data-x` / `data-y` hold the
// position last known (rounded), so tests and scripts read what the game believes; the drawn position glides
// towards it, so 20 position updates a second look smooth.
import { ARENA } from "./game-messages";
import type { Player } from "./game-session";
import { colorOf } from "./player-colors";

const GLIDE_PER_SECOND = 18;

interface Dot {
  element: HTMLElement;
  shownX: number;
  shownY: number;
}

/** The arena element and its dots. */
export class ArenaView {
  readonly #element: HTMLElement;
  readonly #dots = new Map<number, Dot>();

  /** Draws into `element`; a click there calls `onAim` with the point in arena units. */
  constructor(element: HTMLElement, onAim: (x: number, y: number) => void) {
    this.#element = element;
    element.addEventListener("pointerdown", (event) => {
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) return;
      onAim(((event.clientX - box.left) / box.width) * ARENA.width, ((event.clientY - box.top) / box.height) * ARENA.height);
    });
  }

  /** Adds, moves and removes dots so that they match `players`; `selfId`'s dot is drawn as ours. */
  render(players: ReadonlyMap<number, Player>, selfId: number, dt: number): void {
    for (const [id, dot] of this.#dots) {
      if (players.has(id)) continue;
      dot.element.remove();
      this.#dots.delete(id);
    }
    const glide = Math.min(1, dt * GLIDE_PER_SECOND);
    for (const player of players.values()) {
      let dot = this.#dots.get(player.id);
      if (dot === undefined) {
        dot = { element: this.#newDot(player.id, player.id === selfId), shownX: player.x, shownY: player.y };
        this.#dots.set(player.id, dot);
      }
      const own = player.id === selfId;
      dot.shownX = own ? player.x : dot.shownX + (player.x - dot.shownX) * glide;
      dot.shownY = own ? player.y : dot.shownY + (player.y - dot.shownY) * glide;
      const { element } = dot;
      element.style.left = `${(dot.shownX / ARENA.width) * 100}%`;
      element.style.top = `${(dot.shownY / ARENA.height) * 100}%`;
      setData(element, "x", String(Math.round(player.x)));
      setData(element, "y", String(Math.round(player.y)));
    }
  }

  #newDot(id: number, own: boolean): HTMLElement {
    const element = document.createElement("div");
    element.className = own ? "dot own" : "dot";
    element.dataset.peerId = String(id);
    element.style.setProperty("--dot-color", colorOf(id));
    element.setAttribute("role", "img");
    element.setAttribute("aria-label", own ? `you, peer ${id}` : `peer ${id}`);
    const label = document.createElement("span");
    label.className = "dot-label";
    label.textContent = own ? `${id} (you)` : String(id);
    element.append(label);
    this.#element.append(element);
    return element;
  }
}

function setData(element: HTMLElement, key: string, value: string): void {
  if (element.dataset[key] !== value) element.dataset[key] = value;
}
