import "./support/page-globals";
//# sourceMappingURL=leaks.spec.d.ts.map