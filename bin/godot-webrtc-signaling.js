#!/usr/bin/env node
// The signaling server of godot-webrtc-shim as a command: `godot-webrtc-signaling --port 9080 --host 127.0.0.1`.
// Runs the built server (dist/server.js); `npm run build` first when working from a checkout.
import { parseArgs } from "node:util";

const HELP = `Usage: godot-webrtc-signaling [options]

A WebSocket signaling server speaking the protocol of Godot's webrtc_signaling demo
(native Godot builds and web builds using godot-webrtc-shim can share it).

Options:
  --port <n>                  TCP port (default 9080; 0 picks a free one)
  --host <address>            interface to listen on (default 127.0.0.1; 0.0.0.0 for every IPv4 interface)
  --max-payload <bytes>       largest incoming frame (default 65536)
  --max-peers <n>             concurrent sockets (default 4096)
  --max-lobbies <n>           open lobbies (default 1024)
  --max-peers-per-lobby <n>   peers in one lobby, host included (default 64)
  --max-messages-per-second <n>  messages per socket per second (default 256)
  --join-timeout <ms>         time to join a lobby after connecting (default 1000)
  --seal-timeout <ms>         time between a seal and closing the lobby's sockets (default 10000)
  --ping-interval <ms>        WebSocket ping period; silent sockets are dropped (default 10000)
  --max-queued-bytes <n>      bytes queued for one socket before it is closed as not reading (default 1048576)
  --request-timeout <ms>      time an upgrade request has to arrive complete (default 10000)
  --metrics-port <n>          serve /metrics (Prometheus text) and /health on this port (default: none)
  --metrics-host <address>    interface of the metrics endpoint (default 127.0.0.1)
  --redis <url>               keep lobbies in this Redis (redis://127.0.0.1:6379), shared by every instance
                              given the same URL; needs the ioredis package (default: in memory)
  --redis-prefix <prefix>     prefix of the Redis keys and channels (default signaling:)
  --heartbeat-interval <ms>   with --redis: heartbeat period; a dead instance's members are announced gone
                              within 4 periods (default 1000)
  --resume-secret <text>      resume extension: secret its tokens are signed with; give every instance (and a
                              restarted one) the same so clients resume there (default: random per process)
  --resume-grace <ms>         resume extension: how long a lost member keeps its seat (default 10000; 0 = none)
  --quiet                     do not log joins, seals and disconnections
  -h, --help                  show this help

Plain ws:// only: for wss:// put it behind a TLS reverse proxy (nginx, Caddy) that forwards WebSocket upgrades.`;

const NUMERIC = {
  port: "port",
  "max-payload": "maxPayload",
  "max-peers": "maxPeers",
  "max-lobbies": "maxLobbies",
  "max-peers-per-lobby": "maxPeersPerLobby",
  "max-messages-per-second": "maxMessagesPerSecond",
  "join-timeout": "joinTimeout",
  "seal-timeout": "sealTimeout",
  "ping-interval": "pingInterval",
  "max-queued-bytes": "maxQueuedBytes",
  "request-timeout": "requestTimeout",
  "metrics-port": "metricsPort",
  "heartbeat-interval": "heartbeatInterval",
  "resume-grace": "resumeGrace",
};

function fail(message) {
  console.error(`godot-webrtc-signaling: ${message}\n\n${HELP}`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    options: {
      ...Object.fromEntries(Object.keys(NUMERIC).map((name) => [name, { type: "string" }])),
      host: { type: "string" },
      "metrics-host": { type: "string" },
      redis: { type: "string" },
      "redis-prefix": { type: "string" },
      "resume-secret": { type: "string" },
      quiet: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
} catch (error) {
  fail(error.message);
}
const { values } = parsed;
if (values.help) {
  console.log(HELP);
  process.exit(0);
}

const options = { host: values.host, metricsHost: values["metrics-host"], redis: values.redis, redisPrefix: values["redis-prefix"], resumeSecret: values["resume-secret"], log: values.quiet ? undefined : (message) => console.log(message) };
for (const [flag, key] of Object.entries(NUMERIC)) {
  if (values[flag] === undefined) continue;
  const value = Number(values[flag]);
  if (!Number.isInteger(value)) fail(`--${flag} must be an integer, got "${values[flag]}"`);
  options[key] = value;
}

const { SignalingServer } = await import("../dist/server.js").catch((error) => {
  console.error(`godot-webrtc-signaling: cannot load dist/server.js (${error.message}); run \`npm run build\` first.`);
  process.exit(1);
});

let server;
try {
  server = await SignalingServer.listen(options);
} catch (error) {
  console.error(`godot-webrtc-signaling: ${error.message}`);
  process.exit(1);
}
const shownHost = (options.host ?? "127.0.0.1").includes(":") ? `[${options.host}]` : options.host ?? "127.0.0.1";
console.log(`Signaling server listening on ws://${shownHost}:${server.port}`);
if (server.metricsPort !== null) console.log(`Metrics on http://${options.metricsHost ?? "127.0.0.1"}:${server.metricsPort}/metrics`);

let stopping = false;
const stop = async (signal) => {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: closing every connection`);
  await server.close();
  process.exit(0);
};
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
