/** The path of a Chromium executable, or null if none is installed. */
export function findChromium(): Promise<string | null>;
/** Chromium flags for headless runs as root with loopback peers. */
export const CHROMIUM_ARGS: string[];
