import { defineConfig } from "@playwright/test";
import { CHROMIUM_ARGS, findChromium } from "./scripts/browser.mjs";

const executablePath = (await findChromium()) ?? undefined;
const PORT = Number(process.env.E2E_PORT ?? 5183);

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  // The long runs live in e2e/soak/ and run with `npm run test:soak` (playwright.soak.config.ts).
  testIgnore: "soak/**",
  // Chromium's first launch on a fresh machine is paid once here, not in the first test's time limit.
  globalSetup: "./e2e/support/warm-up.ts",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [["list"]],
  outputDir: "test-results",
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: "chromium",
    headless: true,
    permissions: ["microphone"],
    navigationTimeout: 30_000,
    launchOptions: { executablePath, args: CHROMIUM_ARGS },
  },
  webServer: {
    // E2E_STATIC: no HMR and no file watching, so an edit during a run cannot reload a page mid-test.
    command: `E2E_STATIC=1 npx vite --host 127.0.0.1 --port ${PORT} --strictPort`,
    url: `http://127.0.0.1:${PORT}/e2e/fixtures/blank.html`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
