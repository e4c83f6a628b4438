// The Godot half of `npm run bench` (bench/run.mjs starts it inside scripts/netns-run.sh and merges what it
// writes): real Godot 4.6 web next to the library in one Chromium page, through the e2e harness
// (e2e/support/godot-peer.ts). Not part of `npm test`: it measures, it asserts nothing.
import { resolve } from "node:path";
import { defineConfig } from "@playwright/test";
import { CHROMIUM_ARGS, findChromium } from "../../scripts/browser.mjs";

const executablePath = (await findChromium()) ?? undefined;
const PORT = Number(process.env.BENCH_GODOT_PORT ?? 5219);

export default defineConfig({
  testDir: ".",
  testMatch: "*.bench.ts",
  timeout: 30 * 60_000,
  workers: 1,
  reporter: [["line"]],
  outputDir: "../../test-results/bench-godot",
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: "chromium",
    headless: true,
    launchOptions: { executablePath, args: CHROMIUM_ARGS },
  },
  webServer: {
    command: `E2E_STATIC=1 npx vite --host 127.0.0.1 --port ${PORT} --strictPort`,
    url: `http://127.0.0.1:${PORT}/e2e/fixtures/blank.html`,
    cwd: resolve(import.meta.dirname, "..", ".."),
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
