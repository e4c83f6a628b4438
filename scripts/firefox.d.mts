/** The path of a Firefox executable (FIREFOX_PATH, then Debian's firefox-esr, then firefox), or null if none is installed. */
export function findFirefox(): string | null;
