import "./support/page-globals";
//# sourceMappingURL=core-channels.spec.d.ts.map