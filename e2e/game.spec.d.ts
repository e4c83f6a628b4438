export {};
//# sourceMappingURL=game.spec.d.ts.map