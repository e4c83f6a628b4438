// The long runs (`npm run test:soak`): the same browser, flags and dev server as playwright.config.ts, only the
// specs under e2e/soak/ and a longer time limit. CI runs it after `npm test`; it stays under ~10 minutes.
import { defineConfig } from "@playwright/test";
import base from "./playwright.config";

export default defineConfig({
  ...base,
  testDir: "e2e/soak",
  testIgnore: [],
  timeout: 10 * 60_000,
  // Its own output folder, so a soak run after `npm test` keeps that run's screenshots in test-results/.
  outputDir: "test-results/soak",
});
