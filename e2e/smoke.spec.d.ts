export {};
//# sourceMappingURL=smoke.spec.d.ts.map