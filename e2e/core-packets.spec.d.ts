import "./support/page-globals";
//# sourceMappingURL=core-packets.spec.d.ts.map