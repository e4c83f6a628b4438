// npm run bench:signaling — the signaling server under load, on loopback: in memory in one process, then on
// Redis with one and with three instances, side by side in one run. Each setup gets BENCH_SOCKETS sockets
// (10,000 by default) in lobbies of 8 spread round-robin over its instances, then a relay phase.
// Measures joins per second, JOIN -> first PEER_CONNECT latency (p50/p99), relayed messages per second and the
// servers' resident memory per connected socket (/proc). Runs the built bin (npm run build first) and Debian's
// redis-server; the client is this one Node process, so on a small machine it is part of what is measured.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { WebSocket } from "ws";

const ROOT = join(import.meta.dirname, "..", "..");
const BIN = join(ROOT, "bin", "godot-webrtc-signaling.js");
const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 10_000);
const LOBBY = 8;
const CONCURRENT_LOBBIES = 32;
const RELAY_LOBBIES = 64;
const RELAY_MESSAGES = 400;
const REDIS = process.env.REDIS_SERVER_PATH ?? "/usr/bin/redis-server";
const SETUPS = [
  { name: "in memory, 1 process", instances: 1, redis: false },
  { name: "Redis, 1 instance", instances: 1, redis: true },
  { name: "Redis, 3 instances", instances: 3, redis: true },
];

if (!existsSync(join(ROOT, "dist", "server.js"))) throw new Error("dist/server.js missing: run `npm run build` first");

const freePort = () =>
  new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
const rss = (pid) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) * 1024;
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** Starts a process and resolves once its output matches `ready`. */
function startProcess(command, args, ready) {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  return new Promise((resolve, reject) => {
    const read = (chunk) => {
      output += chunk.toString();
      const match = ready.exec(output);
      if (match) resolve({ child, match });
    };
    child.stdout.on("data", read);
    child.stderr.on("data", read);
    child.once("exit", (code) => reject(new Error(`${command} exited with ${code}:\n${output}`)));
  });
}

const stop = (child) => new Promise((resolve) => (child.exitCode !== null ? resolve() : (child.once("exit", resolve), child.kill("SIGKILL"))));

/** A client socket with a queue of decoded messages and a way to await one. */
function open(url) {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  const inbox = [];
  let wake = null;
  ws.on("message", (data) => {
    inbox.push(JSON.parse(data.toString()));
    wake?.();
  });
  ws.on("error", () => {});
  const next = async (type) => {
    for (;;) {
      const index = inbox.findIndex((message) => message.type === type);
      if (index !== -1) return inbox.splice(index, 1)[0];
      if (ws.readyState > 1) throw new Error(`socket closed waiting for type ${type}`);
      await new Promise((resolve) => (wake = resolve));
    }
  };
  return new Promise((resolve, reject) => {
    ws.once("open", () => resolve({ ws, inbox, next, send: (type, id, data = "") => ws.send(JSON.stringify({ type, id, data })) }));
    ws.once("error", reject);
  });
}

async function runSetup(setup) {
  const processes = [];
  let redisUrl = null;
  if (setup.redis) {
    const port = await freePort();
    const { child } = await startProcess(REDIS, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], /Ready to accept connections/);
    processes.push(child);
    redisUrl = `redis://127.0.0.1:${port}`;
  }
  const urls = [];
  const servers = [];
  const limits = ["--max-peers", "100000", "--max-lobbies", "100000", "--max-messages-per-second", "1000000", "--join-timeout", "60000", "--ping-interval", "600000", "--quiet"];
  for (let i = 0; i < setup.instances; i++) {
    const { child, match } = await startProcess(process.execPath, [BIN, "--port", "0", ...limits, ...(redisUrl ? ["--redis", redisUrl] : [])], /listening on (ws:\/\/\S+)/);
    processes.push(child);
    servers.push(child);
    urls.push(match[1]);
  }
  const baseline = servers.reduce((sum, child) => sum + rss(child.pid), 0);
  const sockets = [];
  const latencies = [];
  const lobbies = [];
  let nextSocket = 0;
  const urlFor = () => urls[nextSocket++ % urls.length];
  const joinLobby = async () => {
    const host = await open(urlFor());
    sockets.push(host);
    host.send(0, 0, "");
    const name = (await host.next(0)).data;
    const guests = [];
    for (let k = 1; k < LOBBY; k++) {
      const guest = await open(urlFor());
      sockets.push(guest);
      const sent = performance.now();
      guest.send(0, 0, name);
      const id = (await guest.next(1)).id;
      await guest.next(2);
      latencies.push(performance.now() - sent);
      guests.push({ socket: guest, id });
    }
    lobbies.push({ host, guests });
  };
  const started = performance.now();
  const count = Math.ceil(SOCKETS / LOBBY);
  let launched = 0;
  await Promise.all(Array.from({ length: CONCURRENT_LOBBIES }, async () => {
    while (launched < count) {
      launched++;
      await joinLobby();
    }
  }));
  const joinSeconds = (performance.now() - started) / 1000;
  const memory = servers.reduce((sum, child) => sum + rss(child.pid), 0) - baseline;

  // Relay: in RELAY_LOBBIES lobbies every guest sends RELAY_MESSAGES offers to its host, all at once.
  const relaying = lobbies.slice(0, RELAY_LOBBIES);
  const expected = relaying.length * (LOBBY - 1) * RELAY_MESSAGES;
  for (const { host } of relaying) host.inbox.length = 0;
  const relayStarted = performance.now();
  const payload = "x".repeat(100);
  for (const { guests } of relaying) for (const { socket } of guests) for (let m = 0; m < RELAY_MESSAGES; m++) socket.send(4, 1, payload);
  const received = () => relaying.reduce((sum, { host }) => sum + host.inbox.filter((message) => message.type === 4).length, 0);
  while (received() < expected) {
    if (performance.now() - relayStarted > 60_000) throw new Error(`relay phase: ${received()} of ${expected} after 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const relaySeconds = (performance.now() - relayStarted) / 1000;
  for (const socket of sockets) socket.ws.terminate();
  for (const child of processes.reverse()) await stop(child);
  latencies.sort((a, b) => a - b);
  return {
    setup: setup.name,
    sockets: sockets.length,
    joinsPerSecond: Math.round(sockets.length / joinSeconds),
    p50Ms: Number(percentile(latencies, 50).toFixed(2)),
    p99Ms: Number(percentile(latencies, 99).toFixed(2)),
    relayedPerSecond: Math.round(expected / relaySeconds),
    kibPerSocket: Number((memory / sockets.length / 1024).toFixed(2)),
  };
}

const results = [];
for (const setup of SETUPS) {
  process.stdout.write(`${setup.name}: ${SOCKETS} sockets… `);
  const result = await runSetup(setup);
  console.log("done");
  results.push(result);
}
console.log("\n| setup | sockets | joins/s | JOIN → first PEER_CONNECT p50 / p99 | relayed msg/s | server RSS per socket |");
console.log("|---|---|---|---|---|---|");
for (const r of results) console.log(`| ${r.setup} | ${r.sockets.toLocaleString("en")} | ${r.joinsPerSecond.toLocaleString("en")} | ${r.p50Ms} / ${r.p99Ms} ms | ${r.relayedPerSecond.toLocaleString("en")} | ${r.kibPerSocket} KiB |`);
mkdirSync(join(ROOT, "bench", "results"), { recursive: true });
writeFileSync(join(ROOT, "bench", "results", "signaling.json"), `${JSON.stringify({ date: new Date().toISOString(), results }, null, 2)}\n`);
