import "./support/page-globals";
//# sourceMappingURL=two-pages.spec.d.ts.map