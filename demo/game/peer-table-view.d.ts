import type { PeerRow } from "./game-session";
import type { PlayerColors } from "./player-colors";
/** Keeps a `<tbody>` in step with the session's peers. */
export declare class PeerTableView {
    #private;
    /** Fills `body` (swatches in `colors`); `empty` is shown while there are no peers. */
    constructor(body: HTMLTableSectionElement, empty: HTMLElement, colors: PlayerColors);
    /** Shows exactly `rows`, in their order. */
    render(rows: readonly PeerRow[]): void;
}
//# sourceMappingURL=peer-table-view.d.ts.map