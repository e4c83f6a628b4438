// A real TURN relay for the end-to-end tests: Debian's coturn (`turnserver`) on 127.0.0.1 only, started from the
// test with a generated config (long-term credentials with a generated user and password, no TLS/DTLS, no CLI, no
// web admin), on a free port, and stopped afterwards. Ready means it answered a STUN binding request.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createSocket } from "node:dgram";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Where Debian's coturn package puts the server. */
export const TURNSERVER_PATH = process.env.TURNSERVER_PATH ?? "/usr/bin/turnserver";

/** A running coturn. */
export interface TurnServer {
  /** `turn:127.0.0.1:<port>` (UDP), for `iceServers[].urls`. */
  readonly url: string;
  readonly port: number;
  readonly username: string;
  readonly credential: string;
  /** The server's log so far (coturn writes one line per allocation, auth failure, …). */
  log(): string;
  /** Stops the server (SIGTERM, then SIGKILL after 5 s) and removes its files. Idempotent. */
  stop(): Promise<void>;
}

/** A UDP and TCP port on 127.0.0.1 that nothing listens on right now. */
async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => {
        const address = server.address();
        server.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0));
      });
    });
    // coturn also listens on UDP at the same port; take one that is free there too.
    const udpFree = await new Promise<boolean>((resolve) => {
      const socket = createSocket("udp4");
      socket.once("error", () => resolve(false));
      socket.bind(port, "127.0.0.1", () => socket.close(() => resolve(true)));
    });
    if (port > 0 && udpFree) return port;
  }
  throw new Error("no free port on 127.0.0.1 for coturn");
}

/** Sends a STUN binding request to 127.0.0.1:`port`; resolves whether a binding success response came back. */
function stunBindingAnswers(port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket("udp4");
    const transaction = randomBytes(12);
    const request = Buffer.alloc(20);
    request.writeUInt16BE(0x0001, 0); // Binding request, no attributes
    request.writeUInt32BE(0x2112a442, 4); // magic cookie
    transaction.copy(request, 8);
    const finish = (answered: boolean): void => {
      clearTimeout(timer);
      socket.close();
      resolve(answered);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.on("message", (message) => {
      if (message.length >= 20 && message.readUInt16BE(0) === 0x0101 && message.subarray(8, 20).equals(transaction)) finish(true);
    });
    socket.once("error", () => finish(false));
    socket.send(request, port, "127.0.0.1");
  });
}

/**
 * Starts coturn on 127.0.0.1 with a fresh user and password (or, with `again`, the port and login of a server
 * stopped before: the same relay coming back); resolves once it answers STUN. Fails with the install command if
 * coturn is missing, and with its log if it does not come up within `timeoutMs`.
 */
export async function startTurnServer(timeoutMs = 10_000, again?: Pick<TurnServer, "port" | "username" | "credential">): Promise<TurnServer> {
  if (!existsSync(TURNSERVER_PATH)) {
    throw new Error(`coturn is not installed (${TURNSERVER_PATH}). Install it with: apt-get install -y coturn (or set TURNSERVER_PATH)`);
  }
  const dir = await mkdtemp(join(tmpdir(), "godot-webrtc-turn-"));
  const port = again?.port ?? (await freePort());
  const username = again?.username ?? `user-${randomBytes(4).toString("hex")}`;
  const credential = again?.credential ?? randomBytes(12).toString("hex");
  const config = [
    "listening-ip=127.0.0.1",
    "relay-ip=127.0.0.1",
    `listening-port=${port}`,
    // Relay addresses are 127.0.0.1 too, so each peer's relay talks to the other's over loopback.
    "allow-loopback-peers",
    "lt-cred-mech",
    `user=${username}:${credential}`,
    "realm=godot-webrtc-shim.test",
    `userdb=${join(dir, "turndb")}`,
    `pidfile=${join(dir, "turnserver.pid")}`,
    "no-cli",
    "no-tls",
    "no-dtls",
    "no-rfc5780",
    "no-stun-backward-compatibility",
    "no-software-attribute",
    "no-multicast-peers",
    "log-file=stdout",
    "simple-log",
  ].join("\n");
  const configPath = join(dir, "turnserver.conf");
  await writeFile(configPath, `${config}\n`);

  const child: ChildProcess = spawn(TURNSERVER_PATH, ["-c", configPath], { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout?.on("data", (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let running = true;
  void exited.then(() => (running = false));

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    if (running) {
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(killer);
    }
    await rm(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + timeoutMs;
  while (!(await stunBindingAnswers(port, 250))) {
    if (!running || Date.now() > deadline) {
      await stop();
      throw new Error(`coturn did not answer STUN on 127.0.0.1:${port} within ${timeoutMs} ms${running ? "" : " (it exited)"}; its log:\n${log}`);
    }
  }
  return { url: `turn:127.0.0.1:${port}`, port, username, credential, log: () => log, stop };
}

/** Starts one coturn before the spec file's tests and stops it after them; the getter reads the running one. */
export function useTurnServer(hooks: { beforeAll(fn: () => Promise<void>): void; afterAll(fn: () => Promise<void>): void }): () => TurnServer {
  let server: TurnServer | undefined;
  hooks.beforeAll(async () => {
    server = await startTurnServer();
  });
  hooks.afterAll(async () => {
    await server?.stop();
  });
  return () => {
    if (server === undefined) throw new Error("useTurnServer: coturn is not running (called outside a test?)");
    return server;
  };
}
