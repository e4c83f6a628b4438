import "./support/page-globals";
//# sourceMappingURL=package.spec.d.ts.map