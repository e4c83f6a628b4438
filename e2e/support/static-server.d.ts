/** A running server. */
export interface StaticServer {
    /** `http://127.0.0.1:<port>` */
    readonly url: string;
    close(): Promise<void>;
}
/**
 * Serves each URL prefix from a directory, e.g. `{ "/dist/": "/repo/dist", "/": "/repo/e2e/fixtures/artefacts" }`;
 * the longest matching prefix wins. Anything else is a 404.
 */
export declare function serveStatic(routes: Record<string, string>): Promise<StaticServer>;
//# sourceMappingURL=static-server.d.ts.map