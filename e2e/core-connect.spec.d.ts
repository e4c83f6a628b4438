import "./support/page-globals";
//# sourceMappingURL=core-connect.spec.d.ts.map