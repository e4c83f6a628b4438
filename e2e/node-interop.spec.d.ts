export {};
//# sourceMappingURL=node-interop.spec.d.ts.map