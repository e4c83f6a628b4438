import type { Page } from "@playwright/test";
import type { BulkFigures } from "../fixtures/fault-kit";
/** Connects a pair in the page (fault kit loaded) and pushes `totalBytes` in `size`-byte packets from a to b. */
export declare function pushThrough(page: Page, totalBytes: number, size: number): Promise<BulkFigures>;
//# sourceMappingURL=bulk.d.ts.map