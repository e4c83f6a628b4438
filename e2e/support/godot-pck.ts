// A writer for Godot's resource pack format, version 3 (what Godot 4.6 loads as `mainPack`), for test projects given
// as strings: `project.godot`, a `.tscn` and `.gd` scripts. No compression, no encryption.
//
// Layout (little-endian): "GDPC", u32 pack version 3, u32 engine 4 / 6 / 0, u32 flags 2 (file offsets relative to
// the file base), u64 file base, u64 directory offset, 16 reserved u32; the files, each padded to 16 bytes; the
// directory: u32 count, then per file u32 path length, the path without `res://` zero-padded to a multiple of 4,
// u64 offset (from the file base), u64 size, 16-byte md5, u32 flags 0.
import { createHash } from "node:crypto";

const HEADER_SIZE = 4 + 4 * 5 + 8 + 8 + 16 * 4;
const ALIGN = 16;
const REL_FILEBASE = 2;

const padTo = (n: number, to: number): number => Math.ceil(n / to) * to;

/** Packs `files` (path without `res://` → content) into a `.pck` Godot 4.6 can run. */
export function writePck(files: Readonly<Record<string, string | Uint8Array>>): Uint8Array {
  const entries = Object.entries(files).map(([path, content]) => ({
    path: Buffer.from(path.replace(/^res:\/\//, ""), "utf8"),
    data: typeof content === "string" ? Buffer.from(content, "utf8") : Buffer.from(content),
  }));
  const fileBase = padTo(HEADER_SIZE, ALIGN);
  let offset = 0;
  const placed = entries.map((entry) => {
    const at = offset;
    offset += padTo(entry.data.length, ALIGN);
    return { ...entry, at };
  });
  const dirOffset = fileBase + offset;
  const dirSize = 4 + placed.reduce((sum, entry) => sum + 4 + padTo(entry.path.length, 4) + 8 + 8 + 16 + 4, 0);
  const out = Buffer.alloc(dirOffset + dirSize);
  out.write("GDPC", 0, "latin1");
  [3, 4, 6, 0, REL_FILEBASE].forEach((value, i) => out.writeUInt32LE(value, 4 + i * 4));
  out.writeBigUInt64LE(BigInt(fileBase), 24);
  out.writeBigUInt64LE(BigInt(dirOffset), 32);
  for (const entry of placed) entry.data.copy(out, fileBase + entry.at);
  let at = dirOffset;
  out.writeUInt32LE(placed.length, at);
  at += 4;
  for (const entry of placed) {
    const pathSize = padTo(entry.path.length, 4);
    out.writeUInt32LE(pathSize, at);
    entry.path.copy(out, at + 4);
    at += 4 + pathSize;
    out.writeBigUInt64LE(BigInt(entry.at), at);
    out.writeBigUInt64LE(BigInt(entry.data.length), at + 8);
    createHash("md5").update(entry.data).digest().copy(out, at + 16);
    out.writeUInt32LE(0, at + 32);
    at += 36;
  }
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}

/**
 * A Godot 4.6 `project.godot` named `name` whose main scene is `res://main.tscn` ({@link MAIN_SCENE}), with
 * `sections` (further `[section]` blocks, e.g. `[autoload]` or `[network]`) appended.
 */
export function projectGodot(name: string, sections = ""): string {
  return `config_version=5

[application]
config/name="${name}"
run/main_scene="res://main.tscn"
config/features=PackedStringArray("4.6")
${sections === "" ? "" : `\n${sections}`}`;
}

/** A `main.tscn` of one Node running `res://main.gd`. */
export const MAIN_SCENE = `[gd_scene load_steps=2 format=3]

[ext_resource type="Script" path="res://main.gd" id="1"]

[node name="Main" type="Node"]
script = ExtResource("1")
`;
