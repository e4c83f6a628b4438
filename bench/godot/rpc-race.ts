// The RPC part of the Godot half (issue 16 §2), run by godot.bench.ts: calls/s and round trips of a small RPC
// (an int and a Vector2) and a large one (a 1 KiB PackedByteArray) four ways, turn about: Godot↔Godot (two
// SceneMultiplayers in the engine, bench.gd), shim↔shim (two in the page, rpc.ts), and mixed, shim→Godot and
// Godot→shim (one in each, rpc-link.ts and rpc_link.gd, both halves of a turn running at once); then the JS cost
// per call, Godot↔Godot against shim↔shim.
import type { GodotPeer } from "../../e2e/support/godot-peer";
import type { FloodRun } from "./page";
import { median, turns, type Command } from "./stats";

type Page = GodotPeer["page"];
/** How long and how often: godot.bench.ts's settings. */
export interface RaceOptions {
  rounds: number;
  seconds: number;
  quick: boolean;
}

const WHO = ["godot", "shim", "shimToGodot", "godotToShim"] as const;
type Who = (typeof WHO)[number];

/** One flood turn of `who`; for the mixed rows the receiver's count is kept, with the sender's sent and refused. */
async function floodTurn(who: Who, kind: "small" | "large", seconds: number, page: Page, command: Command): Promise<FloodRun> {
  if (who === "godot") return command<FloodRun>({ op: "rpc_flood", kind, seconds });
  if (who === "shim") return page.evaluate(({ kind, seconds }) => window.benchGodot.rpcFlood(kind, seconds), { kind, seconds });
  const pageRole = who === "shimToGodot" ? "send" : "receive";
  const [mine, theirs] = await Promise.all([
    page.evaluate(({ kind, role, seconds }) => window.benchGodot.rpcLinkFlood(kind, role, seconds), { kind, role: pageRole, seconds } as const),
    command<FloodRun>({ op: "rpc_link_flood", kind, role: pageRole === "send" ? "receive" : "send", seconds }),
  ]);
  const [sender, receiver] = who === "shimToGodot" ? [mine, theirs] : [theirs, mine];
  return { ...receiver, sent: sender.sent, refused: sender.refused, ms: sender.ms };
}

/** RPC calls/s and round trips, the four ways, turn about; the cost per call Godot↔Godot against shim↔shim. */
export async function rpcRace(page: Page, command: Command, { rounds, seconds, quick }: RaceOptions) {
  const godotOk = await command<boolean>({ op: "rpc_pair" });
  await page.evaluate(() => window.benchGodot.rpcPair());
  const [linkOk] = await Promise.all([command<boolean>({ op: "rpc_link" }), page.evaluate(() => window.benchGodot.rpcLink())]);
  const result: Record<string, unknown> = { godotPairConnected: godotOk, shimGodotLinked: linkOk };
  for (const kind of ["small", "large"] as const) {
    const runs: Record<Who, FloodRun[]> = { godot: [], shim: [], shimToGodot: [], godotToShim: [] };
    for (let round = 0; round < rounds; round++) {
      for (const who of turns(WHO, round)) runs[who].push(await floodTurn(who, kind, seconds, page, command));
    }
    result[kind] = Object.fromEntries(Object.entries(runs).map(([who, list]) => [who, {
      receivedPerSecond: Math.round(median(list.map((run) => (run.receivedInWindow / run.ms) * 1000))),
      sentPerSecond: Math.round(median(list.map((run) => (run.sent / run.ms) * 1000))),
      lossPercent: Number(median(list.map((run) => (run.sent ? ((run.sent - run.received) / run.sent) * 100 : 0))).toFixed(2)),
      refused: list.reduce((sum, run) => sum + run.refused, 0),
      rounds: list.map((run) => Math.round((run.receivedInWindow / run.ms) * 1000)),
    }]));
    console.log(`RPCs ${kind}: ${WHO.map((who) => `${who} ${(result[kind] as Record<Who, { receivedPerSecond: number }>)[who].receivedPerSecond}/s`).join(", ")}`);
  }
  const pingRounds = quick ? 10 : 30;
  const pings = { godot: [] as number[], shim: [] as number[], shimGodot: [] as number[] };
  for (let round = 0; round < rounds; round++) {
    for (const who of turns(["godot", "shim", "shimGodot"] as const, round)) {
      pings[who].push(...(who === "godot"
        ? await command<number[]>({ op: "rpc_ping", rounds: pingRounds })
        : who === "shim"
          ? await page.evaluate((n) => window.benchGodot.rpcPing(n), pingRounds)
          : await page.evaluate((n) => window.benchGodot.rpcLinkPing(n), pingRounds)));
    }
  }
  const costs: Record<string, unknown> = {};
  for (const kind of ["small", "large"] as const) {
    const count = kind === "small" ? 2000 : 500;
    const runs: Record<string, { sendUs: number; receiveUs: number }[]> = { godot: [], shim: [] };
    for (let round = 0; round < rounds; round++) {
      for (const who of turns(["godot", "shim"], round)) {
        runs[who]!.push(who === "godot"
          ? await command<{ sendUs: number; receiveUs: number }>({ op: "rpc_cost", kind, count })
          : await page.evaluate(({ kind, count }) => window.benchGodot.rpcCost(kind, count), { kind, count }));
      }
    }
    costs[kind] = Object.fromEntries(Object.entries(runs).map(([who, list]) => [who, {
      sendUsPerCall: Number(median(list.map((run) => run.sendUs)).toFixed(2)),
      receiveUsPerCall: Number(median(list.map((run) => run.receiveUs)).toFixed(2)),
      calls: count,
    }]));
  }
  result.costPerCall = costs;
  if (process.env.BENCH_PROFILE === "1") result.profile = await profileRpcs(page);
  result.roundTrip = Object.fromEntries(Object.entries(pings).map(([who, samples]) => [who, { medianMs: Number(median(samples).toFixed(2)), samples: samples.length }]));
  return result;
}

/** BENCH_PROFILE=1: a CPU profile of 2,000 small shim calls sent and received; the hottest functions by self time. */
async function profileRpcs(page: GodotPeer["page"]) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 50 });
  await cdp.send("Profiler.start");
  await page.evaluate(() => window.benchGodot.rpcCost("small", 2000));
  const { profile } = await cdp.send("Profiler.stop");
  const interval = profile.samples?.length ? (profile.endTime - profile.startTime) / profile.samples.length : 0;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  for (const id of profile.samples ?? []) {
    const frame = byId.get(id)!.callFrame;
    const key = `${frame.functionName || "(anonymous)"} ${frame.url.split("/").pop()}:${frame.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + interval);
  }
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([fn, us]) => ({ fn, ms: Number((us / 1000).toFixed(2)) }));
  console.log(`profile of 2,000 small shim RPCs:\n${top.map((row) => `  ${String(row.ms).padStart(8)} ms  ${row.fn}`).join("\n")}`);
  return top;
}
