// Finds the Chromium the end-to-end tests drive, in this order: the CHROMIUM_PATH environment variable,
// Playwright's own Chromium (if `npx playwright install chromium` was run), Debian's /usr/bin/chromium.
// Run directly (`node scripts/browser.mjs --ensure`), it installs Debian's package when nothing is found and
// it can (root with apt-get), or stops with the one command that would.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const DEBIAN_CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

/** The path of a Chromium executable, or null if none is installed. */
export async function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist`);
    return fromEnv;
  }
  try {
    const { chromium } = await import("@playwright/test");
    const own = chromium.executablePath();
    if (own && existsSync(own)) return own;
  } catch {
    // Playwright has no browser of its own here; fall through to the system's.
  }
  return DEBIAN_CHROMIUM.find((path) => existsSync(path)) ?? null;
}

/** Flags that work headless as root on a machine without network; loopback peers need the last one. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--allow-loopback-in-peer-connection",
];

async function ensure() {
  if (await findChromium()) return;
  const command = "apt-get update && apt-get install -y chromium";
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const hasApt = existsSync("/usr/bin/apt-get");
  if (!isRoot || !hasApt) {
    console.error(`No Chromium found. Install one with:\n  sudo ${command}\nor set CHROMIUM_PATH to a Chromium executable.`);
    process.exit(1);
  }
  console.log(`No Chromium found; installing Debian's: ${command}`);
  execFileSync("sh", ["-c", `DEBIAN_FRONTEND=noninteractive ${command}`], { stdio: "inherit" });
  if (!(await findChromium())) {
    console.error("Chromium is still missing after apt-get install.");
    process.exit(1);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv.includes("--ensure")) await ensure();
