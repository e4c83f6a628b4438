// The EventTarget under the fake browser objects of fake-rtc.ts and fake-rtc-data-channel.ts.

/** EventTarget that counts the listeners currently attached, so tests can check `close()` detaches them all. */
export class CountingEventTarget extends EventTarget {
  readonly #live = new Set<{ type: string; listener: unknown }>();

  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: AddEventListenerOptions | boolean): void {
    super.addEventListener(type, listener, options);
    if (listener === null) return;
    const signal = typeof options === "object" ? options.signal : undefined;
    if (signal?.aborted) return;
    const entry = { type, listener };
    this.#live.add(entry);
    signal?.addEventListener("abort", () => this.#live.delete(entry), { once: true });
  }

  override removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: EventListenerOptions | boolean): void {
    super.removeEventListener(type, listener, options);
    for (const entry of this.#live) if (entry.type === type && entry.listener === listener) this.#live.delete(entry);
  }

  /** Listeners attached and not detached, of `type` or of every type. */
  listenerCount(type?: string): number {
    let count = 0;
    for (const entry of this.#live) if (type === undefined || entry.type === type) count++;
    return count;
  }

  /** Dispatches an event of `type` carrying `fields` as read-only properties (like RTCPeerConnectionIceEvent). */
  fire(type: string, fields: Record<string, unknown> = {}): void {
    const event = new Event(type);
    for (const [key, value] of Object.entries(fields)) Object.defineProperty(event, key, { value, enumerable: true });
    this.dispatchEvent(event);
  }
}

