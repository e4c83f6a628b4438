#!/usr/bin/env node
// The size budget, run by `npm test` after the build (`npm run size`): every entry of .size-limit.json is bundled
// with its dependencies by size-limit's own rolldown plugin, minified and gzipped, and compared with its limit
// (KB = 1000 bytes, as size-limit counts). Uses size-limit's API rather than its CLI, which needs Node 22.
// Issue 16 sets budgets (WebRTCPeerConnection alone 7 kB, the whole core 13 kB, a full script tag 26 kB); since
// SceneMultiplayer and every Variant type joined the core all three are missed, so the limits guard today's sizes (plus
// ~3 % headroom) against growth, and docs/performance.md says by how much and why the targets are missed.
// An entry's `import` measures only that import from its file, as a game's bundler would.
// `--compare` also measures PeerJS, Trystero and simple-peer the same way, breaks our imports down by module (see
// size-breakdown.mjs) and writes bench/results/sizes.json.
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import sizeLimit from "size-limit";
import file from "@size-limit/file";
import rolldown from "@size-limit/rolldown";
import { BREAKDOWNS, breakdown } from "./size-breakdown.mjs";

const root = resolve(import.meta.dirname, "..");
const parseLimit = (text) => {
  const match = /^([\d.]+)\s*(B|KB|kB|MB)$/.exec(text);
  if (!match) throw new Error(`cannot read limit "${text}"`);
  return Math.floor(Number(match[1]) * { B: 1, KB: 1000, kB: 1000, MB: 1e6 }[match[2]]);
};

/** min+gzip bytes of each entry, bundled with its dependencies (tree-shaken, as a bundler would). */
async function measure(entries) {
  const checks = entries.map((entry) => ({
    files: [entry.path].flat().map((path) => resolve(root, path)),
    gzip: true,
    name: entry.name,
    ...(entry.import ? { import: { [resolve(root, entry.path)]: entry.import } } : {}),
  }));
  const sizes = await sizeLimit([file, rolldown], { cwd: root, checks });
  return entries.map((entry, index) => ({ ...entry, size: sizes[index].size }));
}

const COMPARED = [
  { name: "PeerJS 1.5 (peerjs, ESM entry)", path: "node_modules/peerjs/dist/bundler.mjs", package: "peerjs" },
  { name: "Trystero (trystero, default Nostr strategy)", path: "node_modules/trystero/dist/index.mjs", package: "trystero" },
  { name: "simple-peer (simplepeer.min.js, its browser build)", path: "node_modules/simple-peer/simplepeer.min.js", package: "simple-peer" },
];

const kb = (bytes) => `${(bytes / 1000).toFixed(2)} kB`;
// `--dist DIR` measures a build made elsewhere (e.g. `vite build --outDir DIR`) instead of ./dist.
const distAt = process.argv.indexOf("--dist");
const dist = distAt > 0 ? resolve(process.argv[distAt + 1] ?? "dist") : null;
const config = JSON.parse(await readFile(join(root, ".size-limit.json"), "utf8"))
  .map((entry) => (dist ? { ...entry, path: [entry.path].flat().map((path) => join(dist, path.replace(/^dist\//, ""))) } : entry));
const missing = config.flatMap((entry) => [entry.path].flat()).filter((path) => !existsSync(resolve(root, path)));
if (missing.length > 0) {
  console.error(`size: ${missing.join(", ")} missing; run \`npm run build\` first`);
  process.exit(1);
}
const ours = await measure(config);
let failed = false;
for (const entry of ours) {
  const limit = parseLimit(entry.limit);
  const ok = entry.size <= limit;
  failed ||= !ok;
  console.log(`${ok ? "ok  " : "OVER"}  ${kb(entry.size).padStart(9)} of ${entry.limit.padEnd(6)} min+gzip  ${entry.name}`);
}
if (process.argv.includes("--compare")) {
  const present = COMPARED.filter((entry) => existsSync(resolve(root, entry.path)));
  const others = await measure(present);
  for (const entry of others) console.log(`      ${kb(entry.size).padStart(9)}           min+gzip  ${entry.name}`);
  const versions = {};
  for (const entry of present) versions[entry.package] = JSON.parse(await readFile(resolve(root, "node_modules", entry.package, "package.json"), "utf8")).version;
  const breakdowns = [];
  for (const { id, label, code } of BREAKDOWNS) {
    const result = await breakdown(code, dist ? resolve(dist, "..") : root);
    breakdowns.push({ id, label, ...result });
    console.log(`\n  where the bytes go: ${label} (${kb(result.gzip)} min+gzip, ${kb(result.minified)} minified)`);
    for (const row of result.modules) console.log(`    ${kb(row.gzipShare).padStart(9)}  ${row.module}`);
  }
  await mkdir(join(root, "bench", "results"), { recursive: true });
  await writeFile(join(root, "bench", "results", "sizes.json"), `${JSON.stringify({
    date: new Date().toISOString(),
    method: "size-limit 14 (@size-limit/file + @size-limit/rolldown): bundled with dependencies, minified, gzip",
    ours: ours.map(({ name, path, size, limit, import: imported }) => ({ name, path: [path].flat().map((one) => relative(root, resolve(root, one))).join(" + "), ...(imported ? { import: imported } : {}), bytes: size, limit })),
    others: others.map(({ name, path, size, package: pkg }) => ({ name, path, bytes: size, version: versions[pkg] })),
    breakdowns,
  }, null, 2)}\n`);
}
if (failed) {
  console.error("size: over budget (see .size-limit.json)");
  process.exit(1);
}
