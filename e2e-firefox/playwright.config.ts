// `npm run test:firefox`: the scenarios of e2e-firefox/ in Firefox ESR, driven over WebDriver BiDi with
// puppeteer-core (Playwright cannot drive a stock Firefox), with Playwright's runner only running the tests. It runs
// inside scripts/netns-run.sh, so the fixed page port cannot clash with other runs; see firefox.spec.ts.
import { defineConfig } from "@playwright/test";

export default defineConfig({
  testDir: ".",
  testMatch: "*.spec.ts",
  timeout: 90_000,
  fullyParallel: false,
  workers: 1,
  reporter: [["list"]],
  outputDir: "../test-results/firefox",
});
