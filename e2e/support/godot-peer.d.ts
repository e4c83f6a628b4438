import { type Page } from "@playwright/test";
/** What a Godot test project holds. */
export interface GodotProject {
    /** `.gd` scripts by path without `res://`, e.g. `{ "main.gd": "extends Node\n…" }`. */
    scripts: Record<string, string>;
    /** The main scene's `.tscn` text; by default one Node running `main.gd`. */
    scene?: string;
    /** More files for the pack, by path without `res://`. */
    files?: Record<string, string | Uint8Array>;
    /** How long the engine may take to start and run the Bridge autoload (default 60 s; ~1 s on a quiet machine). */
    startTimeoutMs?: number;
}
/** A running Godot peer in `page`. */
export interface GodotPeer {
    readonly page: Page;
    /** The engine build, "v4.6.stable.official.89cea1439". */
    readonly build: string;
    /** Lines the engine printed with `print()`, in order. */
    readonly lines: readonly string[];
    /** Lines the engine printed as errors, in order. */
    readonly errors: readonly string[];
    /** Resolves with the first printed line (so far or later) matching `match`. */
    waitForLine(match: string | RegExp, timeoutMs?: number): Promise<string>;
    /** Queues `value` (JSON, Uint8Array allowed) for GDScript's `Bridge.take(name)` / `await Bridge.next(name)`. */
    send(name: string, value: unknown): Promise<void>;
    /** Resolves with the next value GDScript posted with `Bridge.post(name, value)`. */
    next<T = unknown>(name: string, timeoutMs?: number): Promise<T>;
}
/** Opens e2e/fixtures/godot.html in `page`, starts Godot on `project` and resolves once its scripts run. */
export declare function startGodot(page: Page, project: GodotProject): Promise<GodotPeer>;
//# sourceMappingURL=godot-peer.d.ts.map