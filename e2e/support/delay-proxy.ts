// A UDP forwarder on 127.0.0.1 that holds every datagram for a fixed delay each way, put in front of coturn so a
// relayed connection has a round trip long enough to compare figures with (loopback alone is ~0.3 ms, below
// the 1 ms resolution Chromium reports its RTT in). No `tc netem` needed: the sch_netem module is not loaded here.
import { createSocket, type Socket } from "node:dgram";

/** A running forwarder. */
export interface DelayProxy {
  /** The port clients send to (127.0.0.1). */
  readonly port: number;
  /** Datagrams forwarded, both ways. */
  forwarded(): number;
  /** Closes every socket and drops the datagrams still held. Idempotent. */
  stop(): Promise<void>;
}

function bound(socket: Socket): Promise<number> {
  return new Promise((resolve, reject) => {
    socket.once("error", reject);
    socket.bind(0, "127.0.0.1", () => resolve(socket.address().port));
  });
}

/** Forwards UDP from a new port to 127.0.0.1:`targetPort`, `delayMs` later each way; one upstream socket per client. */
export async function startDelayProxy(targetPort: number, delayMs: number): Promise<DelayProxy> {
  const front = createSocket("udp4");
  const upstream = new Map<string, Socket>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let count = 0;
  let stopped = false;
  const later = (send: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (stopped) return;
      count++;
      send();
    }, delayMs);
    timers.add(timer);
  };
  front.on("message", (message, client) => {
    const key = `${client.address}:${client.port}`;
    let socket = upstream.get(key);
    if (socket === undefined) {
      const made = createSocket("udp4");
      socket = made;
      upstream.set(key, made);
      made.on("message", (answer) => later(() => front.send(answer, client.port, client.address)));
      made.on("error", () => {});
      made.bind(0, "127.0.0.1");
    }
    const out = socket;
    later(() => out.send(message, targetPort, "127.0.0.1"));
  });
  front.on("error", () => {});
  const port = await bound(front);
  return {
    port,
    forwarded: () => count,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      for (const socket of [front, ...upstream.values()]) socket.close();
    },
  };
}
