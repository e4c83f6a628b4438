import { resolve } from "node:path";
import { defineConfig } from "vitest/config";
import { pageRoutesPlugin } from "./demo/page-routes-plugin.js";
import { signalingPlugin } from "./demo/signaling-plugin.js";
import { godotPlayerPlugin } from "./demo/godot-player/godot-player-plugin.js";

const src = (file: string): string => resolve(import.meta.dirname, "src", file);

// One config, two library builds, both run by `npm run build`:
//   default mode → ES modules for every entry (mitt, ws, node-datachannel stay imports, the bundler of the game
//                  dedupes them; webrtc-adapter's shims are bundled, see below);
//   `--mode iife` → dist/godot-webrtc-shim.iife.js for a plain <script> tag, everything bundled.
// `vite` / `vite preview` (npm run demo, Playwright's web server) also get the signaling server at /signaling.
// The demos import the library by its package name, as a game would; in this repository that name means the
// sources (the same mapping as tsconfig.json's `paths`), so the demos need no build first.
const PACKAGE_ALIASES = ["core", "signaling", "variant", "server", "node"].map((entry) => ({ find: `godot-webrtc-shim/${entry}`, replacement: src(`${entry}.ts`) }));

// webrtc-adapter's shims (and sdp, which they use) are bundled rather than imported: its source files import each
// other without extensions, which Node cannot load. preserveModules would put them under dist/node_modules/, which
// npm leaves out of a tarball, so they go to dist/vendor/.
const VENDOR_NOTICE = "webrtc-adapter (BSD-3-Clause, (c) The WebRTC project authors, The adapter.js project authors), sdp (MIT, (c) Philipp Hancke) and mitt (MIT, (c) Jason Miller); licence texts in THIRD-PARTY-NOTICES.md";
const vendorFileName = (chunk: { name: string }): string =>
  chunk.name.includes("node_modules/") ? `vendor/${chunk.name.replace(/^.*node_modules\//, "")}.js` : "[name].js";
const vendorBanner = (chunk: { facadeModuleId: string | null }): string => {
  const id = chunk.facadeModuleId ?? "";
  if (id.includes("node_modules/webrtc-adapter/")) return "/*! webrtc-adapter, BSD-3-Clause, (c) The WebRTC project authors and The adapter.js project authors; licence text in THIRD-PARTY-NOTICES.md */";
  if (id.includes("node_modules/sdp/")) return "/*! sdp, MIT, (c) Philipp Hancke; licence text in THIRD-PARTY-NOTICES.md */";
  return "";
};

export default defineConfig(({ mode }) => ({
  plugins: [pageRoutesPlugin(), signalingPlugin(), godotPlayerPlugin()],
  // Pages are real files: an unknown path is a 404, not the index page in its place.
  appType: "mpa",
  resolve: { alias: [...PACKAGE_ALIASES, { find: /^godot-webrtc-shim$/, replacement: src("index.ts") }] },
  // The e2e web servers (E2E_STATIC=1) serve files as they are: no HMR client, no watcher, no reloads mid-test.
  server: process.env.E2E_STATIC ? { hmr: false, watch: null } : {},
  build: {
    sourcemap: true,
    // ESM stays readable (class names intact); the game's bundler minifies. The script-tag build is minified.
    minify: mode === "iife",
    emptyOutDir: false,
    target: "es2022",
    lib:
      mode === "iife"
        ? { entry: src("script-tag.ts"), formats: ["iife"], name: "GodotWebRTC", fileName: () => "godot-webrtc-shim.iife.js" }
        : { entry: { index: src("index.ts"), core: src("core.ts"), adapter: src("adapter.ts"), signaling: src("signaling.ts"), server: src("server.ts"), node: src("node.ts"), variant: src("variant.ts") }, formats: ["es"] },
    rollupOptions: {
      external: mode === "iife" ? [] : [/^mitt/, /^ws$/, /^node:/, /^node-datachannel/, /^ioredis/],
      // One output file per source module, so a game's bundler drops the modules it does not use (package.json
      // `sideEffects` names the only ones that have any): importing just WebRTCPeerConnection skips the
      // multiplayer peer, the signaling code and so on.
      // The footer makes `import "godot-webrtc-shim/iife"` set the global too (a classic script's top-level `var` does).
      // Bundled third-party code carries its licence notice (texts in THIRD-PARTY-NOTICES.md).
      output: mode === "iife"
        ? { footer: "globalThis.GodotWebRTC = GodotWebRTC;", postBanner: `/*! godot-webrtc-shim (MIT). Bundles ${VENDOR_NOTICE}. */` }
        : { preserveModules: true, preserveModulesRoot: "src", entryFileNames: vendorFileName, banner: vendorBanner },
    },
  },
  test: {
    include: ["src/**/*.test.ts"],
  },
}));
