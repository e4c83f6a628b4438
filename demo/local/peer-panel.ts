// The on-screen panel of one peer, cloned from `#peer-template`. It only draws; `ChatPeer` decides what to show.
// Element ids are `<id>-connection`, `-gathering`, `-signaling`, `-channel`, `-log`, `-chat`, `-input` and
// `-send` (for example `alice-log`), so tests and screen readers can find each part.

/** What a log line is about: a signal, something the demo did, or a failure. */
export type LogKind = "signal" | "action" | "error";

/** The states a panel shows, already formatted as `"NAME (number)"`, with the raw numbers as data attributes. */
export type PanelStates = Record<"connection" | "gathering" | "signaling" | "channel", { text: string; value: number | null }>;

/** Signal-log and chat lines kept per peer; older ones are removed. */
const MAX_LOG_LINES = 200;

/** One peer's column: its states, its signal log and its chat. */
export class PeerPanel {
  readonly #fields = new Map<string, HTMLElement>();

  /**
   * Clones the template into `parent`.
   * @param id prefix of the element ids (`"alice"`).
   * @param title the peer's display name (`"Alice"`).
   * @param onSend called with the trimmed text when the user sends a message.
   */
  constructor(id: string, title: string, parent: HTMLElement, onSend: (text: string) => void) {
    const template = document.querySelector<HTMLTemplateElement>("#peer-template");
    if (template === null) throw new Error("demo page is missing #peer-template");
    const section = (template.content.firstElementChild as HTMLElement).cloneNode(true) as HTMLElement;
    section.id = id;
    section.setAttribute("aria-label", title);
    (section.querySelector(".peer-name") as HTMLElement).textContent = title;
    for (const element of section.querySelectorAll<HTMLElement>("[data-field]")) {
      const field = element.dataset.field as string;
      element.id = `${id}-${field}`;
      this.#fields.set(field, element);
    }
    this.#field("log").setAttribute("aria-label", `${title} signal log`);
    this.#field("chat").setAttribute("aria-label", `${title} chat`);
    const label = this.#field("label");
    label.textContent = `Message from ${title}`;
    label.setAttribute("for", `${id}-input`);
    const input = this.#field("input") as HTMLInputElement;
    this.#field("form").addEventListener("submit", (event) => {
      event.preventDefault();
      const text = input.value.trim();
      if (text === "") return;
      onSend(text);
      input.value = "";
    });
    parent.append(section);
  }

  /** Redraws the four states; cheap to call every frame since unchanged text is left alone. */
  showStates(states: PanelStates): void {
    for (const [field, { text, value }] of Object.entries(states)) {
      const element = this.#field(field);
      if (element.textContent === text) continue;
      element.textContent = text;
      element.dataset.value = value === null ? "" : String(value);
    }
  }

  /** Enables the message box while the chat channel is open. */
  setChatOpen(open: boolean): void {
    const fieldset = this.#field("fieldset") as HTMLFieldSetElement;
    if (fieldset.disabled !== !open) {
      fieldset.disabled = !open;
      (this.#field("input") as HTMLInputElement).placeholder = open ? "Type and press Enter" : "Open the connection to chat";
    }
  }

  /**
   * Appends a line to the signal log: `name` in bold, then `detail`, stamped with the time since the page opened
   * (one clock for both panels, so their lines can be compared).
   */
  log(kind: LogKind, name: string, detail: string): void {
    const log = this.#field("log");
    const item = document.createElement("li");
    item.className = kind;
    item.title = `${name} ${detail}`;
    const time = document.createElement("time");
    time.textContent = `${(performance.now() / 1000).toFixed(3)}s`;
    const strong = document.createElement("strong");
    strong.textContent = name;
    item.append(time, " ", strong, " ", detail);
    log.append(item);
    while (log.childElementCount > MAX_LOG_LINES) log.firstElementChild?.remove();
    log.scrollTop = log.scrollHeight;
  }

  /** Appends a chat line; `mine` lines are what this peer sent. */
  addChat(from: string, text: string, mine: boolean): void {
    const chat = this.#field("chat");
    const item = document.createElement("li");
    item.className = mine ? "mine" : "theirs";
    const who = document.createElement("b");
    who.textContent = `${from}: `;
    item.append(who, text);
    chat.append(item);
    while (chat.childElementCount > MAX_LOG_LINES) chat.firstElementChild?.remove();
    chat.scrollTop = chat.scrollHeight;
  }

  /** Empties the log and the chat, for a fresh start. */
  clear(): void {
    this.#field("log").replaceChildren();
    this.#field("chat").replaceChildren();
  }

  #field(name: string): HTMLElement {
    const element = this.#fields.get(name);
    if (element === undefined) throw new Error(`peer panel has no field "${name}"`);
    return element;
  }
}
