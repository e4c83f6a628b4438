import { type Plugin } from "vite";
import type { SignalingServerOptions } from "../src/server";
/** The URL path the demo's signaling server answers on. Not "/", where Vite's hot-reload socket lives. */
export declare const SIGNALING_PATH = "/signaling";
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
export declare function signalingPlugin(options?: SignalingPluginOptions): Plugin;
//# sourceMappingURL=signaling-plugin.d.ts.map