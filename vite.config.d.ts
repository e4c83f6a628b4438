declare const _default: import("vitest/config").ViteUserConfigFnObject;
export default _default;
//# sourceMappingURL=vite.config.d.ts.map