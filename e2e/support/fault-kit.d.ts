import { type Page } from "@playwright/test";
/** Opens pair.html, then loads the fault kit into it and waits until `window.faultKit` is there. */
export declare function openFaultKit(page: Page): Promise<void>;
/** The page's JS heap in bytes right after a forced full garbage collection (CDP HeapProfiler + Runtime). */
export declare function heapAfterGc(page: Page): Promise<number>;
//# sourceMappingURL=fault-kit.d.ts.map