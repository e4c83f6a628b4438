// Issue 9, "Done when": no public prototype offers a method or property outside the documented API. For every
// class the built entries export, each property a JavaScript caller can reach — on the class (statics) and on every
// prototype of its chain — must be declared public in that class's generated declaration (dist/types), where the
// doc comments are. TypeScript's `private`, `protected` and `@internal` vanish at run time, so a member that exists
// in dist/ but is missing from the declarations, or declared only as protected, is exactly what a script could
// misuse. Runs in Node against the build (npm test builds first).
import { expect, test } from "@playwright/test";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const DIST = resolve(import.meta.dirname, "..", "dist");
const ENTRIES = ["index.js", "server.js", "signaling.js", "variant.js", "node.js"];
const MODIFIERS = /^(?:(?:static|readonly|abstract|declare|get|set|protected|private|public|override|async)\s+)*/;

/** Every `declare class` of dist/types: its public member names and the ones declared protected or private. */
function declaredClasses(): Map<string, { statics: Set<string>; members: Set<string>; hidden: Set<string> }> {
  const classes = new Map<string, { statics: Set<string>; members: Set<string>; hidden: Set<string> }>();
  const files = (readdirSync(join(DIST, "types"), { recursive: true }) as string[]).filter((file) => file.endsWith(".d.ts"));
  for (const file of files) {
    const text = readFileSync(join(DIST, "types", file), "utf8");
    for (const match of text.matchAll(/^export declare (?:abstract )?class (\w+)[^\n]*\{\n([\s\S]*?)^\}/gm)) {
      const entry = { statics: new Set<string>(), members: new Set<string>(), hidden: new Set<string>() };
      for (const line of match[2]!.split("\n")) {
        const member = /^ {4}(?!\s|\/|\*)(.*)$/.exec(line)?.[1];
        if (member === undefined || member.startsWith("#")) continue;
        const modifiers = MODIFIERS.exec(member)![0];
        const name = /^["']?([\w$]+)/.exec(member.slice(modifiers.length))?.[1];
        if (name === undefined || name === "constructor") continue;
        if (/\b(?:protected|private)\b/.test(modifiers)) entry.hidden.add(name);
        else (/\bstatic\b/.test(modifiers) ? entry.statics : entry.members).add(name);
      }
      classes.set(match[1]!, entry);
    }
  }
  return classes;
}

test("every property a script can reach on an exported class or its prototypes is declared public in its .d.ts", async () => {
  const declared = declaredClasses();
  const exported = new Map<string, Function>();
  for (const entry of ENTRIES) {
    const module = (await import(pathToFileURL(join(DIST, entry)).href)) as Record<string, unknown>;
    for (const value of Object.values(module)) if (typeof value === "function" && /^class\b/.test(Function.prototype.toString.call(value))) exported.set(value.name, value);
  }
  expect(exported.size, "the entries export classes").toBeGreaterThan(20);
  // Bases from the platform or a dependency (node-datachannel's RTCPeerConnection under the /node entry) are theirs.
  const foreign = new Set<unknown>(Object.values(await import("node-datachannel/polyfill")));
  const undeclared: string[] = [];
  const checked = new Set<Function>(Object.getOwnPropertyNames(globalThis).map((name) => (globalThis as Record<string, unknown>)[name]).filter((value): value is Function => typeof value === "function"));
  for (const value of foreign) if (typeof value === "function") checked.add(value);
  for (const cls of exported.values()) {
    // The class and each base it extends: statics on the constructor, methods and accessors on its prototype.
    for (let level: Function | null = cls; level !== null && level !== Function.prototype && !checked.has(level); level = Object.getPrototypeOf(level) as Function | null) {
      checked.add(level);
      const types = declared.get(level.name);
      if (types === undefined) {
        undeclared.push(`${level.name}: no declaration in dist/types`);
        continue;
      }
      for (const name of Object.getOwnPropertyNames(level)) {
        if (["length", "name", "prototype"].includes(name)) continue;
        if (!types.statics.has(name)) undeclared.push(`${level.name}.${name} (static)${types.hidden.has(name) ? ": declared protected/private" : ""}`);
      }
      for (const name of Object.getOwnPropertyNames(level.prototype as object)) {
        if (name === "constructor") continue;
        if (!types.members.has(name)) undeclared.push(`${level.name}#${name}${types.hidden.has(name) ? ": declared protected/private" : ""}`);
      }
    }
  }
  console.log(`api surface: ${exported.size} exported classes and their bases checked`);
  expect(undeclared, "reachable from JavaScript but not declared public").toEqual([]);
});
