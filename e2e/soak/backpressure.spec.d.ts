import "../support/page-globals";
//# sourceMappingURL=backpressure.spec.d.ts.map