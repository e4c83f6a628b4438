// The side panel's table of peers: one row `tr[data-peer-id]` per peer of the multiplayer peer, with cells
// `[data-field=state|connected|rtt|transport_rtt|sent|received]` and a "relayed" badge by the id
// (`[data-badge=relayed]`, shown while the pair goes through TURN). Cells are only written when their text changes.
import { ConnectionState } from "godot-webrtc-shim";
import { enumLabel } from "./enum-label";
import type { PeerRow } from "./game-session";
import { colorOf } from "./player-colors";

const FIELDS = ["state", "connected", "rtt", "transport_rtt", "sent", "received"] as const;

/** Keeps a `<tbody>` in step with the session's peers. */
export class PeerTableView {
  readonly #body: HTMLTableSectionElement;
  readonly #empty: HTMLElement;
  readonly #rows = new Map<number, HTMLTableRowElement>();

  /** Fills `body`; `empty` is shown while there are no peers. */
  constructor(body: HTMLTableSectionElement, empty: HTMLElement) {
    this.#body = body;
    this.#empty = empty;
  }

  /** Shows exactly `rows`, in their order. */
  render(rows: readonly PeerRow[]): void {
    const ids = new Set(rows.map((row) => row.id));
    for (const [id, element] of this.#rows) {
      if (ids.has(id)) continue;
      element.remove();
      this.#rows.delete(id);
    }
    for (const [index, row] of rows.entries()) {
      const element = this.#rows.get(row.id) ?? this.#newRow(row.id);
      const texts = {
        state: enumLabel(ConnectionState, row.state),
        connected: row.connected ? "yes" : "no",
        rtt: row.rtt === null ? "–" : `${row.rtt.toFixed(1)} ms`,
        transport_rtt: row.transportRtt === null ? "–" : `${row.transportRtt.toFixed(1)} ms`,
        sent: String(row.sent),
        received: String(row.received),
      };
      for (const field of FIELDS) {
        const cell = element.querySelector<HTMLElement>(`[data-field="${field}"]`);
        if (cell !== null && cell.textContent !== texts[field]) cell.textContent = texts[field];
      }
      element.dataset.connected = String(row.connected);
      const badge = element.querySelector<HTMLElement>("[data-badge=relayed]");
      if (badge !== null && badge.hidden === row.relayed) badge.hidden = !row.relayed;
      const current = this.#body.children[index];
      if (current !== element) this.#body.insertBefore(element, current ?? null);
    }
    this.#empty.hidden = rows.length > 0;
  }

  #newRow(id: number): HTMLTableRowElement {
    const row = document.createElement("tr");
    row.dataset.peerId = String(id);
    const idCell = document.createElement("th");
    idCell.scope = "row";
    const swatch = document.createElement("span");
    swatch.className = "swatch";
    swatch.style.background = colorOf(id);
    const badge = document.createElement("span");
    badge.className = "badge";
    badge.dataset.badge = "relayed";
    badge.title = "Through a TURN relay (get_stats(): a relay candidate)";
    badge.textContent = "relayed";
    badge.hidden = true;
    idCell.append(swatch, String(id), badge);
    row.append(idCell);
    for (const field of FIELDS) {
      const cell = document.createElement("td");
      cell.dataset.field = field;
      row.append(cell);
    }
    this.#rows.set(id, row);
    return row;
  }
}
