import "./support/page-globals";
//# sourceMappingURL=artefacts.spec.d.ts.map