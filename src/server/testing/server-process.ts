// A SignalingServer in a child process, for tests that measure its memory (RSS from /proc) or kill it. The
// server's source is bundled once per test worker with rolldown (Vite's bundler, already installed) into
// node_modules/.cache, where `ws` and the other dependencies resolve.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { threadId } from "node:worker_threads";
import { build } from "rolldown";
import type { SignalingServerOptions } from "../server-options";

const ROOT = join(import.meta.dirname, "..", "..", "..");
// One folder per test worker: workers bundling at once never read each other's half-written files.
const CACHE = join(ROOT, "node_modules", ".cache", "signaling-server-process", `${process.pid}-${threadId}`);
const RUNNER = `import { SignalingServer } from "./server.mjs";
const server = await SignalingServer.listen(JSON.parse(process.argv[2]));
process.stdout.write("listening " + server.port + " " + server.metricsPort + "\\n");
process.on("SIGTERM", () => server.close().then(() => process.exit(0)));
`;

let bundled: Promise<string> | null = null;

/** Bundles src/server.ts (once) and returns the runner script's path. */
function bundle(): Promise<string> {
  bundled ??= (async () => {
    mkdirSync(CACHE, { recursive: true });
    process.once("exit", () => rmSync(CACHE, { recursive: true, force: true }));
    await build({ input: join(ROOT, "src", "server.ts"), platform: "node", external: [/^[^./]/], output: { file: join(CACHE, "server.mjs"), format: "esm" }, logLevel: "silent" });
    const runner = join(CACHE, "runner.mjs");
    writeFileSync(runner, RUNNER);
    return runner;
  })();
  return bundled;
}

/** One server process. */
export class ServerProcess {
  readonly #child: ChildProcess;
  readonly port: number;
  /** The metrics endpoint's port, or null. */
  readonly metricsPort: number | null;
  #output: string;

  private constructor(child: ChildProcess, port: number, metricsPort: number | null, output: string) {
    this.#child = child;
    this.port = port;
    this.metricsPort = metricsPort;
    this.#output = output;
    child.stdout?.on("data", (chunk: Buffer) => (this.#output += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (this.#output += chunk.toString()));
  }

  /** Starts a server with `options` (no `log`: it goes to stdout when `verbose`); resolves once it listens. */
  static async start(options: Omit<SignalingServerOptions, "log" | "server"> = {}, ms = 15_000): Promise<ServerProcess> {
    const runner = await bundle();
    const child = spawn(process.execPath, [runner, JSON.stringify({ port: 0, host: "127.0.0.1", ...options })], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const [port, metrics] = await new Promise<[number, string]>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the server process did not start within ${ms} ms:\n${output}`)), ms);
      const read = (chunk: Buffer): void => {
        output += chunk.toString();
        const match = /listening (\d+) (\S+)/.exec(output);
        if (!match) return;
        clearTimeout(timer);
        resolve([Number(match[1]), match[2]!]);
      };
      child.stdout.on("data", read);
      child.stderr.on("data", read);
      child.once("exit", (code) => reject(new Error(`the server process exited with ${code}:\n${output}`)));
    });
    child.stdout.removeAllListeners("data");
    child.stderr.removeAllListeners("data");
    return new ServerProcess(child, port, metrics === "null" ? null : Number(metrics), output);
  }

  /** Its WebSocket URL. */
  get url(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** What it printed. */
  get output(): string {
    return this.#output;
  }

  /** Its resident memory now and its peak so far, in bytes (Linux /proc). */
  memory(): { rss: number; peak: number } {
    const status = readFileSync(`/proc/${this.#child.pid}/status`, "utf8");
    const kib = (field: string): number => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? Number.NaN) * 1024;
    return { rss: kib("VmRSS"), peak: kib("VmHWM") };
  }

  /** Sends `signal` (SIGSTOP, SIGCONT…) without waiting. */
  signal(signal: NodeJS.Signals): void {
    this.#child.kill(signal);
  }

  /** Sends `signal` and waits for the process to exit. */
  async stop(signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.#child.once("exit", resolve));
    this.#child.kill(signal);
    await exited;
  }
}
