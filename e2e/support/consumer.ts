// A fresh consumer project for e2e/package.spec.ts: the packed tarball installed into a temporary folder with
// `npm ci --offline`, from a lockfile built out of the repository's own (same versions, same integrity hashes), so
// the install needs no registry: npm's cache already holds those tarballs once the repository was installed.
import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { PROJECT_ROOT } from "./bundle";

const run = promisify(execFile);

interface LockEntry {
  version?: string;
  dependencies?: Record<string, string>;
  dev?: boolean;
  devOptional?: boolean;
  peer?: boolean;
  [key: string]: unknown;
}

/** Packs the repository into `folder`, installs the tarball (and `extra` of the repository's packages) there. */
export async function installPackedTarball(folder: string, extra: string[]): Promise<string> {
  const packed = await run("npm", ["pack", "--json", "--pack-destination", folder], { cwd: PROJECT_ROOT });
  const [{ filename }] = JSON.parse(packed.stdout) as [{ filename: string }];
  const pkg = JSON.parse(await readFile(join(PROJECT_ROOT, "package.json"), "utf8")) as LockEntry & { name: string };
  const rootLock = JSON.parse(await readFile(join(PROJECT_ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, LockEntry> };

  const packages: Record<string, LockEntry> = {};
  const add = (name: string): void => {
    const key = `node_modules/${name}`;
    if (packages[key]) return;
    const entry = rootLock.packages[key];
    if (!entry) throw new Error(`package-lock.json has no ${key}`);
    const { dev: _dev, devOptional: _devOptional, peer: _peer, ...kept } = entry;
    packages[key] = kept;
    for (const dependency of Object.keys(entry.dependencies ?? {})) add(dependency);
  };
  const { name, version, license, dependencies, peerDependencies, peerDependenciesMeta, engines, bin } = pkg;
  packages[`node_modules/${name}`] = { version, resolved: `file:${filename}`, license, dependencies, peerDependencies, peerDependenciesMeta, engines, bin };
  for (const dependency of [...Object.keys(dependencies ?? {}), ...extra]) add(dependency);

  const wanted = Object.fromEntries([[name, `file:./${filename}`], ...extra.map((dep) => [dep, packages[`node_modules/${dep}`]!.version!])]);
  packages[""] = { name: "consumer", dependencies: wanted };
  await writeFile(join(folder, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module", dependencies: wanted }, null, 2));
  await writeFile(join(folder, "package-lock.json"), JSON.stringify({ name: "consumer", lockfileVersion: 3, requires: true, packages }, null, 2));
  const { stdout, stderr } = await run("npm", ["ci", "--offline", "--no-audit", "--no-fund", "--ignore-scripts"], { cwd: folder, timeout: 120_000 });
  return stdout + stderr;
}
