// A Vite plugin for the demo's URLs: a folder with an index.html, asked for without its trailing slash
// (`/demo/game`), is redirected to the slashed form, so its page and its relative links load; `/demo` and `/demo/`
// (a folder without a page of its own) go to the index of demos. With `appType: "mpa"` in vite.config.ts, any
// other unknown path is a 404 rather than the index page served in its place.
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Connect, Plugin } from "vite";

/** Where `/demo` and `/demo/` lead: the index page, which lists the demos. */
const DEMO_ROOT_REDIRECTS: Readonly<Record<string, string>> = { "/demo": "/", "/demo/": "/" };

/** The redirect middleware for a server whose pages live under `root`. */
function redirects(root: string): Connect.NextHandleFunction {
  return (request, response, next) => {
    if (request.method !== "GET" && request.method !== "HEAD") return next();
    const url = new URL(request.url ?? "/", "http://localhost");
    const target = DEMO_ROOT_REDIRECTS[url.pathname] ??
      (!url.pathname.endsWith("/") && existsSync(join(root, decodeURIComponent(url.pathname), "index.html")) ? `${url.pathname}/` : null);
    if (target === null) return next();
    response.statusCode = 301;
    response.setHeader("Location", `${target}${url.search}`);
    response.end();
  };
}

/** Applies the redirects to `vite` (dev) and `vite preview`. */
export function pageRoutesPlugin(): Plugin {
  return {
    name: "godot-webrtc-shim:page-routes",
    configureServer(server) {
      server.middlewares.use(redirects(server.config.root));
    },
    configurePreviewServer(server) {
      server.middlewares.use(redirects(server.config.build.outDir));
    },
  };
}
