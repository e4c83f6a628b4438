import { type Page } from "@playwright/test";
import type { Counts } from "../fixtures/counting-peer";
/** What a leak check measured. */
export interface LeakFigures {
    cycles: number;
    ms: number;
    heapBefore: number;
    heapAfter: number;
    /** Heap a cycle adds when its peers and channels are kept alive (the control run). */
    perLeakedCycle: number;
    end: Counts;
}
/**
 * Opens the fault kit in `page`, runs `cycles` cycles in batches of `batch` (checking after each that no browser
 * connection and no listener is left), then the control run; returns the figures for the caller to judge.
 */
export declare function runLeakCheck(page: Page, cycles: number, batch?: number): Promise<LeakFigures>;
//# sourceMappingURL=leak-check.d.ts.map