export {};
//# sourceMappingURL=firefox.spec.d.ts.map