import { type Page } from "@playwright/test";
/** Prints the page's warnings, errors and uncaught exceptions into the test output, where a failure is read. */
export declare function forwardPageProblems(page: Page, name?: string): void;
/** Opens e2e/fixtures/pair.html (the library from source plus `window.harness`) and waits for it to load. */
export declare function openHarness(page: Page): Promise<void>;
//# sourceMappingURL=pages.d.ts.map