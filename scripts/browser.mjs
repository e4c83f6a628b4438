// Finds the Chromium the end-to-end tests drive, in this order: the CHROMIUM_PATH environment variable,
// Playwright's own Chromium (if `npx playwright install chromium` was run), Debian's /usr/bin/chromium.
// `node scripts/ensure-tools.mjs chromium` installs Debian's package when none is found.
import { existsSync } from "node:fs";

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
