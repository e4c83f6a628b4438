// A Vite plugin that runs the signaling server inside Vite's own HTTP server, so `npm run demo` is one command:
// the pages and the lobby server share a port, and the game connects to ws(s)://<page host>/signaling.
import type { Server as HttpServer } from "node:http";
import { fileURLToPath } from "node:url";
import { runnerImport, type Logger, type Plugin } from "vite";
import type { SignalingServerOptions } from "../src/server";

const SERVER_MODULE = fileURLToPath(new URL("../src/server.ts", import.meta.url));

/** The URL path the demo's signaling server answers on. Not "/", where Vite's hot-reload socket lives. */
export const SIGNALING_PATH = "/signaling";

/** Options of `signalingPlugin`: the server's limits and times (`server`, `path` and `noServer` are the plugin's). */
export type SignalingPluginOptions = Omit<SignalingServerOptions, "server" | "path" | "noServer" | "port" | "host"> & {
  /** The upgrade path to answer (default `SIGNALING_PATH`). */
  path?: string;
};

/**
 * Attaches a `SignalingServer` to the HTTP server of `vite` (dev) and `vite preview`, at `path`; `vite build`
 * never calls these hooks, so library builds stay untouched. Vitest's middleware-mode server has no HTTP server
 * and gets nothing either. The signaling server closes with Vite's server.
 */
export function signalingPlugin(options: SignalingPluginOptions = {}): Plugin {
  const path = options.path ?? SIGNALING_PATH;
  const attach = async (httpServer: HttpServer | null, logger: Logger): Promise<void> => {
    if (httpServer === null) return;
    const log = options.log ?? ((message: string) => logger.info(`[signaling] ${message}`, { timestamp: true }));
    // Loaded through Vite's module runner rather than imported: the config bundler would otherwise take in the
    // whole server source and warn, on every start, that its extensionless imports will not load natively.
    const { module } = await runnerImport<typeof import("../src/server")>(SERVER_MODULE);
    const signaling = await module.SignalingServer.listen({ ...options, server: httpServer, path, log });
    const announce = (): void => {
      const address = httpServer.address();
      const where = typeof address === "object" && address !== null ? `${address.address.includes(":") ? `[${address.address}]` : address.address}:${address.port}` : "this server";
      logger.info(`  signaling server: ws://${where}${path} (lobbies of Godot's webrtc_signaling protocol)`);
    };
    if (httpServer.listening) announce();
    else httpServer.once("listening", announce);
    httpServer.once("close", () => void signaling.close());
  };
  return {
    name: "godot-webrtc-shim:signaling",
    apply: "serve",
    async configureServer(server) {
      // Vite's dev server is an http.Server unless it is configured for HTTP/2 (then Http2SecureServer, which
      // `ws` cannot take upgrades from); the demo serves plain HTTP.
      await attach(server.httpServer as HttpServer | null, server.config.logger);
    },
    async configurePreviewServer(server) {
      await attach(server.httpServer as HttpServer, server.config.logger);
    },
  };
}
