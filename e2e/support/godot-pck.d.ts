/** Packs `files` (path without `res://` → content) into a `.pck` Godot 4.6 can run. */
export declare function writePck(files: Readonly<Record<string, string | Uint8Array>>): Uint8Array;
//# sourceMappingURL=godot-pck.d.ts.map