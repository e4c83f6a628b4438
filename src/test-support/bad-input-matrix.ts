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

/**
 * One property's row: its parameters, what a refused argument gives, and what an accepted call gives. For a
 * method they are its arguments; for `constructor` those of `new`; for an accessor the one value assigned (an
 * accepted assignment gives `undefined`), with `read` saying what reading it gives (a getter-only accessor has no
 * params: assigning to it throws a TypeError in strict code, as for any read-only JS property).
 */
export interface Row<T> {
  readonly params: readonly Param[];
  /** Accessors: what reading the property gives. */
  readonly read?: (cell: Cell<T>) => Expectation;
  /** Result for an argument some parameter does not accept (default: the row has no refusals). */
  readonly refused?: (cell: Cell<T>) => Expectation;
  /** Result when every argument is acceptable, read from the state before the call. */
  readonly accepted: (cell: Cell<T>, args: unknown[]) => Expectation;
}

/** Counters a matrix run adds to, for docs/reliability.md. */
export const tally = { calls: 0, refused: 0, cells: new Set<string>() };

/** How a property of a public prototype is used: called, read (and assigned if it has a setter), or `new`ed. */
export type PropertyKind = "method" | "accessor" | "constructor";

/**
 * Every property a JavaScript caller reaches on instances of the class whose prototype this is: own and
 * inherited names up to `Object.prototype`, methods, accessors and `constructor` alike, symbol-keyed ones
 * included (as `String(symbol)`), with how each is used. Nothing is left out: this is the runtime surface.
 */
export function propertiesOf(prototype: object): Map<string, PropertyKind> {
  const properties = new Map<string, PropertyKind>();
  for (let p: object | null = prototype; p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) {
    for (const key of Reflect.ownKeys(p)) {
      const name = String(key);
      if (properties.has(name)) continue; // shadowed by a subclass
      const descriptor = Object.getOwnPropertyDescriptor(p, key)!;
      properties.set(name, key === "constructor" ? "constructor" : typeof descriptor.value === "function" ? "method" : "accessor");
    }
  }
  return properties;
}

/** Calls, reads / assigns, or constructs `name` on `obj` with `args`, as its kind says; what a JS caller would do. */
function use(obj: object, name: string, kind: PropertyKind, args: unknown[]): unknown {
  const target = obj as Record<string, unknown>;
  if (kind === "constructor") return Reflect.construct(target.constructor as new (...a: unknown[]) => unknown, args);
  if (kind === "method") return (target[name] as (...a: unknown[]) => unknown)(...args);
  if (args.length === 0) return target[name];
  target[name] = args[0];
  return undefined;
}

/** Runs every row of `table` for `properties` on a fresh object per property from `make()`; returns what went wrong. */
export async function runMatrix<T extends object>(options: {
  state: string;
  /** The properties to run, as `propertiesOf` lists them. */
  properties: ReadonlyMap<string, PropertyKind>;
  table: Readonly<Record<string, Row<T>>>;
  values: readonly [string, unknown][];
  make: () => Promise<T> | T;
  snapshot: (obj: T) => unknown;
  logCount: () => number;
  /** After the calls: checks that a correct sequence still works on the same object; throws if not. */
  stillWorks?: (obj: T) => Promise<void> | void;
}): Promise<string[]> {
  const problems: string[] = [];
  for (const [method, kind] of options.properties) {
    const row = options.table[method];
    if (row === undefined) {
      problems.push(`${method}: no row in the matrix`);
      continue;
    }
    const obj = await options.make();
    const cell: Cell<T> = { obj, state: options.state };
    tally.cells.add(`${obj.constructor.name}.${method}@${options.state}`);
    if (kind === "accessor") {
      if (row.read === undefined) problems.push(`${method}: an accessor row needs read`);
      else problems.push(...check(`reading ${method} in ${options.state}`, () => use(obj, method, kind, []), row.read(cell), false, options.logCount));
    }
    // An accessor is assigned one value at a time (a getter-only one is only read).
    const lists = argumentLists(row, cell as Cell<never>, options.values).filter((l) => kind !== "accessor" || (row.params.length > 0 && l.values.length === 1));
    for (const args of lists) {
      const valid = row.params.every((param, i) => param.valid(args.values[i], cell as Cell<never>));
      if (!valid && row.refused === undefined) continue; // a parameter judged by the row alone (none here)
      const expected = valid ? row.accepted(cell, args.values) : row.refused!(cell);
      const before = valid ? null : JSON.stringify(options.snapshot(obj));
      const label = `${method}(${args.labels.join(", ")}) in ${options.state}`;
      tally.calls++;
      if (!valid) tally.refused++;
      problems.push(...check(label, () => use(obj, method, kind, args.values), expected, !valid, options.logCount));
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

/** Runs `call` and lists how it broke `expected`: a throw, a wrong result, or a required log line missing. */
function check(label: string, call: () => unknown, expected: Expectation, refused: boolean, logCount: () => number): string[] {
  const logsBefore = logCount();
  let result: unknown;
  try {
    result = call();
  } catch (error) {
    return [`${label} threw ${error instanceof Error ? error.message : "something"}`];
  }
  const problems: string[] = [];
  if ("value" in expected && !Object.is(result, expected.value)) problems.push(`${label} returned ${show(result)}, expected ${show(expected.value)}`);
  if (expected.match !== undefined && !expected.match(result)) problems.push(`${label} returned ${show(result)}, expected ${expected.what ?? "something else"}`);
  if ((expected.logs ?? refused) && logCount() === logsBefore) problems.push(`${label} did not log why`);
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
