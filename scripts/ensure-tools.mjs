// Makes sure the programs the tests drive are installed: `node scripts/ensure-tools.mjs chromium coturn` and so on.
// Each is found through its environment variable or its usual paths; a missing one is installed from Debian's
// packages when that is possible (root with apt-get), otherwise this stops with the one command that would.
// Run it outside scripts/netns-run.sh: the namespace has no way out to a package mirror.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { findChromium } from "./browser.mjs";
import { findFirefox } from "./firefox.mjs";

const onPath = (...paths) => () => paths.find((path) => existsSync(path)) ?? null;

/** What each tool is, how to find it and which Debian package holds it. */
const TOOLS = {
  chromium: { what: "Chromium", find: findChromium, pkg: "chromium", env: "CHROMIUM_PATH" },
  firefox: { what: "Firefox", find: findFirefox, pkg: "firefox-esr", env: "FIREFOX_PATH" },
  coturn: { what: "coturn (turnserver)", find: onPath(process.env.TURNSERVER_PATH ?? "/usr/bin/turnserver"), pkg: "coturn", env: "TURNSERVER_PATH" },
  redis: { what: "Redis (redis-server)", find: onPath(process.env.REDIS_SERVER_PATH ?? "/usr/bin/redis-server"), pkg: "redis-server", env: "REDIS_SERVER_PATH" },
  iproute2: { what: "iproute2 (ip)", find: onPath("/usr/sbin/ip", "/usr/bin/ip", "/sbin/ip", "/bin/ip"), pkg: "iproute2", env: null },
};

const names = process.argv.slice(2);
const unknown = names.filter((name) => !(name in TOOLS));
if (unknown.length > 0) {
  console.error(`ensure-tools: unknown tool(s) ${unknown.join(", ")}; known: ${Object.keys(TOOLS).join(", ")}`);
  process.exit(2);
}
/** Whether `tool` is installed; a bad override (an environment variable naming a missing file) stops here. */
async function found(tool) {
  try {
    return Boolean(await tool.find());
  } catch (error) {
    console.error(`ensure-tools: ${error.message}`);
    process.exit(1);
  }
}

const missing = [];
for (const name of names) if (!(await found(TOOLS[name]))) missing.push(TOOLS[name]);
if (missing.length > 0) {
  const command = `apt-get update && apt-get install -y ${missing.map((tool) => tool.pkg).join(" ")}`;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (!isRoot || !existsSync("/usr/bin/apt-get")) {
    const overrides = missing.filter((tool) => tool.env).map((tool) => `${tool.env} (${tool.what})`);
    console.error(`Missing: ${missing.map((tool) => tool.what).join(", ")}. Install with:\n  sudo ${command}` +
      (overrides.length > 0 ? `\nor point ${overrides.join(", ")} at an installed one.` : ""));
    process.exit(1);
  }
  console.log(`Missing: ${missing.map((tool) => tool.what).join(", ")}; installing Debian's packages: ${command}`);
  execFileSync("sh", ["-c", `DEBIAN_FRONTEND=noninteractive ${command}`], { stdio: "inherit" });
  const still = [];
  for (const tool of missing) if (!(await found(tool))) still.push(tool.what);
  if (still.length > 0) {
    console.error(`Still missing after apt-get install: ${still.join(", ")}`);
    process.exit(1);
  }
}
