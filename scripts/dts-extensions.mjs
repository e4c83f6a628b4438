#!/usr/bin/env node
// Run by `npm run build` after `tsc -p tsconfig.build.json`: gives every relative specifier in the emitted
// declarations (dist/types/**/*.d.ts) the extension Node's ESM resolution needs, so the types resolve under
// `moduleResolution` node16 / nodenext as well as bundler. The sources import without extensions (bundler style)
// and tsc copies specifiers verbatim, so `from "./enums"` becomes `from "./enums.js"` and a directory import
// (`import("..")`, which tsc writes for inferred types) becomes `"../index.js"`. A specifier that matches no
// emitted file fails the build rather than shipping a type that silently becomes `any`.
import { existsSync } from "node:fs";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..", "dist", "types");
// `from "x"`, `import("x")` and a bare `import "x"`: the three places a specifier appears in a declaration file.
const SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(["'])(\.{1,2}(?:\/[^"']*)?)\2/g;

/** The specifier `spec`, written in `file`, with the extension of the declaration it names. */
function withExtension(file, spec) {
  const target = resolve(dirname(file), spec);
  const asFile = `${target}.d.ts`;
  const asIndex = join(target, "index.d.ts");
  let resolved;
  if (existsSync(asFile)) resolved = `${spec}.js`;
  else if (existsSync(asIndex)) resolved = `${spec.replace(/\/$/, "")}/index.js`;
  else if (spec.endsWith(".js") && existsSync(target.replace(/\.js$/, ".d.ts"))) resolved = spec;
  else throw new Error(`${relative(root, file)}: "${spec}" names no emitted declaration`);
  return resolved.startsWith(".") ? resolved : `./${resolved}`;
}

async function* declarations(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* declarations(path);
    else if (entry.name.endsWith(".d.ts")) yield path;
  }
}

let files = 0;
let rewritten = 0;
for await (const file of declarations(root)) {
  const text = await readFile(file, "utf8");
  const next = text.replace(SPECIFIER, (_match, lead, quote, spec) => {
    rewritten += 1;
    return `${lead}${quote}${withExtension(file, spec)}${quote}`;
  });
  files += 1;
  if (next !== text) await writeFile(file, next);
}
console.log(`dts-extensions: ${rewritten} relative specifiers in ${files} declaration files given their extension`);
