// Machinery of the bad-input matrix (never-throws.test.ts): each public method gets a row saying what its
// parameters accept and what it returns for a refused argument or an accepted call, read from the object's state
// just before the call. The runner puts every hostile value in every parameter position (the others good),
// calls, and records whatever differs from the row: a throw, a wrong result, a refusal that logged nothing, or a
// refusal that changed the object's state.
import { isPlainObject } from "../internal/checks";

/** The object under test, the name of the state it was put in, and anything the rows need to know about it. */
export interface Cell<T> {
  readonly obj: T;
  readonly state: string;
}

/** What a parameter accepts (judged by the contract, not by calling the library) and a good value for it. */
export interface Param {
  readonly name: string;
  valid(value: unknown, cell: Cell<never>): boolean;
  good(cell: Cell<never>): unknown;
  /** Values worth trying for this parameter besides the shared hostile list (malformed SDP, bad options…). */
  readonly extra?: readonly [string, unknown][];
}

/** What a call must give: exactly `value`, or something `match` accepts; `logs`: an error or warning is required. */
export interface Expectation {
  readonly value?: unknown;
  readonly match?: (result: unknown) => boolean;
  readonly what?: string;
  readonly logs?: boolean;
}

/** One method's row: its parameters, what a refused argument gives, and what an accepted call gives. */
export interface Row<T> {
  readonly params: readonly Param[];
  /** Result for an argument some parameter does not accept (default: the row has no refusals). */
  readonly refused?: (cell: Cell<T>) => Expectation;
  /** Result when every argument is acceptable, read from the state before the call. */
  readonly accepted: (cell: Cell<T>, args: unknown[]) => Expectation;
}

/** Counters a matrix run adds to, for docs/reliability.md. */
export const tally = { calls: 0, refused: 0, cells: new Set<string>() };

/** Public method names of a prototype and its ancestors (Godot API: no constructor, no accessors). */
export function methodsOf(prototype: object, except: readonly string[] = []): string[] {
  const names = new Set<string>();
  for (let p: object | null = prototype; p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) {
    for (const name of Object.getOwnPropertyNames(p)) {
      const descriptor = Object.getOwnPropertyDescriptor(p, name);
      if (name !== "constructor" && typeof descriptor?.value === "function" && !except.includes(name)) names.add(name);
    }
  }
  return [...names].sort();
}

/** Runs every row of `table` for `methods` on a fresh object per method from `make()`; returns what went wrong. */
export async function runMatrix<T extends object>(options: {
  state: string;
  methods: readonly string[];
  table: Readonly<Record<string, Row<T>>>;
  values: readonly [string, unknown][];
  make: () => Promise<T> | T;
  snapshot: (obj: T) => unknown;
  logCount: () => number;
  /** After the calls: checks that a correct sequence still works on the same object; throws if not. */
  stillWorks?: (obj: T) => Promise<void> | void;
}): Promise<string[]> {
  const problems: string[] = [];
  for (const method of options.methods) {
    const row = options.table[method];
    if (row === undefined) {
      problems.push(`${method}: no row in the matrix`);
      continue;
    }
    const obj = await options.make();
    const cell: Cell<T> = { obj, state: options.state };
    tally.cells.add(`${obj.constructor.name}.${method}@${options.state}`);
    for (const args of argumentLists(row, cell as Cell<never>, options.values)) {
      const valid = row.params.every((param, i) => param.valid(args.values[i], cell as Cell<never>));
      if (!valid && row.refused === undefined) continue; // a parameter judged by the row alone (none here)
      const expected = valid ? row.accepted(cell, args.values) : row.refused!(cell);
      const before = valid ? null : JSON.stringify(options.snapshot(obj));
      const logsBefore = options.logCount();
      const label = `${method}(${args.labels.join(", ")}) in ${options.state}`;
      tally.calls++;
      if (!valid) tally.refused++;
      let result: unknown;
      try {
        result = (obj as Record<string, (...a: unknown[]) => unknown>)[method]!(...args.values);
      } catch (error) {
        problems.push(`${label} threw ${error instanceof Error ? error.message : "something"}`);
        continue;
      }
      if ("value" in expected && !Object.is(result, expected.value)) {
        problems.push(`${label} returned ${show(result)}, expected ${show(expected.value)}`);
      }
      if (expected.match !== undefined && !expected.match(result)) {
        problems.push(`${label} returned ${show(result)}, expected ${expected.what ?? "something else"}`);
      }
      if ((expected.logs ?? !valid) && options.logCount() === logsBefore) problems.push(`${label} did not log why`);
      if (before !== null && JSON.stringify(options.snapshot(obj)) !== before) problems.push(`${label} was refused but changed the state`);
    }
    try {
      await options.stillWorks?.(obj);
    } catch (error) {
      problems.push(`after ${method}(…) in ${options.state}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return problems;
}

/** Every argument list for a row: all good, then each value in each position (others good), then one extra argument. */
function argumentLists<T>(row: Row<T>, cell: Cell<never>, values: readonly [string, unknown][]): { values: unknown[]; labels: string[] }[] {
  const lists: { values: unknown[]; labels: string[] }[] = [];
  const goods = (): unknown[] => row.params.map((param) => param.good(cell));
  lists.push({ values: goods(), labels: row.params.map((p) => `good ${p.name}`) });
  row.params.forEach((param, position) => {
    for (const [label, value] of [...values, ...(param.extra ?? [])]) {
      const args = goods();
      args[position] = value;
      lists.push({ values: args, labels: row.params.map((p, i) => (i === position ? label : `good ${p.name}`)) });
    }
  });
  // Arguments a method does not take are ignored, whatever they are.
  for (const [label, value] of values) lists.push({ values: [...goods(), value], labels: [...row.params.map((p) => `good ${p.name}`), label] });
  return lists;
}

function show(value: unknown): string {
  try {
    if (value instanceof Uint8Array) return `Uint8Array(${value.byteLength})`;
    if (typeof value === "object" && value !== null) return Object.prototype.toString.call(value);
    return String(value);
  } catch {
    return "(unprintable)";
  }
}

// ---- parameters, judged by CONTRACT.md ----

/** A parameter of the given `valid` rule with good value `good` (a thunk for objects each call needs fresh). */
export function param(name: string, valid: (value: unknown, cell: Cell<never>) => boolean, good: unknown, extra?: readonly [string, unknown][]): Param {
  return { name, valid, good: typeof good === "function" ? (good as (cell: Cell<never>) => unknown) : () => good, extra };
}

/** An integer in `min`…`max`. */
export const intIn = (name: string, min: number, max: number, good: number): Param =>
  param(name, (v) => Number.isInteger(v) && (v as number) >= min && (v as number) <= max, good);

/** A string (any, even malformed content: the browser judges that later). */
export const str = (name: string, good: string, extra?: readonly [string, unknown][]): Param => param(name, (v) => typeof v === "string", good, extra);

/** A boolean. */
export const bool = (name: string, good: boolean): Param => param(name, (v) => typeof v === "boolean", good);

/** One of `allowed`. */
export const oneOf = (name: string, allowed: readonly unknown[], good: unknown, extra?: readonly [string, unknown][]): Param =>
  param(name, (v) => allowed.includes(v), good, extra);

/** Anything at all (the method does not check it). */
export const any = (name: string, good: unknown): Param => param(name, () => true, good);

/** PackedByteArray: a Uint8Array, any view, an ArrayBuffer or an array of integers 0…255. */
export const bytes = param("bytes", (v) => {
  try {
    if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return true;
    return Array.isArray(v) && v.every((b) => Number.isInteger(b) && b >= 0 && b <= 255);
  } catch {
    return false;
  }
}, () => new Uint8Array([1, 2, 3]));

/** What `put_var` can encode among the values tried: null, booleans, numbers, strings, and arrays / plain objects of those. */
export const variant = param("value", function encodable(v: unknown): boolean {
  try {
    if (v === null || ["boolean", "number", "string"].includes(typeof v)) return true;
    if (Array.isArray(v)) return v.every((item) => encodable(item));
    if (isPlainObject(v)) return Object.values(v).every((item) => encodable(item));
  } catch {
    // a Proxy whose reads throw cannot be encoded
  }
  return false;
}, { hp: 3, name: "x" });

/** A handler function. */
export const handler = (fn: () => void): Param => param("handler", (v) => typeof v === "function", () => fn);

/** Matches an integer in `min`…`max`. */
export const intResult = (min: number, max: number): Expectation => ({
  match: (r) => Number.isInteger(r) && (r as number) >= min && (r as number) <= max,
  what: `an integer in ${min}…${max}`,
});

/** Matches a value of `typeof` kind. */
export const typed = (kind: string): Expectation => ({ match: (r) => typeof r === kind, what: `a ${kind}` });
