// What every contender of the benchmark page shares: the connection config, the shape of one end of a pair, and
// the waiting helpers (back-to-back tasks rather than timers, so a wait never adds a 4 ms clamp to a figure).

export const CONFIG: RTCConfiguration = { iceServers: [] };
export const DEADLINE_MS = 60_000;

/** One side of a pair: how to send, the browser channel underneath (for backpressure) and who hears packets. */
export interface End {
  readonly channel: RTCDataChannel;
  send(bytes: Uint8Array): void;
  handler: ((byteLength: number) => void) | null;
}

export interface Pair {
  readonly a: End;
  readonly b: End;
}

/** The long-lived pairs of one contender: a reliable ordered channel and an unordered maxRetransmits: 0 one. */
export interface Pairs {
  readonly reliable: Pair;
  readonly unreliable: Pair;
  close(): void;
}

/** What the page needs from each contender besides its long-lived pairs. */
export interface Contender {
  /** Connects the long-lived pairs. */
  pairs(): Promise<Pairs>;
  /** A fresh pair from the first offer to the channel open on both sides, in ms. */
  setupTime(): Promise<number>;
  /** Opens one connection (one channel, open on both sides) and returns how to close it. */
  hold(): Promise<() => void>;
  /** Makes what `hold` reuses, before the first heap reading. */
  prepareMemory?(): Promise<void>;
}

/** Calls `step` in back-to-back tasks until it returns true; resolves with the time it did. */
export function spin(step: () => boolean, what: string): Promise<number> {
  const deadline = performance.now() + DEADLINE_MS;
  const channel = new MessageChannel();
  return new Promise((resolve, reject) => {
    channel.port1.onmessage = () => {
      const now = performance.now();
      if (step()) {
        channel.port1.close();
        resolve(now);
      } else if (now > deadline) {
        channel.port1.close();
        reject(new Error(`timed out: ${what}`));
      } else channel.port2.postMessage(0);
    };
    channel.port2.postMessage(0);
  });
}

/** `promise`, or a rejection naming `what` after `ms`. */
export function within<T>(promise: Promise<T>, what: string, ms = DEADLINE_MS): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
