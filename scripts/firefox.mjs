// Finds the Firefox the Firefox end-to-end run drives (e2e-firefox/), in this order: the FIREFOX_PATH environment
// variable, Debian's /usr/bin/firefox-esr, /usr/bin/firefox. Run directly (`node scripts/firefox.mjs --ensure`),
// it installs Debian's firefox-esr when nothing is found and it can (root with apt-get), or stops with the one
// command that would. Run it outside scripts/netns-run.sh: the namespace has no way out to a package mirror.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const DEBIAN_FIREFOX = ["/usr/bin/firefox-esr", "/usr/bin/firefox"];

/** The path of a Firefox executable, or null if none is installed. */
export function findFirefox() {
  const fromEnv = process.env.FIREFOX_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`FIREFOX_PATH=${fromEnv} does not exist`);
    return fromEnv;
  }
  return DEBIAN_FIREFOX.find((path) => existsSync(path)) ?? null;
}

function ensure() {
  if (findFirefox()) return;
  const command = "apt-get update && apt-get install -y firefox-esr";
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const hasApt = existsSync("/usr/bin/apt-get");
  if (!isRoot || !hasApt) {
    console.error(`No Firefox found. Install one with:\n  sudo ${command}\nor set FIREFOX_PATH to a Firefox executable.`);
    process.exit(1);
  }
  console.log(`No Firefox found; installing Debian's: ${command}`);
  execFileSync("sh", ["-c", `DEBIAN_FRONTEND=noninteractive ${command}`], { stdio: "inherit" });
  if (!findFirefox()) {
    console.error("Firefox is still missing after apt-get install.");
    process.exit(1);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv.includes("--ensure")) ensure();
