/** Hands out one colour per peer id for the lifetime of the page. */
export declare class PlayerColors {
    #private;
    /** The colour of `id`, assigned on first use. */
    of(id: number): string;
    /** Frees the colours of every id but `keep` (a new lobby starts afresh). */
    resetExcept(keep: number): void;
}
//# sourceMappingURL=player-colors.d.ts.map