import { logError } from "./log";

/**
 * The proof that a constructor call comes from inside the library. Some classes are built only by the library
 * (a `WebRTCDataChannel` by its connection, a `Signal` by its object, `SignalingServer` by its `start`); TypeScript's
 * `private` and `@internal` vanish at run time, so their constructors take this value first. It lives in module
 * scope and is on no object, so a game calling `new` from JavaScript cannot pass it.
 *
 * How to use it: `constructor(key: LibraryKey, …) { if (!fromLibrary(key, "ClassName")) { build an inert object } }`
 * and, inside the library, `new ClassName(LIBRARY_KEY, …)`.
 */
export const LIBRARY_KEY: unique symbol = Symbol("godot-webrtc-shim internal");

/** The type of `LIBRARY_KEY`. */
export type LibraryKey = typeof LIBRARY_KEY;

/** Whether `key` is `LIBRARY_KEY`; if not, logs that `className` cannot be built directly. Never throws. */
export function fromLibrary(key: unknown, className: string): key is LibraryKey {
  if (key === LIBRARY_KEY) return true;
  logError(className, `${className} objects are made by the library, not with new; this one is inert`);
  return false;
}
