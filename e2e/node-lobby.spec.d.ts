export {};
//# sourceMappingURL=node-lobby.spec.d.ts.map