// The measurements, the same code for every contender: a backpressured pump, throughput turns, ping-pong round
// trips. Each call measures one contender once; bench/run.mjs alternates the turns.
import { sleep, within, type End, type Pair } from "./common";

/** The sender pauses above HIGH buffered bytes and resumes at `bufferedamountlow` (LOW), the same for everyone. */
const HIGH = 2 * 1024 * 1024;
const LOW = 512 * 1024;

/** Sends `count` copies of `bytes` as fast as backpressure allows (the same pump for every contender). */
function pump(end: End, bytes: Uint8Array, count: number): Promise<void> {
  const channel = end.channel;
  channel.bufferedAmountLowThreshold = LOW;
  let sent = 0;
  return new Promise((resolve) => {
    const go = (): void => {
      while (sent < count) {
        if (channel.bufferedAmount > HIGH) {
          channel.addEventListener("bufferedamountlow", go, { once: true });
          return;
        }
        end.send(bytes);
        sent++;
      }
      resolve();
    };
    go();
  });
}

/** What one throughput turn saw; `errors` counts sends the contender refused. */
export interface ThroughputRun {
  ms: number;
  sent: number;
  received: number;
  bytes: number;
  lost: number;
  errors: number;
}

/**
 * One throughput turn: `count` messages of `size` bytes from a to b; time from the first send to the last
 * arrival. `errors()` reads the contender's refused-send counter.
 */
export async function throughput(name: string, { a, b }: Pair, reliable: boolean, size: number, count: number, errors: () => number): Promise<ThroughputRun> {
  const bytes = new Uint8Array(size).fill(7);
  let received = 0;
  let receivedBytes = 0;
  let last = 0;
  let finished = (): void => {};
  const all = new Promise<void>((resolve) => (finished = resolve));
  b.handler = (length) => {
    received++;
    receivedBytes += length;
    last = performance.now();
    if (received === count) finished();
  };
  const errorsBefore = errors();
  const start = performance.now();
  try {
    await within(pump(a, bytes, count), `${name} send`);
    if (reliable) {
      await within(all, `${name}: all ${count} messages of ${size} B (got ${received})`);
    } else {
      // Unreliable: whatever has not arrived 300 ms after the send buffer emptied is lost.
      let quietSince = performance.now();
      let seen = -1;
      while (received < count) {
        if (received !== seen || a.channel.bufferedAmount > 0) {
          seen = received;
          quietSince = performance.now();
        } else if (performance.now() - quietSince > 300) break;
        await sleep(10);
      }
    }
  } finally {
    b.handler = null;
  }
  return { ms: last - start, sent: count, received, bytes: receivedBytes, lost: count - received, errors: errors() - errorsBefore };
}

/** Ping-pong round trips of 64-byte messages, in milliseconds. */
export async function pingPong(name: string, { a, b }: Pair, rounds: number): Promise<number[]> {
  const ping = new Uint8Array(64);
  const samples: number[] = [];
  let sentAt = 0;
  const done = new Promise<void>((resolve) => {
    b.handler = () => b.send(ping);
    a.handler = () => {
      samples.push(performance.now() - sentAt);
      if (samples.length === rounds) return resolve();
      sentAt = performance.now();
      a.send(ping);
    };
  });
  sentAt = performance.now();
  a.send(ping);
  try {
    await within(done, `${name} ping-pong`);
  } finally {
    a.handler = b.handler = null;
  }
  return samples;
}
