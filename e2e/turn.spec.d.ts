import "./support/page-globals";
//# sourceMappingURL=turn.spec.d.ts.map