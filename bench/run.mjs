#!/usr/bin/env node
// `npm run bench`: builds bench/page, serves it on a free loopback port (cross-origin isolated, so
// performance.now() has 5 µs resolution instead of 100 µs), drives Chromium through Playwright and measures raw
// RTCDataChannel, this library and PeerJS side by side in one page, in alternating turns. Prints a table with
// ratios to raw, writes bench/results/latest.json, bench/results/chart.html and bench/results/chart.png.
//
// Then the Godot half (bench/godot/, real Godot 4.6 web in the same kind of page, run by Playwright inside
// scripts/netns-run.sh) and the size breakdown of the built dist/ (bench/size-breakdown.mjs).
//
// Options (environment): BENCH_ROUNDS (default 7) rounds per throughput figure; BENCH_QUICK=1 for a short
// smoke run; BENCH_ONLY=browser,codec,mesh,godot,size (default all) runs only those parts; BENCH_PROFILE=1 also
// records a CPU profile of the library's first 64 B turn (test-results/*.cpuprofile, not committed) and prints
// its hottest functions.
import { execFileSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { cpus, loadavg, totalmem, release, type as osType } from "node:os";
import { dirname, extname, join, normalize, relative, resolve } from "node:path";
import { chromium } from "@playwright/test";
import { build } from "vite";
import { CHROMIUM_ARGS, findChromium } from "../scripts/browser.mjs";
import { renderChart } from "./chart.mjs";
import { printTable, targets } from "./report.mjs";
import { BREAKDOWNS, breakdown } from "./size-breakdown.mjs";
import { median, pairedRatio, percentile, turns } from "./stats.mjs";

const root = resolve(import.meta.dirname, "..");
const outDir = join(root, "node_modules", ".cache", "godot-webrtc-shim-bench");
const resultsDir = join(root, "bench", "results");
const QUICK = process.env.BENCH_QUICK === "1";
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (QUICK ? 2 : 7));
const PROFILE = process.env.BENCH_PROFILE === "1";
const ONLY = new Set((process.env.BENCH_ONLY ?? "browser,codec,mesh,godot,size").split(",").map((part) => part.trim()));

const THROUGHPUT_CASES = [
  { id: "reliable-64", label: "64 B, reliable ordered", size: 64, count: QUICK ? 5_000 : 30_000, reliable: true },
  { id: "reliable-1k", label: "1 KiB, reliable ordered", size: 1024, count: QUICK ? 2_000 : 15_000, reliable: true },
  { id: "reliable-16k", label: "16 KiB, reliable ordered", size: 16384, count: QUICK ? 300 : 3_000, reliable: true },
  { id: "unreliable-64", label: "64 B, unordered maxRetransmits 0", size: 64, count: QUICK ? 5_000 : 30_000, reliable: false },
];
const KINDS = ["raw", "lib", "libFrame", "peerjs"];

async function buildPage() {
  await build({
    configFile: false,
    root: join(root, "bench", "page"),
    logLevel: "warn",
    build: { outDir, emptyOutDir: true, target: "es2022", minify: true, sourcemap: false },
  });
}

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".png": "image/png" };
function serve(dir) {
  const server = createServer(async (request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname));
    const file = join(dir, path.endsWith("/") ? `${path}index.html` : path);
    try {
      if (!file.startsWith(dir)) throw new Error("outside");
      const body = await readFile(file);
      response.writeHead(200, {
        "content-type": TYPES[extname(file)] ?? "application/octet-stream",
        // Cross-origin isolation: performance.now() resolution of 5 µs instead of 100 µs in Chromium.
        "cross-origin-opener-policy": "same-origin",
        "cross-origin-embedder-policy": "require-corp",
      });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  const port = Number(process.env.BENCH_PORT ?? 0);
  return new Promise((resolveServer) => server.listen(port, "127.0.0.1", () => resolveServer(server)));
}

async function main() {
  const started = Date.now();
  console.log("building the benchmark page…");
  await buildPage();
  const server = await serve(outDir);
  const { port } = server.address();
  const executablePath = await findChromium();
  if (!executablePath) throw new Error("no Chromium found: run `node scripts/ensure-tools.mjs chromium`");
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
  try {
    const context = await browser.newContext({ permissions: ["microphone"] });
    const page = await context.newPage();
    page.on("console", (message) => {
      if (message.type() === "error") console.error(`  [page] ${message.text()}`);
    });
    page.on("pageerror", (error) => console.error(`  [page error] ${error.message}`));
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => document.title === "ready", null, { timeout: 30_000 });
    const cdp = await context.newCDPSession(page);
    const call = (name, ...args) => page.evaluate(({ name, args }) => window.bench[name](...args), { name, args });
    const results = {};
    if (ONLY.has("browser")) Object.assign(results, await measure(call, cdp));
    if (ONLY.has("codec")) results.codec = await codec(call);
    if (ONLY.has("mesh")) results.mesh = await meshCost(call);
    if (ONLY.has("godot")) results.godot = godotHalf();
    // The same data path with Godot's default 64 KiB receive ring, as an untuned export ships.
    if (ONLY.has("godot")) results.godotDefaultRing = godotHalf({ BENCH_GODOT_BUFFER_KB: "64", BENCH_GODOT_ONLY: "data" });
    if (ONLY.has("size")) results.size = await sizes();
    const meta = {
      date: new Date().toISOString(),
      browser: `Chromium ${browser.version()}`,
      userAgent: await page.evaluate(() => window.bench.userAgent()),
      crossOriginIsolated: await page.evaluate(() => window.bench.isolated()),
      cpu: `${cpus()[0]?.model ?? "unknown"} × ${cpus().length}`,
      memory: `${Math.round(totalmem() / 2 ** 30)} GiB`,
      os: `${osType()} ${release()}`,
      node: process.version,
      loadAverageAtEnd: loadavg().map((value) => Number(value.toFixed(2))),
      rounds: ROUNDS,
      quick: QUICK,
      parts: [...ONLY],
      seconds: Math.round((Date.now() - started) / 1000),
    };
    const report = { meta, ...results, targets: targets(results) };
    await mkdir(resultsDir, { recursive: true });
    await writeFile(join(resultsDir, "latest.json"), `${JSON.stringify(report, null, 2)}\n`);
    const chartPath = join(resultsDir, "chart.html");
    await writeFile(chartPath, renderChart(report));
    const chartPage = await context.newPage();
    await chartPage.setViewportSize({ width: 1000, height: 800 });
    await chartPage.goto(`file://${chartPath}`);
    await chartPage.screenshot({ path: join(resultsDir, "chart.png"), fullPage: true });
    printTable(report);
    console.log(`\nwrote bench/results/latest.json, chart.html, chart.png (${meta.seconds} s)`);
  } finally {
    await browser.close();
    server.close();
  }
}

async function measure(call, cdp) {
  console.log("connecting the pairs…");
  await call("init");

  const throughput = {};
  for (const spec of THROUGHPUT_CASES) {
    process.stdout.write(`throughput ${spec.label}: `);
    const runs = Object.fromEntries(KINDS.map((kind) => [kind, []]));
    await call("throughput", "raw", spec.reliable, spec.size, Math.min(spec.count, 2000)); // warm-up
    for (let round = 0; round < ROUNDS; round++) {
      for (const kind of turns(KINDS, round)) {
        const profiling = PROFILE && round === 0 && kind === "lib" && spec.size === 64 && spec.reliable;
        if (profiling) await cdp.send("Profiler.enable").then(() => cdp.send("Profiler.start"));
        runs[kind].push(await call("throughput", kind, spec.reliable, spec.size, spec.count));
        if (profiling) await saveProfile(cdp, `lib-${spec.id}`);
      }
      process.stdout.write(".");
    }
    process.stdout.write("\n");
    throughput[spec.id] = {
      label: spec.label,
      size: spec.size,
      count: spec.count,
      reliable: spec.reliable,
      ...Object.fromEntries(KINDS.map((kind) => {
        const list = runs[kind];
        const messagesPerSecond = median(list.map((run) => (run.received / run.ms) * 1000));
        const lossPercent = median(list.map((run) => (run.lost / run.sent) * 100));
        return [kind, {
          messagesPerSecond: Math.round(messagesPerSecond),
          megabytesPerSecond: Number(((messagesPerSecond * spec.size) / 1e6).toFixed(2)),
          lossPercent: Number(lossPercent.toFixed(2)),
          errors: list.reduce((sum, run) => sum + run.errors, 0),
          rounds: list.map((run) => Math.round((run.received / run.ms) * 1000)),
          pairedRatioToRaw: Number(pairedRatio(list.map((run) => run.received / run.ms), runs.raw.map((run) => run.received / run.ms)).toFixed(3)),
        }];
      })),
    };
  }

  process.stdout.write("round trip: ");
  const rtt = Object.fromEntries(KINDS.map((kind) => [kind, []]));
  const rttRounds = Object.fromEntries(KINDS.map((kind) => [kind, []]));
  await call("pingPong", "raw", 50);
  for (let round = 0; round < ROUNDS * 2; round++) {
    for (const kind of turns(KINDS, round)) {
      const samples = await call("pingPong", kind, kind === "libFrame" ? 10 : QUICK ? 50 : 300);
      rtt[kind].push(...samples);
      rttRounds[kind].push(median(samples));
    }
    process.stdout.write(".");
  }
  process.stdout.write("\n");
  const roundTrip = Object.fromEntries(KINDS.map((kind) => [kind, {
    medianMs: Number(median(rtt[kind]).toFixed(4)),
    p99Ms: Number(percentile(rtt[kind], 99).toFixed(4)),
    samples: rtt[kind].length,
    pairedRatioToRaw: Number(pairedRatio(rttRounds[kind], rttRounds.raw).toFixed(3)),
  }]));

  process.stdout.write("setup: ");
  const SETUP_KINDS = ["raw", "lib", "peerjs"];
  const setups = Object.fromEntries(SETUP_KINDS.map((kind) => [kind, []]));
  await call("setupTime", "raw");
  const pairsCount = QUICK ? 5 : 20;
  for (let i = 0; i < pairsCount; i++) {
    for (const kind of turns(SETUP_KINDS, i)) setups[kind].push(await call("setupTime", kind));
    process.stdout.write(".");
  }
  process.stdout.write("\n");
  const setup = Object.fromEntries(SETUP_KINDS.map((kind) => [kind, {
    medianMs: Number(median(setups[kind]).toFixed(3)),
    pairs: setups[kind].length,
    pairedRatioToRaw: Number(pairedRatio(setups[kind], setups.raw).toFixed(3)),
  }]));

  console.log("poll() cost…");
  const poll = {
    emptyNs: Number(median(await call("pollCost", 0, 7)).toFixed(2)),
    queued1000Ns: Math.round(median(await call("pollCost", 1000, 101))),
  };
  poll.perEventNs = Number((poll.queued1000Ns / 1000).toFixed(1));

  process.stdout.write("memory per open connection: ");
  await call("prepareMemory");
  const HELD = QUICK ? 3 : 8;
  const heap = async () => {
    await cdp.send("HeapProfiler.collectGarbage");
    return (await cdp.send("Runtime.getHeapUsage")).usedSize;
  };
  const memoryRuns = Object.fromEntries(SETUP_KINDS.map((kind) => [kind, []]));
  for (let round = 0; round < (QUICK ? 1 : 3); round++) {
    for (const kind of turns(SETUP_KINDS, round)) {
      const before = await heap();
      await call("hold", kind, HELD);
      const after = await heap();
      await call("release");
      memoryRuns[kind].push((after - before) / (2 * HELD));
      process.stdout.write(".");
    }
  }
  process.stdout.write("\n");
  const memory = Object.fromEntries(SETUP_KINDS.map((kind) => [kind, { bytesPerConnection: Math.round(median(memoryRuns[kind])) }]));

  process.stdout.write("memory per queued packet: ");
  const QUEUED = QUICK ? 2_000 : 10_000;
  const perPacket = [];
  for (let round = 0; round < (QUICK ? 1 : 3); round++) {
    await call("queueOpen");
    const before = await heap();
    await call("queueFill", QUEUED, 64);
    const after = await heap();
    await call("queueClose");
    perPacket.push((after - before) / QUEUED);
    process.stdout.write(".");
  }
  process.stdout.write("\n");
  memory.queuedPacket64 = { bytesPerPacket: Math.round(median(perPacket)), packets: QUEUED };
  return { throughput, roundTrip, setup, poll, memory };
}

/** Our var_to_bytes / bytes_to_var against JSON + TextEncoder on the 20-player state, turn about (bench/page/codec.ts). */
async function codec(call) {
  process.stdout.write("codec: ");
  const runs = { variant: [], json: [] };
  for (let round = 0; round < (QUICK ? 3 : 9); round++) {
    for (const kind of turns(["variant", "json"], round)) runs[kind].push(await call("codecTurn", kind, QUICK ? 100 : 300));
    process.stdout.write(".");
  }
  process.stdout.write("\n");
  return Object.fromEntries(Object.entries(runs).map(([kind, list]) => [kind, {
    encodeOpsPerSecond: Math.round(median(list.map((run) => run.encodeOps))),
    decodeOpsPerSecond: Math.round(median(list.map((run) => run.decodeOps))),
    bytes: list[0].bytes,
    pairedEncodeRatioToJson: Number(pairedRatio(list.map((run) => run.encodeOps), runs.json.map((run) => run.encodeOps)).toFixed(3)),
    pairedDecodeRatioToJson: Number(pairedRatio(list.map((run) => run.decodeOps), runs.json.map((run) => run.decodeOps)).toFixed(3)),
  }]));
}

/** Per-frame poll() + drain over an 8-peer mesh, idle and at 20 Hz state traffic (bench/page/mesh.ts). */
async function meshCost(call) {
  const size = 8;
  const frames = QUICK ? 120 : 600;
  console.log(`mesh of ${size} (${(size * (size - 1)) / 2} connections, 4 channels each)…`);
  await call("meshOpen", size);
  const idle = await call("meshFrames", frames, 0);
  const busy = await call("meshFrames", frames, 3);
  await call("meshClose");
  const summary = (samples) => ({ medianUs: Number(median(samples).toFixed(2)), p99Us: Number(percentile(samples, 99).toFixed(2)), frames: samples.length });
  return { peers: size, idle: summary(idle), state20Hz: summary(busy) };
}

/** The Godot half: bench/godot/ under Playwright, in its own network namespace; null (and why) when it cannot run. */
function godotHalf(env = {}) {
  console.log(`Godot 4.6 web (bench/godot, a few minutes)${env.BENCH_GODOT_BUFFER_KB ? `, receive ring ${env.BENCH_GODOT_BUFFER_KB} KiB` : ""}…`);
  const out = join(root, "test-results", `bench-godot${env.BENCH_GODOT_BUFFER_KB ? `-${env.BENCH_GODOT_BUFFER_KB}k` : ""}.json`);
  try {
    execFileSync("node", [join(root, "scripts", "godot-engine.mjs")], { cwd: root, stdio: "inherit" });
    // Godot's own console (an untuned ring logs "Buffer full!" tens of thousands of times) goes to a log file;
    // the progress lines of the run are echoed.
    const logPath = out.replace(/\.json$/, ".log");
    // A fresh clone has no test-results/ yet (the whole Godot half was skipped for want of it).
    mkdirSync(dirname(logPath), { recursive: true });
    const log = openSync(logPath, "w");
    try {
      execFileSync(join(root, "scripts", "netns-run.sh"), ["npx", "playwright", "test", "-c", "bench/godot/playwright.config.ts"], {
        cwd: root,
        stdio: ["ignore", log, log],
        env: { ...process.env, ...env, BENCH_GODOT_OUT: out },
      });
    } finally {
      closeSync(log);
      const lines = readFileSync(logPath, "utf8").split("\n").filter((line) => /^(codec|connecting|data path|round trip|setup|mesh|RPCs|wrote|\[page error\]|\s+\d+ (passed|failed)|\s+Error)/.test(line));
      console.log(lines.map((line) => `  ${line.trim()}`).join("\n"));
      console.log(`  (Godot's console and the whole output: ${relative(root, logPath)})`);
    }
    return JSON.parse(readFileSync(out, "utf8"));
  } catch (error) {
    console.error(`  the Godot half did not run: ${error.message}`);
    return null;
  }
}

/** min+gzip of what a game imports, broken down by module (needs dist/: built when missing). */
async function sizes() {
  if (!existsSync(join(root, "dist", "core.js"))) {
    console.log("building dist/ for the size breakdown…");
    execFileSync("npm", ["run", "build"], { cwd: root, stdio: "ignore" });
  }
  const result = {};
  for (const { id, label, code } of BREAKDOWNS) result[id] = { label, ...(await breakdown(code, root)) };
  return result;
}

async function saveProfile(cdp, name) {
  const { profile } = await cdp.send("Profiler.stop");
  await mkdir(join(root, "test-results"), { recursive: true });
  await writeFile(join(root, "test-results", `bench-${name}.cpuprofile`), JSON.stringify(profile));
  const selfTime = new Map();
  const interval = profile.samples.length ? (profile.endTime - profile.startTime) / profile.samples.length : 0;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  for (const id of profile.samples) {
    const frame = byId.get(id).callFrame;
    const key = `${frame.functionName || "(anonymous)"} ${frame.url.split("/").pop()}:${frame.lineNumber}`;
    selfTime.set(key, (selfTime.get(key) ?? 0) + interval);
  }
  const top = [...selfTime].sort((a, b) => b[1] - a[1]).slice(0, 12);
  console.log(`\n  profile ${name}: hottest functions (self time)`);
  for (const [key, us] of top) console.log(`    ${(us / 1000).toFixed(1).padStart(8)} ms  ${key}`);
}

await main();
