import type { Player } from "./game-session";
import type { PlayerColors } from "./player-colors";
/** The arena element and its dots. */
export declare class ArenaView {
    #private;
    /** Draws into `element` in `colors`; a click there calls `onAim` with the point in arena units. */
    constructor(element: HTMLElement, colors: PlayerColors, onAim: (x: number, y: number) => void);
    /** Adds, moves and removes dots so that they match `players`; `selfId`'s dot is drawn as ours. */
    render(players: ReadonlyMap<number, Player>, selfId: number, dt: number): void;
}
//# sourceMappingURL=arena-view.d.ts.map