// Where the bytes of an import go: the import is bundled the way size-limit does it (rolldown, tree-shaken,
// minified), and every minified byte is attributed to the source module it came from through the bundle's source
// map. A module's gzip share is its minified share of the gzipped whole: gzip works across module boundaries, so
// per-module gzip sizes do not add up, shares do.
import { gzipSync } from "node:zlib";
import { rolldown } from "rolldown";
import { SourceMapConsumer } from "source-map";

/**
 * Bundles `code` (an ES module importing from the package's dist/, resolved from `cwd`) and returns its minified
 * and gzipped size with the per-module breakdown, largest first.
 */
export async function breakdown(code, cwd) {
  const bundle = await rolldown({
    input: "entry",
    cwd,
    treeshake: true,
    logLevel: "silent",
    plugins: [{ name: "entry", resolveId: (id) => (id === "entry" ? id : null), load: (id) => (id === "entry" ? code : null) }],
  });
  const { output } = await bundle.generate({ format: "esm", minify: true, sourcemap: true });
  await bundle.close();
  const chunk = output[0];
  const minified = chunk.code.length;
  const gzip = gzipSync(chunk.code, { level: 9 }).length;
  const lines = chunk.code.split("\n");
  const perModule = new Map();
  const consumer = await new SourceMapConsumer(chunk.map.toString());
  let previous = null;
  consumer.eachMapping((mapping) => {
    if (previous) {
      const length = previous.line === mapping.generatedLine ? mapping.generatedColumn - previous.column : lines[previous.line - 1].length - previous.column;
      perModule.set(previous.source, (perModule.get(previous.source) ?? 0) + length);
    }
    previous = { line: mapping.generatedLine, column: mapping.generatedColumn, source: shortName(mapping.source) };
  });
  consumer.destroy?.();
  const modules = [...perModule]
    .filter(([, bytes]) => bytes > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([module, bytes]) => ({ module, minified: bytes, gzipShare: Math.round((bytes / minified) * gzip) }));
  return { minified, gzip, modules };
}

function shortName(source) {
  if (!source) return "(bundler glue)";
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
  if (inModules) return `${inModules[1]} (dependency)`;
  return source.replace(/^.*?\/(dist|src)\//, "").replace(/\.js$/, "");
}

/** The imports docs/performance.md breaks down. */
export const BREAKDOWNS = [
  { id: "peer-connection", label: "import { WebRTCPeerConnection } from \"godot-webrtc-shim/core\"", code: "export { WebRTCPeerConnection } from \"./dist/core.js\";" },
  { id: "core", label: "the whole core (godot-webrtc-shim/core)", code: "export * from \"./dist/core.js\";" },
];
