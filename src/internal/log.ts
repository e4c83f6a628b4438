const PREFIX = "[godot-webrtc-shim]";

/** Logs an error the way Godot's `ERR_PRINT` does: the API call still returns a code, it never throws. */
export function logError(where: string, message: string): void {
  console.error(`${PREFIX} ${where}: ${message}`);
}

/** Logs a warning (Godot's `WARN_PRINT`). */
export function logWarning(where: string, message: string): void {
  console.warn(`${PREFIX} ${where}: ${message}`);
}

/** Logs why a call failed and hands back what the call returns, so guards read as one line. */
export function fail<T>(result: T, where: string, message: string): T {
  logError(where, message);
  return result;
}

/**
 * `value` for a log line about an argument that should be a `expected`: the value itself when it is one (a
 * string quoted), else what it is instead. Never throws, whatever a game passed (a Symbol, a hostile Proxy).
 */
export function shown(value: unknown, expected: "string" | "number"): string {
  if (typeof value !== expected) return `(a ${typeof value}, not a ${expected})`;
  return expected === "string" ? `"${String(value)}"` : String(value);
}

/** The message of anything thrown or rejected, for logs and `operation_failed`. */
export function describe(reason: unknown): string {
  try {
    if (reason instanceof Error) return `${reason.name}: ${reason.message}`;
    return String(reason);
  } catch {
    return "unknown error";
  }
}
