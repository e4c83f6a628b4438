import "./support/page-globals";
//# sourceMappingURL=faults.spec.d.ts.map