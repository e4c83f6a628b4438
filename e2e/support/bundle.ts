// Bundling a fixture app the way a game's build would, with Vite's JS API, against the package as published
// (its name resolves through package.json "exports" to dist/). Output goes to a directory the test owns.
import { readdir, readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { build } from "vite";

/** The repository root (this file is e2e/support/bundle.ts). */
export const PROJECT_ROOT = resolve(import.meta.dirname, "..", "..");
/** The published files `npm run build` makes. */
export const DIST = join(PROJECT_ROOT, "dist");

/** Throws with the command to run when the published artefacts are missing. */
export function requireDist(files: string[]): void {
  const missing = files.filter((file) => !existsSync(join(DIST, file)));
  if (missing.length > 0) {
    throw new Error(`dist/ lacks ${missing.join(", ")}: run \`npm run build\` before these tests (\`npm test\` does it for you)`);
  }
}

/**
 * Bundles `entry` (relative to the repository root) into `outDir` as `app.js` plus chunks, with the project's own
 * vite.config.ts out of the way, and returns the text of every JavaScript file written.
 */
export async function bundleApp(entry: string, outDir: string): Promise<string> {
  await build({
    configFile: false,
    root: PROJECT_ROOT,
    publicDir: false,
    logLevel: "warn",
    build: {
      outDir,
      emptyOutDir: true,
      target: "es2022",
      modulePreload: false,
      rolldownOptions: {
        input: { app: join(PROJECT_ROOT, entry) },
        output: { entryFileNames: "[name].js", chunkFileNames: "[name]-[hash].js" },
      },
    },
  });
  const files = (await readdir(outDir, { recursive: true })).filter((file) => file.endsWith(".js"));
  const texts = await Promise.all(files.map((file) => readFile(join(outDir, file), "utf8")));
  return texts.join("\n");
}
