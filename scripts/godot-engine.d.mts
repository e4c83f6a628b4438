/** sha256 of the pinned godot/index.wasm. */
export const GODOT_WASM_SHA256: string;
/** The engine build the files report, "v4.6.stable.official.89cea1439". */
export const GODOT_BUILD: string;
/** Where the engine files live once fetched. */
export function godotEngineDir(): string;
/** Fetches and checks the engine files unless cached; returns their folder. */
export function ensureGodotEngine(): string;
