export {};
//# sourceMappingURL=demo.spec.d.ts.map