export {};
//# sourceMappingURL=multiplayer.spec.d.ts.map