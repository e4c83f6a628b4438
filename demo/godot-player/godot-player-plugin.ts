// A Vite plugin for demo/godot-player/ (dev server only): the Godot 4.6 web engine from the test cache
// (`node scripts/godot-engine.mjs` fetches it into node_modules/.cache/godot-4.6/) at
// /demo/godot-player/engine/, and the Godot player's project (main.gd) packed by the e2e harness's pack writer at
// /demo/godot-player/player.pck. Nothing of the engine is in git or in the published package.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Connect, Plugin } from "vite";
import { MAIN_SCENE, projectGodot, writePck } from "../../e2e/support/godot-pck";

const ENGINE_FILES = new Set(["index.js", "index.wasm", "index.audio.worklet.js", "index.audio.position.worklet.js"]);
const PROJECT = projectGodot("godot-webrtc-shim demo player");

function serve(root: string): Connect.NextHandleFunction {
  const engineDir = join(root, "node_modules", ".cache", "godot-4.6");
  return (request, response, next) => {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    if (path === "/demo/godot-player/player.pck") {
      const main = readFileSync(join(root, "demo", "godot-player", "main.gd"), "utf8");
      response.setHeader("Content-Type", "application/octet-stream");
      return void response.end(Buffer.from(writePck({ "project.godot": PROJECT, "main.tscn": MAIN_SCENE, "main.gd": main })));
    }
    const file = path.startsWith("/demo/godot-player/engine/") ? path.slice("/demo/godot-player/engine/".length) : null;
    if (file === null || !ENGINE_FILES.has(file)) return next();
    if (!existsSync(join(engineDir, file))) {
      response.statusCode = 404;
      return void response.end("The Godot engine is not fetched: run `node scripts/godot-engine.mjs`.");
    }
    response.setHeader("Content-Type", file.endsWith(".wasm") ? "application/wasm" : "text/javascript");
    response.end(readFileSync(join(engineDir, file)));
  };
}

/** Serves the Godot player's engine and pack on the dev server. */
export function godotPlayerPlugin(): Plugin {
  return {
    name: "godot-webrtc-shim:godot-player",
    configureServer(server) {
      server.middlewares.use(serve(server.config.root));
    },
  };
}
