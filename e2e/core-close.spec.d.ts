import "./support/page-globals";
//# sourceMappingURL=core-close.spec.d.ts.map