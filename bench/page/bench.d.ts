/** The contenders. `lib` drains inside the message task, `libFrame` once per animation frame. */
export type Kind = "raw" | "lib" | "libFrame" | "peerjs";
//# sourceMappingURL=bench.d.ts.map