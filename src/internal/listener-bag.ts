/** The browser objects we listen to: anything with `addEventListener` (RTCPeerConnection, RTCDataChannel). */
export type ListenerTarget = Pick<EventTarget, "addEventListener">;

/**
 * Browser event handlers attached through one `AbortController`, so closing detaches all of them in one call.
 */
export class ListenerBag {
  #controller = new AbortController();

  /** Listens to `type` on `target` until `detachAll()`. */
  on<E>(target: ListenerTarget, type: string, listener: (event: E) => void): void {
    target.addEventListener(type, listener as unknown as EventListener, { signal: this.#controller.signal });
  }

  /** Detaches every handler attached so far; the bag can be used again afterwards. */
  detachAll(): void {
    this.#controller.abort();
    this.#controller = new AbortController();
  }
}
