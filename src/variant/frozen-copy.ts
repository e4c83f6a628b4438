import { describe, logError } from "../internal/log";

/**
 * A frozen copy of the items of `values` for the Packed*Array classes; input that cannot be read (not iterable,
 * a Proxy that throws) gives an empty list with the reason logged, so a constructor never throws. What the items
 * are is checked when the array is encoded.
 */
export function frozenCopy<T>(values: Iterable<T> | null | undefined, where: string): readonly T[] {
  try {
    return Object.freeze(Array.from(values ?? []));
  } catch (error) {
    logError(where, `the values could not be read (${describe(error)}); the array is empty`);
    return Object.freeze([]);
  }
}
