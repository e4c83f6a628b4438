// Finds the Firefox the Firefox end-to-end run drives (e2e-firefox/), in this order: the FIREFOX_PATH environment
// variable, Debian's /usr/bin/firefox-esr, /usr/bin/firefox.
// `node scripts/ensure-tools.mjs firefox` installs Debian's firefox-esr when none is found.
import { existsSync } from "node:fs";

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
