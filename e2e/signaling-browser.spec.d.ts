export {};
//# sourceMappingURL=signaling-browser.spec.d.ts.map