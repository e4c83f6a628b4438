export {};
//# sourceMappingURL=signaling-bin.spec.d.ts.map