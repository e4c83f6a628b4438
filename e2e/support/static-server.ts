// A plain static file server on 127.0.0.1 for the artefact pages: the files exactly as built, no dev server
// transforming them on the way.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, sep } from "node:path";

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".map": "application/json",
  ".json": "application/json",
};

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
export async function serveStatic(routes: Record<string, string>): Promise<StaticServer> {
  const prefixes = Object.keys(routes).sort((x, y) => y.length - x.length);
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname);
    const prefix = prefixes.find((candidate) => path.startsWith(candidate));
    const root = prefix === undefined ? undefined : routes[prefix];
    const file = root === undefined ? undefined : normalize(join(root, path.slice(prefix!.length)));
    const inside = root !== undefined && file !== undefined && (file + sep).startsWith(normalize(root + sep));
    if (!inside || !(await stat(file!).then((info) => info.isFile(), () => false))) {
      response.writeHead(404).end(`not found: ${path}`);
      return;
    }
    response.writeHead(200, { "content-type": CONTENT_TYPES[extname(file!)] ?? "application/octet-stream" });
    createReadStream(file!).pipe(response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
