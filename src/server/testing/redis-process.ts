// Debian's redis-server for the tests: started on 127.0.0.1 on a free port with no persistence, stopped (or
// killed and started again on the same port) by the test. `npm test` installs it (scripts/ensure-tools.mjs).
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";

/** Where redis-server is: $REDIS_SERVER_PATH or Debian's path. */
export const REDIS_SERVER = process.env.REDIS_SERVER_PATH ?? "/usr/bin/redis-server";

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** One redis-server process. */
export class RedisProcess {
  readonly port: number;
  #child: ChildProcess | null = null;

  private constructor(port: number) {
    this.port = port;
  }

  /** Starts redis-server on a free port; rejects with the way to install it when it is missing. */
  static async start(): Promise<RedisProcess> {
    if (!existsSync(REDIS_SERVER)) throw new Error(`${REDIS_SERVER} not found: run \`node scripts/ensure-tools.mjs redis\` (Debian's redis-server) or set REDIS_SERVER_PATH`);
    const redis = new RedisProcess(await freePort());
    await redis.restart();
    return redis;
  }

  /** Its URL. */
  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts it again on the same port (after `stop()`), empty; resolves once it accepts connections. */
  async restart(ms = 10_000): Promise<void> {
    const args = ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes", "--loglevel", "warning"];
    const child = spawn(REDIS_SERVER, args, { stdio: ["ignore", "pipe", "pipe"] });
    this.#child = child;
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const started = Date.now();
    for (;;) {
      if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}:\n${output}`);
      if (await accepts(this.port)) return;
      if (Date.now() - started > ms) throw new Error(`redis-server did not accept connections within ${ms} ms:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** Kills it (SIGKILL: nothing is saved, clients see the connection drop) and waits for it to exit. */
  async stop(): Promise<void> {
    const child = this.#child;
    this.#child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
  }
}

async function accepts(port: number): Promise<boolean> {
  const { connect } = await import("node:net");
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.end("PING\r\n");
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
