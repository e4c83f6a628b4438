// Node-side helpers for opening the fixture pages.
import { expect, type Page } from "@playwright/test";

/** Prints the page's warnings, errors and uncaught exceptions into the test output, where a failure is read. */
export function forwardPageProblems(page: Page, name = "page"): void {
  page.on("console", (message) => {
    const type = message.type();
    if (type === "error" || type === "warning") console.log(`[${name} ${type}]`, message.text());
  });
  page.on("pageerror", (error) => console.log(`[${name} uncaught]`, error.message));
}

/** Opens e2e/fixtures/pair.html (the library from source plus `window.harness`) and waits for it to load. */
export async function openHarness(page: Page): Promise<void> {
  forwardPageProblems(page);
  await page.goto("/e2e/fixtures/pair.html");
  await expect(page, "pair.html did not finish loading the library").toHaveTitle("ready");
}
