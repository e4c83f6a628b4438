/**
 * A real Godot 4.6 (the official web export template, `node scripts/godot-engine.mjs` fetches it) as a test peer:
 * your GDScript runs in Chromium, in the same page as the library (`window.GodotWebRTC`, `window.harness`), so a
 * shim peer and a Godot peer can talk in one page. One engine per page; open more pages for more Godot players.
 *
 * ```ts
 * import { startGodot } from "./support/godot-peer";
 *
 * test("Godot says hello", async ({ page }) => {
 *   const godot = await startGodot(page, {
 *     scripts: {
 *       "main.gd": `extends Node
 * func _ready():
 * 	var who = await Bridge.next("who")     # waits for godot.send("who", …)
 * 	print("hello ", who)
 * 	Bridge.post("answer", {"n": 42, "bytes": var_to_bytes(7)})`,
 *     },
 *   });
 *   await godot.send("who", "shim");
 *   await godot.waitForLine("hello shim");
 *   const answer = await godot.next<{ n: number; bytes: Uint8Array }>("answer");
 *   // In the page, the same queues are window.godotBridge.send(name, value) / await window.godotBridge.next(name).
 * });
 * ```
 *
 * - `scripts` are `.gd` files by path (without `res://`); `main.gd` is the root Node of the default scene. Give
 *   `scene` (a `.tscn` text) for another scene, `files` for anything else in the pack.
 * - Every project has the autoload `Bridge` (e2e/support/godot-bridge.gd): `Bridge.post(name, value)`,
 *   `Bridge.take(name)` (null when nothing is queued), `await Bridge.next(name)`, `Bridge.js(code)`.
 *   Values are JSON: numbers reach GDScript as float (use `int()`), dictionary keys as strings, byte arrays
 *   (Uint8Array / PackedByteArray) travel base64 and arrive as bytes. Send Variants as `var_to_bytes` bytes.
 * - Tabs indent GDScript; mind them in template strings.
 * - Give the spec `test.describe.configure({ timeout: GODOT_TEST_TIMEOUT_MS })` (engine starts are slow under load).
 * - A lobby client in GDScript (Godot's signaling protocol, WebRTCMultiplayerPeer wired as a game does):
 *   e2e/support/godot-lobby-client.gd; e2e/godot/lobby.spec.ts shows how to pack and drive it.
 * - `print()` lands in `lines` (and the test output as `[godot out]`); errors (`push_error`, script errors) in
 *   `errors`. A script error does not stop the engine: waits time out with the last errors in their message.
 * - The engine files are served by the e2e dev server from node_modules/.cache/godot-4.6/ (the browser caches the
 *   compiled wasm, so later engines start faster); the pack by `page.route`. `startMs` is how long the start took.
 * - Harmless noise: "Could not load global script cache" and a `null function` page error in headless mode.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, type Page } from "@playwright/test";
import { GODOT_BUILD, godotEngineDir } from "../../scripts/godot-engine.mjs";
import { fromWire, toWire } from "../fixtures/godot-bridge";
import { MAIN_SCENE, projectGodot, writePck } from "./godot-pck";

/**
 * The time limit for a test with Godot peers: `test.describe.configure({ timeout: GODOT_TEST_TIMEOUT_MS })`. An
 * engine starts in ~3 s on a quiet machine and in up to ~20 s on a loaded one; every wait inside has its own deadline.
 */
export const GODOT_TEST_TIMEOUT_MS = 120_000;

/** What a Godot test project holds. */
export interface GodotProject {
  /** `.gd` scripts by path without `res://`, e.g. `{ "main.gd": "extends Node\n…" }`. */
  scripts: Record<string, string>;
  /** The main scene's `.tscn` text; by default one Node running `main.gd`. */
  scene?: string;
  /** More files for the pack, by path without `res://`. */
  files?: Record<string, string | Uint8Array>;
  /** How long the engine may take to start and run the Bridge autoload (default 60 s; ~1 s on a quiet machine). */
  startTimeoutMs?: number;
}

/** A running Godot peer in `page`. */
export interface GodotPeer {
  readonly page: Page;
  /** The engine build, "v4.6.stable.official.89cea1439". */
  readonly build: string;
  /** How long the engine took to start (page load to the `Bridge` autoload running), in ms. */
  startMs: number;
  /** Lines the engine printed with `print()`, in order. */
  readonly lines: readonly string[];
  /** Lines the engine printed as errors, in order. */
  readonly errors: readonly string[];
  /** Resolves with the first printed line (so far or later) matching `match`. */
  waitForLine(match: string | RegExp, timeoutMs?: number): Promise<string>;
  /** Queues `value` (JSON, Uint8Array allowed) for GDScript's `Bridge.take(name)` / `await Bridge.next(name)`. */
  send(name: string, value: unknown): Promise<void>;
  /** Resolves with the next value GDScript posted with `Bridge.post(name, value)`. */
  next<T = unknown>(name: string, timeoutMs?: number): Promise<T>;
  /** Every value posted under `name` since the last read, at once (for event logs: poll it with expect.poll). */
  drain<T = unknown>(name: string): Promise<T[]>;
}

const BRIDGE_GD = readFileSync(join(import.meta.dirname, "godot-bridge.gd"), "utf8");
let packs = 0;

const PROJECT_GODOT = projectGodot("godot-webrtc-shim test peer", `[autoload]
Bridge="*res://bridge.gd"
`);

/** What Godot logs for every test project and means nothing here (no global class cache in a hand-made pack). */
const HARMLESS = /Could not load global script cache|get_global_class_list/;

/** Opens e2e/fixtures/godot.html in `page`, starts Godot on `project` and resolves once its scripts run. */
export async function startGodot(page: Page, project: GodotProject): Promise<GodotPeer> {
  if (!existsSync(join(godotEngineDir(), "index.wasm"))) {
    throw new Error("the Godot engine files are missing: run `node scripts/godot-engine.mjs` (npm run test:e2e does)");
  }
  const pack = Buffer.from(writePck({
    "project.godot": PROJECT_GODOT,
    "main.tscn": project.scene ?? MAIN_SCENE,
    "bridge.gd": BRIDGE_GD,
    ...project.scripts,
    ...project.files,
  }));
  const packPath = `/godot-pack/${++packs}.pck`;
  await page.route(`**${packPath}`, (route) => route.fulfill({ body: pack, contentType: "application/octet-stream" }));

  const lines: string[] = [];
  const errors: string[] = [];
  const lineWaiters = new Set<() => void>();
  page.on("console", (message) => {
    const text = message.text();
    const out = text.startsWith("[godot out] ");
    if (!out && !text.startsWith("[godot err] ")) return;
    const line = text.slice("[godot out] ".length);
    if (!out && HARMLESS.test(line)) return;
    (out ? lines : errors).push(line);
    console.log(`[godot ${out ? "out" : "err"}] ${line}`);
    lineWaiters.forEach((wake) => wake());
  });
  const lastErrors = (): string => (errors.length > 0 ? `; last Godot errors:\n  ${errors.slice(-5).join("\n  ")}` : "");

  const peer: GodotPeer = {
    page,
    build: GODOT_BUILD,
    startMs: 0,
    lines,
    errors,
    waitForLine(match, timeoutMs = 20_000) {
      const test = (line: string): boolean => (typeof match === "string" ? line.includes(match) : match.test(line));
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const line = lines.find(test);
          if (line === undefined) return;
          cleanup();
          resolve(line);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out after ${timeoutMs} ms waiting for Godot to print ${match}${lastErrors()}`));
        }, timeoutMs);
        const cleanup = (): void => {
          clearTimeout(timer);
          lineWaiters.delete(check);
        };
        lineWaiters.add(check);
        check();
      });
    },
    async send(name, value) {
      await page.evaluate(([key, json]) => window.godotBridge.sendJson(key, json), [name, toWire(value)] as const);
    },
    async next<T>(name: string, timeoutMs = 20_000) {
      try {
        const json = await page.evaluate(([key, ms]) => window.godotBridge.nextJson(key, ms), [name, timeoutMs] as const);
        return fromWire(json) as T;
      } catch (error) {
        throw new Error(`${(error as Error).message}${lastErrors()}`);
      }
    },
    async drain<T>(name: string) {
      return (await page.evaluate((key) => window.godotBridge.drainJson(key), name)).map((json) => fromWire(json) as T);
    },
  };

  const started = Date.now();
  await page.goto("/e2e/fixtures/godot.html");
  await expect(page, "godot.html did not finish loading").toHaveTitle("godot-page-ready");
  await page.evaluate((url) => window.startGodot(url), packPath);
  await peer.next("__ready", project.startTimeoutMs ?? 60_000);
  peer.startMs = Date.now() - started;
  return peer;
}
