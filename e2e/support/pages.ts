// Node-side helpers for opening the fixture pages.
import { expect, type Browser, type Page } from "@playwright/test";

/** Prints the page's warnings, errors and uncaught exceptions into the test output, where a failure is read. */
export function forwardPageProblems(page: Page, name = "page"): void {
  page.on("console", (message) => {
    const type = message.type();
    if (type === "error" || type === "warning") console.log(`[${name} ${type}]`, message.text());
  });
  page.on("pageerror", (error) => console.log(`[${name} uncaught]`, error.message));
}

/**
 * Opens the fixture page `path` in a fresh browser context (its own storage and permissions, as another player's
 * browser would have) and waits for its title to read "ready".
 */
export async function openPageInNewContext(browser: Browser, baseURL: string | undefined, name: string, path: string): Promise<Page> {
  // The microphone permission makes Chromium reveal host candidates instead of mDNS names, as the config does.
  const context = await browser.newContext({ baseURL, permissions: ["microphone"] });
  const page = await context.newPage();
  forwardPageProblems(page, name);
  await page.goto(path);
  await expect(page, `${name}: ${path} did not load`).toHaveTitle("ready");
  return page;
}

/** Opens e2e/fixtures/pair.html (the library from source plus `window.harness`) and waits for it to load. */
export async function openHarness(page: Page): Promise<void> {
  forwardPageProblems(page);
  await page.goto("/e2e/fixtures/pair.html");
  await expect(page, "pair.html did not finish loading the library").toHaveTitle("ready");
}
