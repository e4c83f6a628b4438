// The package as a user installs it: `npm pack`, then an install of that tarball (`npm ci --offline`) into a fresh folder outside the
// repository, then everything a user does with it there. Its types under the bundler, node16 and nodenext
// resolutions (strict code passes, a wrong line fails), a Node script, a CommonJS script, a game's Vitest test, and
// a browser page with the script tag, all from the installed copy. Needs `npm run build` first (`npm test` does it).
// The install is offline (e2e/support/consumer.ts), so it runs in a second or two.
import { execFile } from "node:child_process";
import { cp, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import "./support/page-globals";
import { PROJECT_ROOT, requireDist } from "./support/bundle";
import { installPackedTarball } from "./support/consumer";
import { forwardPageProblems } from "./support/pages";
import { serveStatic } from "./support/static-server";

const run = promisify(execFile);
const CONSUMER = join(PROJECT_ROOT, "e2e", "fixtures", "consumer");
const TSC = join(PROJECT_ROOT, "node_modules", "typescript", "bin", "tsc");
const VITEST = join(PROJECT_ROOT, "node_modules", "vitest", "vitest.mjs");
const RESOLUTIONS = ["bundler", "node16", "nodenext"] as const;

test.describe.configure({ mode: "serial" });

let folder = "";
let installed = "";

/** Runs `file args` in the consumer folder; resolves with its output and exit code instead of throwing. */
async function inFolder(file: string, args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(file, args, { cwd: folder, timeout: 120_000, maxBuffer: 16 << 20 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string; message: string };
    return { code: typeof failed.code === "number" ? failed.code : 1, output: `${failed.stdout ?? ""}${failed.stderr ?? failed.message}` };
  }
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  requireDist(["index.js", "types/index.d.ts", "godot-webrtc-shim.iife.js"]);
  folder = await mkdtemp(join(tmpdir(), "godot-webrtc-shim-consumer-"));
  await cp(CONSUMER, folder, { recursive: true });
  const output = await installPackedTarball(folder, ["@types/node"]);
  expect(output, "installing the package on this Node warns about engines").not.toContain("EBADENGINE");
  // node-datachannel is an optional peer dependency with a native binary; its types are all the type test needs.
  await symlink(join(PROJECT_ROOT, "node_modules", "node-datachannel"), join(folder, "node_modules", "node-datachannel"));
  installed = join(folder, "node_modules", "godot-webrtc-shim");
});

test.afterAll(async () => {
  if (folder) await rm(folder, { recursive: true, force: true });
});

/** Writes tsconfig.<name>.json in the consumer folder: strict, checking `file` under `resolution`. */
async function tsconfig(name: string, resolution: (typeof RESOLUTIONS)[number], file: string, skipLibCheck: boolean): Promise<string> {
  const module = resolution === "bundler" ? "preserve" : resolution;
  const compilerOptions = { target: "ES2022", module, moduleResolution: resolution, lib: ["ES2023", "DOM"], types: ["node"], strict: true, noEmit: true, skipLibCheck };
  await writeFile(join(folder, `tsconfig.${name}.json`), JSON.stringify({ compilerOptions, files: [file] }, null, 2));
  return `tsconfig.${name}.json`;
}

for (const resolution of RESOLUTIONS) {
  test(`types: strict code type-checks against the tarball under moduleResolution ${resolution}, and a wrong line fails`, async () => {
    const cjs = resolution === "nodenext" ? ([["strict-cjs.cts", false]] as const) : [];
    for (const [file, skipLibCheck] of [["strict.ts", false], ["strict-node.ts", true], ...cjs] as const) {
      const good = await inFolder(process.execPath, [TSC, "--pretty", "false", "-p", await tsconfig(`${resolution}-${file}`, resolution, file, skipLibCheck)]);
      expect(good.output, `${file} under ${resolution}`).toBe("");
      expect(good.code).toBe(0);
    }
    const wrong = await inFolder(process.execPath, [TSC, "--pretty", "false", "-p", await tsconfig(`${resolution}-wrong`, resolution, "wrong.ts", false)]);
    const line = (await readFile(join(folder, "wrong.ts"), "utf8")).split("\n").findIndex((text) => text.includes("WRONG-LINE")) + 1;
    expect(wrong.code, `listen({ port: "not a number" }) compiled under ${resolution}: the types are any`).not.toBe(0);
    expect(wrong.output).toMatch(new RegExp(`wrong\\.ts\\(${line},\\d+\\): error TS2322`));
  });
}

test("the README's TypeScript examples type-check against the tarball (strict, nodenext)", async () => {
  const readme = await readFile(join(PROJECT_ROOT, "README.md"), "utf8");
  const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!);
  expect(blocks.length, "README.md's ```ts blocks").toBeGreaterThanOrEqual(3);
  const files = await Promise.all(blocks.map(async (code, index) => {
    const file = `readme-${index + 1}.ts`;
    await writeFile(join(folder, file), `${code}\nexport {};\n`);
    return file;
  }));
  const config = await tsconfig("readme", "nodenext", files[0]!, false);
  const withAll = JSON.parse(await readFile(join(folder, config), "utf8")) as { files: string[] };
  await writeFile(join(folder, config), JSON.stringify({ ...withAll, files: [...files, "readme-globals.d.ts"] }));
  const result = await inFolder(process.execPath, [TSC, "--pretty", "false", "-p", config]);
  expect(result.output, "README examples").toBe("");
});

test("Node: the ES module entries import and work without a browser, applying nothing", async () => {
  const result = await inFolder(process.execPath, ["node-esm.mjs"]);
  expect(result.code, result.output).toBe(0);
  expect(JSON.parse(result.output)).toEqual({ global: true, shimmed: "undefined", state: true, channel: "number", client: "function", port: "number", vector: [3, 4] });
});

test("Node: a CommonJS script require()s the entries", async () => {
  const result = await inFolder(process.execPath, ["node-cjs.cjs"]);
  expect(result.code, result.output).toBe(0);
  expect(JSON.parse(result.output.trim().split("\n").at(-1)!)).toEqual({ shimmed: "undefined", state: true, port: "number", vector: [3, 4] });
});

test("Vitest: a game's unit test imports the main entry", async () => {
  const result = await inFolder(process.execPath, [VITEST, "run", "--root", folder, "--globals", "--environment", "node"]);
  expect(result.code, result.output).toBe(0);
  expect(result.output).toMatch(/1 passed/);
});

test("the tarball holds the licence and the sources every declaration map points at, and no test code", async () => {
  expect(existsSync(join(installed, "LICENSE")), "LICENSE").toBe(true);
  expect(existsSync(join(installed, "THIRD-PARTY-NOTICES.md")), "the bundled code's licences").toBe(true);
  const maps = (await readdir(join(installed, "dist"), { recursive: true })).filter((file) => file.endsWith(".d.ts.map"));
  expect(maps.length, "declaration maps").toBeGreaterThan(10);
  const missing: string[] = [];
  for (const map of maps) {
    const path = join(installed, "dist", map);
    const { sources } = JSON.parse(await readFile(path, "utf8")) as { sources: string[] };
    for (const source of sources) if (!existsSync(resolve(dirname(path), source))) missing.push(`${map} → ${source}`);
  }
  expect(missing, "declaration maps pointing at files the tarball lacks").toEqual([]);
  const shipped = await readdir(installed, { recursive: true });
  expect(shipped.filter((file) => /\.test\.|test-support|testing\/|test-kit/.test(file)), "test code in the tarball").toEqual([]);
});

test("a browser page with the installed script tag connects two peers", async ({ page }) => {
  const server = await serveStatic({ "/dist/": join(installed, "dist"), "/": join(PROJECT_ROOT, "e2e", "fixtures", "artefacts") });
  forwardPageProblems(page);
  try {
    await page.goto(`${server.url}/script-tag.html`);
    await expect(page, "the installed script tag did not load").toHaveTitle("ready");
    const result = await page.evaluate(() => window.connectAndExchange(window.GodotWebRTC.WebRTCPeerConnection));
    expect(result.connected).toEqual([2, 2]);
    expect(result.binary).toEqual({ bytes: [0, 1, 128, 255], wasString: false });
  } finally {
    await server.close();
  }
});
