// The Godot half of `npm run bench`: Godot 4.6 web (the official template, e2e/support/godot-peer.ts) and this
// library in one Chromium page, in alternating turns, all driven once per frame (see bench.gd and page.ts):
// the codec race, the data path four ways (Godot↔Godot, shim↔shim, shim↔Godot both directions, raw), the round
// trip, the setup time, the mesh of 8 and the RPCs (rpc-race.ts). Writes its figures to BENCH_GODOT_OUT for bench/run.mjs; asserts nothing.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "@playwright/test";
import { projectGodot } from "../../e2e/support/godot-pck";
import { startGodot, type GodotPeer } from "../../e2e/support/godot-peer";
import type { FloodRun } from "./page";
import { rpcRace } from "./rpc-race";
import { median, turns, type Command } from "./stats";

const QUICK = process.env.BENCH_QUICK === "1";
/** BENCH_GODOT_ONLY=codec,data,rtt,setup,mesh,rpc (default all) runs only those parts. */
const PARTS = new Set((process.env.BENCH_GODOT_ONLY ?? "codec,data,rtt,setup,mesh,rpc").split(","));
const ROUNDS = Number(process.env.BENCH_GODOT_ROUNDS ?? (QUICK ? 1 : 3));
const SECONDS = QUICK ? 1 : 2;
/** Godot's receive ring per channel, as a Godot developer tunes it (project setting; Godot's default is 64). */
const BUFFER_KB = Number(process.env.BENCH_GODOT_BUFFER_KB ?? 4096);
const CASES = [
  { id: "reliable-64", size: 64, reliable: true },
  { id: "reliable-1k", size: 1024, reliable: true },
  { id: "reliable-16k", size: 16384, reliable: true },
  { id: "unreliable-64", size: 64, reliable: false },
];
const KINDS = ["godot", "shim", "raw", "shimToGodot", "godotToShim"] as const;
type Kind = (typeof KINDS)[number];

const PROJECT = projectGodot("godot-webrtc-shim benchmark", `[autoload]
Bridge="*res://bridge.gd"

[network]
limits/webrtc/max_channel_in_buffer_kb=${BUFFER_KB}
`);

/** bench.gd with sync.gd's and rpc_link.gd's texts appended as SYNC_SOURCE and LINK_SOURCE (compiled at run time, see bench.gd rpc_pair()). */
function mainScript(): string {
  const read = (file: string): string => readFileSync(join(import.meta.dirname, file), "utf8");
  return `${read("bench.gd")}\n\nconst SYNC_SOURCE = """${read("sync.gd")}"""\n\nconst LINK_SOURCE = """${read("rpc_link.gd")}"""\n`;
}

test("Godot 4.6 web against the library, in one page", async ({ page }) => {
  page.on("pageerror", (error) => console.log(`[page error] ${error.message}`));
  const seen = new Set<string>();
  page.on("console", (message) => {
    const text = message.text();
    if (!["error", "warning"].includes(message.type()) || text.startsWith("[godot") || seen.has(text) || seen.size > 50) return;
    seen.add(text);
    console.log(`[page ${message.type()}] ${text}`);
  });
  const godot = await startGodot(page, {
    scripts: { "main.gd": mainScript() },
    files: { "project.godot": PROJECT },
  });
  await page.evaluate(() => import("/bench/godot/page.ts" as string));
  const command = async <T>(cmd: Record<string, unknown>, timeoutMs = 120_000): Promise<T> => {
    await godot.send("cmd", cmd);
    return godot.next<T>("result", timeoutMs);
  };
  const bufferFull = (): number => godot.errors.filter((line) => /Buffer full/i.test(line)).length;

  console.log("codec…");
  const codec = PARTS.has("codec") ? await codecRace(page, command) : null;

  console.log("connecting the pairs…");
  await command({ op: "pair" });
  await page.evaluate(() => window.benchGodot.shimPair());
  await page.evaluate(() => window.benchGodot.rawPair());
  await Promise.all([command({ op: "link" }), page.evaluate(() => window.benchGodot.linkGodot())]);

  const dataPath: Record<string, unknown> = {};
  for (const spec of PARTS.has("data") ? CASES : []) {
    const runs: Record<Kind, (FloodRun & { bufferFull: number })[]> = { godot: [], shim: [], raw: [], shimToGodot: [], godotToShim: [] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const kind of turns(KINDS, round)) {
        const before = bufferFull();
        runs[kind].push({ ...(await flood(kind, spec, page, command)), bufferFull: bufferFull() - before });
      }
    }
    dataPath[spec.id] = {
      size: spec.size,
      reliable: spec.reliable,
      ...Object.fromEntries(KINDS.map((kind) => {
        const list = runs[kind];
        const perSecond = list.map((run) => (run.receivedInWindow / run.ms) * 1000);
        return [kind, {
          messagesPerSecond: Math.round(median(perSecond)),
          megabytesPerSecond: Number(((median(perSecond) * spec.size) / 1e6).toFixed(2)),
          lossPercent: Number(median(list.map((run) => (run.sent ? ((run.sent - run.received) / run.sent) * 100 : 0))).toFixed(2)),
          sentPerFrame: Math.round(median(list.map((run) => run.sent / Math.max(1, run.frames)))),
          framesPerSecond: Math.round(median(list.map((run) => (run.frames / run.ms) * 1000))),
          bufferFullErrors: list.reduce((sum, run) => sum + run.bufferFull, 0),
          rounds: perSecond.map(Math.round),
        }];
      })),
    };
    console.log(`data path ${spec.id}: ${KINDS.map((kind) => `${kind} ${(dataPath[spec.id] as Record<Kind, { megabytesPerSecond: number }>)[kind].megabytesPerSecond} MB/s`).join(", ")}`);
  }

  console.log("round trip…");
  const rtt: Record<string, number[]> = { godot: [], shim: [], raw: [], shimGodot: [] };
  const pingRounds = QUICK ? 10 : 30;
  for (let round = 0; round < (PARTS.has("rtt") ? ROUNDS : 0); round++) {
    for (const kind of turns(["godot", "shim", "raw", "shimGodot"], round)) {
      if (kind === "godot") rtt.godot!.push(...(await command<number[]>({ op: "ping", rounds: pingRounds })));
      else if (kind === "shimGodot") {
        const [samples] = await Promise.all([
          page.evaluate((rounds) => window.benchGodot.ping("link", rounds), pingRounds),
          command({ op: "echo", seconds: 5 + pingRounds * 0.1 }),
        ]);
        rtt.shimGodot!.push(...samples);
      } else rtt[kind]!.push(...(await page.evaluate(({ kind, rounds }) => window.benchGodot.ping(kind, rounds), { kind: kind as "shim" | "raw", rounds: pingRounds })));
    }
  }
  const roundTrip = Object.fromEntries(Object.entries(rtt).map(([kind, samples]) => [kind, { medianMs: Number(median(samples).toFixed(3)), samples: samples.length }]));

  console.log("setup…");
  const setups: Record<string, number[]> = { godot: [], shim: [] };
  for (let i = 0; i < (PARTS.has("setup") ? (QUICK ? 3 : 10) : 0); i++) {
    for (const kind of turns(["godot", "shim"], i)) {
      setups[kind]!.push(kind === "godot" ? await command<number>({ op: "setup" }) : await page.evaluate(() => window.benchGodot.setup()));
    }
  }
  const setup = Object.fromEntries(Object.entries(setups).map(([kind, samples]) => [kind, { medianMs: Number(median(samples).toFixed(2)), pairs: samples.length }]));

  console.log("mesh of 8…");
  const meshRun = !PARTS.has("mesh") ? null : await command<{ connected: boolean; idle: number[]; state20Hz: number[] }>({ op: "mesh", size: 8, frames: QUICK ? 60 : 300 }, 180_000);
  const percentile99 = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil(0.99 * values.length) - 1)]!;
  // Time.get_ticks_usec() counts whole microseconds; the WASM build's clock may be coarser (cross-origin isolation is off).
  const summary = (samples: number[]) => ({ medianUs: median(samples), p99Us: percentile99(samples), frames: samples.length });
  const mesh = meshRun && { peers: 8, connected: meshRun.connected, idle: summary(meshRun.idle), state20Hz: summary(meshRun.state20Hz) };

  console.log("RPCs…");
  const errorsBefore = godot.errors.length;
  const rpc = PARTS.has("rpc") ? await rpcRace(page, command, { rounds: ROUNDS, seconds: SECONDS, quick: QUICK }) : null;
  if (rpc) rpc.godotErrors = godot.errors.length - errorsBefore; // "Buffer full" or script errors while the RPCs ran

  const result = {
    engine: godot.build,
    driving: "once per frame: poll, send while get_buffered_amount() < 1 MiB, drain with get_packet()",
    godotInBufferKb: BUFFER_KB,
    rounds: ROUNDS,
    windowSeconds: SECONDS,
    codec,
    dataPath,
    roundTrip,
    setup,
    mesh,
    rpc,
  };
  const out = process.env.BENCH_GODOT_OUT ?? join(import.meta.dirname, "..", "..", "test-results", "bench-godot.json");
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`wrote ${out}`);
});

/** One flood turn of `kind`; for shim↔Godot both halves run at once and the receiver's count is the one kept. */
let turnTag = 0;
async function flood(kind: Kind, spec: (typeof CASES)[number], page: GodotPeer["page"], command: Command): Promise<FloodRun> {
  // Every turn tags its packets (1…255, first byte) so a straggler from an earlier turn is never counted.
  const args = { size: spec.size, reliable: spec.reliable, seconds: SECONDS, tag: (turnTag++ % 255) + 1 };
  if (kind === "godot") return command<FloodRun>({ op: "flood", from: "a", to: "b", ...args });
  if (kind === "shim" || kind === "raw") {
    return page.evaluate(({ kind, args }) => window.benchGodot.flood(kind, "both", args.reliable, args.tag, args.size, args.seconds), { kind, args });
  }
  const pageRole = kind === "shimToGodot" ? "send" : "receive";
  const [mine, theirs] = await Promise.all([
    page.evaluate(({ role, args }) => window.benchGodot.flood("link", role, args.reliable, args.tag, args.size, args.seconds), { role: pageRole, args } as const),
    command<FloodRun>({ op: "flood", from: kind === "godotToShim" ? "link" : "", to: kind === "shimToGodot" ? "link" : "", ...args }),
  ]);
  const [sender, receiver] = kind === "shimToGodot" ? [mine, theirs] : [theirs, mine];
  return { ...receiver, sent: sender.sent, refused: sender.refused };
}

/** Godot's var_to_bytes / bytes_to_var timed in GDScript, against ours and JSON in the same page, turn about. */
async function codecRace(page: GodotPeer["page"], command: Command) {
  const ms = QUICK ? 100 : 300;
  const rounds = QUICK ? 3 : 7;
  const runs: Record<string, { encodeOps: number; decodeOps: number; bytes: number }[]> = { godot: [], variant: [], json: [] };
  let godotBytes: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const kind of turns(["godot", "variant", "json"], round)) {
      if (kind === "godot") {
        const result = await command<{ encodeOps: number; decodeOps: number; bytes: number; data: Uint8Array }>({ op: "codec", ms });
        godotBytes = Array.from(result.data);
        runs.godot!.push(result);
      } else runs[kind]!.push(await page.evaluate(({ kind, ms }) => window.benchGodot.codecTurn(kind, ms), { kind: kind as "variant" | "json", ms }));
    }
  }
  const ours = await page.evaluate(() => window.benchGodot.variantBytes());
  return {
    players: 20,
    identicalBytes: ours.length === godotBytes.length && ours.every((byte, i) => byte === godotBytes[i]),
    ...Object.fromEntries(Object.entries(runs).map(([kind, list]) => [kind, {
      encodeOpsPerSecond: Math.round(median(list.map((run) => run.encodeOps))),
      decodeOpsPerSecond: Math.round(median(list.map((run) => run.decodeOps))),
      bytes: list[0]!.bytes,
      encodeRounds: list.map((run) => Math.round(run.encodeOps)),
    }])),
  };
}
