/** The repository root (this file is e2e/support/bundle.ts). */
export declare const PROJECT_ROOT: string;
/** The published files `npm run build` makes. */
export declare const DIST: string;
/** Throws with the command to run when the published artefacts are missing. */
export declare function requireDist(files: string[]): void;
/**
 * Bundles `entry` (relative to the repository root) into `outDir` as `app.js` plus chunks, with the project's own
 * vite.config.ts out of the way, and returns the text of every JavaScript file written.
 */
export declare function bundleApp(entry: string, outDir: string): Promise<string>;
//# sourceMappingURL=bundle.d.ts.map