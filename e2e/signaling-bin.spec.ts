// The published signaling server as users run it: the `godot-webrtc-signaling` bin (which loads dist/server.js)
// and the `godot-webrtc-shim/server` export. Needs `npm run build` first (`npm test` does it). No browser needed.
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { WebSocket } from "ws";
import { PROJECT_ROOT, requireDist } from "./support/bundle";

const BIN = join(PROJECT_ROOT, "bin", "godot-webrtc-signaling.js");

/** Collects a process's output and resolves with the server URL once it prints it. */
function listening(child: ChildProcess): { url: Promise<string>; output: () => string } {
  let output = "";
  const url = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the bin did not start within 10 s; output:\n${output}`)), 10_000);
    const read = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /listening on (ws:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout?.on("data", read);
    child.stderr?.on("data", read);
    child.once("exit", (code) => reject(new Error(`the bin exited with ${code}; output:\n${output}`)));
  });
  return { url, output: () => output };
}

/** Opens a socket and records its messages and close. */
async function socketTo(url: string): Promise<{ ws: WebSocket; messages: unknown[]; closed: Promise<[number, string]> }> {
  const ws = new WebSocket(url);
  const messages: unknown[] = [];
  ws.on("message", (data) => messages.push(JSON.parse(data.toString())));
  const closed = new Promise<[number, string]>((resolve) => ws.once("close", (code, reason) => resolve([code, reason.toString()])));
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  return { ws, messages, closed };
}

test("the bin serves Godot's protocol with the limits given on its command line, and shuts down on SIGTERM", async () => {
  requireDist(["server.js"]);
  const child = spawn(process.execPath, [BIN, "--port", "0", "--host", "127.0.0.1", "--join-timeout", "200", "--metrics-port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
  try {
    const { url, output } = listening(child);
    const address = await url;
    expect(address).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);

    const idle = await socketTo(address);
    expect(await idle.closed).toEqual([4000, "Have not joined lobby yet"]);

    const host = await socketTo(address);
    host.ws.send(JSON.stringify({ type: 0, id: 0, data: "" }));
    await expect.poll(() => host.messages.length, { message: "the host's ID and JOIN" }).toBe(2);
    expect(host.messages[0]).toEqual({ type: 1, id: 1, data: "true" });
    expect(output()).toContain("created (mesh)");
    const metricsUrl = /Metrics on (http:\/\/\S+)/.exec(output())?.[1];
    expect(metricsUrl, "the bin prints its metrics endpoint").toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(await (await fetch(metricsUrl!)).text()).toContain("signaling_lobbies 1\n");

    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    expect(await host.closed).toEqual([1001, "Server shutting down"]);
    expect(await exited).toBe(0);
  } finally {
    if (child.exitCode === null) child.kill("SIGKILL");
  }
});

test("the bin refuses an unknown flag or a non-integer limit with exit code 2 and its usage", async () => {
  requireDist(["server.js"]);
  for (const args of [["--bogus"], ["--max-peers", "many"]]) {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code, args.join(" ")).toBe(2);
    expect(stderr).toContain("Usage: godot-webrtc-signaling");
  }
});

test("godot-webrtc-shim/server and godot-webrtc-shim/signaling resolve through package.json exports", async () => {
  requireDist(["server.js", "signaling.js"]);
  const server = await import("godot-webrtc-shim/server" as string);
  expect(typeof server.SignalingServer.listen).toBe("function");
  expect(server.createSignalingServer, "one way to start a server: SignalingServer.listen()").toBeUndefined();
  expect(() => new server.SignalingServer({ port: 0 }), "the constructor skips the option checks listen() makes").toThrow(TypeError);
  const running = await server.SignalingServer.listen({ port: 0, host: "127.0.0.1" });
  expect(running.port).toBeGreaterThan(0);
  await running.close();
  const signaling = await import("godot-webrtc-shim/signaling" as string);
  expect(typeof signaling.SignalingClient).toBe("function");
  expect(signaling.MessageType.SEAL).toBe(7);
});
