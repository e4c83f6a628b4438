// Shared pieces of the bad-input matrix (src/bad-input/*.test.ts) and the never-throws tests: the hostile values,
// the parameters as CONTRACT.md states them, and the expectation shorthands. The machinery is bad-input-matrix.ts.
import { describe, expect, it, vi } from "vitest";
import { GodotError } from "../godot/godot-error";
import { isPlainObject } from "../internal/checks";
import { handler, oneOf, param, propertiesOf, runMatrix, str, tally, typed, type Cell, type Expectation, type Param, type Row } from "./bad-input-matrix";

const trapsThatThrow = new Proxy({}, {
  get: (_target, key) => (_: unknown, ...rest: unknown[]) => {
    throw new Error(`trap ${String(key)} called (${rest.length})`);
  },
});
const throwingProxy = new Proxy({}, trapsThatThrow as ProxyHandler<object>);
const boom = (): never => {
  throw new Error("read refused");
};
/** Looks like a plain object or an array (no trap for those checks) but every read throws. */
const plainLookingProxy = new Proxy({}, { get: boom, ownKeys: boom, getOwnPropertyDescriptor: boom, has: boom });
const arrayLookingProxy = new Proxy([], { get: boom, ownKeys: boom, getOwnPropertyDescriptor: boom, has: boom });

/** Values no Godot-API method may throw on, whatever parameter they land in. */
export const HOSTILE: [string, unknown][] = [
  ["undefined", undefined], ["null", null], ["NaN", NaN], ["Infinity", Infinity], ["-Infinity", -Infinity],
  ["-1", -1], ["2**53", 2 ** 53], ["1.5", 1.5], ['"x"', "x"], ["{}", {}], ["[]", []],
  ["a Proxy whose every trap throws", throwingProxy], ["a Symbol", Symbol("hostile")],
  ["a plain-looking Proxy whose reads throw", plainLookingProxy], ["an array-looking Proxy whose reads throw", arrayLookingProxy],
  ["iceServers whose reads throw", { iceServers: arrayLookingProxy }], ["an iceServer whose reads throw", { iceServers: [plainLookingProxy] }],
];

/** `HOSTILE` plus values near the edges of what parameters accept. */
export const MATRIX_VALUES: [string, unknown][] = [
  ...HOSTILE,
  ["2**31", 2 ** 31], ["-(2**31)", -(2 ** 31)], ["1e300", 1e300], ["-0.5", -0.5], ['"1"', "1"], ['""', ""], ["true", true],
  ["a function", () => {}], ["an object whose toString says offer", { toString: () => "offer" }], ["a Date", new Date(0)],
];
/** Strings that are SDP only in name. */
export const SDP_EXTRA: [string, unknown][] = [
  ["malformed SDP", "v=0 garbage"], ["not SDP at all", "hello"], ["an answer's SDP as an offer", "v=0 fake-answer from=0"],
  ["a 100 kB SDP", "v=0 ".padEnd(100_000, "x")],
];
/** Near-miss description types. */
export const TYPE_EXTRA: [string, unknown][] = [['"OFFER"', "OFFER"], ['"offer "', "offer "], ['"answer\\n"', "answer\n"]];
/** Candidate lines the browser refuses. */
export const CANDIDATE_EXTRA: [string, unknown][] = [
  ["a garbage candidate", "candidate:garbage"], ["an a=candidate line", "a=candidate:1 1 udp 1 1.2.3.4 5 typ host"],
  ["a 70 kB candidate", `candidate:${"x".repeat(70_000)}`], ["a candidate line cut short", "candidate:1 1 udp 2122260223 127.0.0.1"],
];

/** Errors and warnings logged so far in this test. */
export const errorCount = (): number => vi.mocked(console.error).mock.calls.length + vi.mocked(console.warn).mock.calls.length;
/** Exactly `value`, logged unless it is `OK`. */
export const code = (value: GodotError, logs = value !== GodotError.OK): Expectation => ({ value, logs });
/** An enum value in 0…`max`. */
export const isEnum = (max: number): Expectation => ({ match: (r) => Number.isInteger(r) && (r as number) >= 0 && (r as number) <= max, what: `an integer in 0…${max}` });
/** A boolean. */
export const bool_ = typed("boolean");
/** `undefined`, nothing logged required. */
export const NOTHING: Expectation = { value: undefined };
/** A handler that does nothing. */
export const noop = (): void => {};
/** A row for a setter method: refused → `ERR_INVALID_PARAMETER`, accepted → `OK`. */
export const setter = <T,>(p: Param): Row<T> => ({ params: [p], refused: () => code(GodotError.ERR_INVALID_PARAMETER), accepted: () => code(GodotError.OK) });
/** A row for a method without parameters. */
export const getter = <T,>(e: Expectation): Row<T> => ({ params: [], accepted: () => e });
/** A row for a property with a setter: reading gives `read`; a refused value is logged and changes nothing. */
export const property = <T,>(p: Param, read: Expectation): Row<T> => ({ params: [p], read: () => read, refused: () => ({ value: undefined, logs: true }), accepted: () => NOTHING });
/** A row for `constructor`: `new` with any arguments builds an instance of `Class`, logging when `inert`. */
export const construction = <T,>(Class: abstract new (...args: never[]) => unknown, check: (built: unknown) => boolean = () => true, inert = false): Row<T> => ({
  params: [],
  accepted: () => ({ match: (r) => r instanceof Class && check(r), what: inert ? `an inert ${Class.name}` : `a ${Class.name}`, logs: inert }),
});

/** The length in UTF-8 bytes. */
export function utf8Bytes(text: string): number {
  return new TextEncoder().encode(text).byteLength;
}

/** `initialize()`'s configuration, as CONTRACT §3 states it. */
export const configuration = param("configuration", (v) => {
  try {
    if (v === undefined) return true;
    if (!isPlainObject(v)) return false;
    const servers = v.iceServers;
    if (servers === undefined) return true;
    return Array.isArray(servers) && servers.every((s: unknown) => isPlainObject(s) &&
      (typeof s.urls === "string" || (Array.isArray(s.urls) && s.urls.length > 0 && s.urls.every((u: unknown) => typeof u === "string"))) &&
      (s.username === undefined || typeof s.username === "string") && (s.credential === undefined || typeof s.credential === "string"));
  } catch {
    return false;
  }
}, () => ({ iceServers: [] }), [
  ["iceServers as a string", { iceServers: "stun:x" }], ["an iceServer without urls", { iceServers: [{}] }],
  ["urls: []", { iceServers: [{ urls: [] }] }], ["urls: 5", { iceServers: [{ urls: 5 }] }],
  ["username: 5", { iceServers: [{ urls: "turn:x", username: 5 }] }], ["a class instance", new Map()],
]);

/** `create_data_channel()`'s options, as CONTRACT §4 states them. */
export const channelOptions = param("options", (v) => {
  try {
    if (v === undefined || v === null) return true;
    if (!isPlainObject(v)) return false;
    const u16 = (x: unknown): boolean => x === undefined || (Number.isInteger(x) && (x as number) >= 0 && (x as number) <= 65535);
    if (v.negotiated !== undefined && typeof v.negotiated !== "boolean") return false;
    if (v.negotiated === true ? !(Number.isInteger(v.id) && (v.id as number) >= 0 && (v.id as number) <= 65534) : v.id !== undefined) return false;
    if (!u16(v.maxRetransmits) || !u16(v.maxPacketLifeTime) || (v.maxRetransmits !== undefined && v.maxPacketLifeTime !== undefined)) return false;
    if (v.ordered !== undefined && typeof v.ordered !== "boolean") return false;
    return v.protocol === undefined || (typeof v.protocol === "string" && utf8Bytes(v.protocol) <= 65535);
  } catch {
    return false;
  }
}, () => ({}), [
  ["negotiated without an id", { negotiated: true }], ["an id without negotiated", { id: 3 }], ["id 65535", { negotiated: true, id: 65535 }],
  ["both lifetimes", { maxRetransmits: 1, maxPacketLifeTime: 1 }], ["maxRetransmits -1", { maxRetransmits: -1 }],
  ["maxPacketLifeTime 1.5", { maxPacketLifeTime: 1.5 }], ['ordered "yes"', { ordered: "yes" }], ["protocol 5", { protocol: 5 }],
  ["a 70 kB protocol", { protocol: "é".repeat(35_000) }], ["negotiated: 1", { negotiated: 1, id: 1 }],
]);
export const label = param("label", (v) => typeof v === "string" && utf8Bytes(v) <= 65535, "x", [["a 70 kB label", "é".repeat(35_000)]]);
export const sdpType = oneOf("type", ["offer", "answer", "pranswer", "rollback"], "answer", TYPE_EXTRA);
export const sdp = str("sdp", "v=0 fake-answer from=0", SDP_EXTRA);
export const signalName = (names: readonly string[]): Param => oneOf("signal", names, names[0], [['"ready"', "ready"], ['"__proto__"', "__proto__"], ['"constructor"', "constructor"]]);

/** connect / disconnect / is_connected rows, for any object with signals `names`. */
export function signalRows<T extends { is_connected(name: never, fn: never): boolean }>(names: readonly string[]): Record<string, Row<T>> {
  const params = [signalName(names), handler(noop)];
  const connected = (c: Cell<T>, args: unknown[]): boolean => c.obj.is_connected(args[0] as never, args[1] as never);
  return {
    connect: { params, refused: () => code(GodotError.ERR_INVALID_PARAMETER), accepted: (c, args) => code(connected(c, args) ? GodotError.ERR_INVALID_PARAMETER : GodotError.OK) },
    disconnect: { params, refused: () => code(GodotError.ERR_INVALID_PARAMETER), accepted: (c, args) => code(connected(c, args) ? GodotError.OK : GodotError.ERR_INVALID_PARAMETER) },
    is_connected: { params, refused: () => ({ value: false, logs: false }), accepted: () => bool_ },
  };
}

/** What each object under test needs to show it still works: its network and the far side. */
export const world = new WeakMap<object, { check: () => Promise<void> }>();
/** Runs the check `world` holds for `obj`. */
export const stillWorks = async (obj: object): Promise<void> => world.get(obj)!.check();

/** Prints a matrix file's figures (quoted in docs/reliability.md, "Bad-input matrix"); for `afterAll`. */
export function reportTally(): void {
  if (tally.calls > 0) process.stdout.write(`bad-input matrix: ${tally.calls} calls (${tally.refused} refused) over ${tally.cells.size} property×state cells\n`);
}

/**
 * The matrix of one class: a test that every property of `prototype`'s chain has a row in `rows` (and every row a
 * property), then one test per state running every row on a fresh object from `make(state)`, checked by `snapshot`
 * and, afterwards, by the check `make` registered in `world`.
 */
export function describeMatrix<T extends object>(name: string, options: {
  prototype: object;
  rows: Readonly<Record<string, Row<T>>>;
  states: readonly string[];
  make: (state: string) => Promise<T> | T;
  snapshot: (obj: T) => unknown;
  afterwards: string;
}): void {
  describe(`bad-input matrix: ${name}`, () => {
    const properties = propertiesOf(options.prototype);
    it("has a row for every property of the prototype chain, and no row for one that is gone", () => {
      expect([...properties.keys()].filter((m) => !(m in options.rows))).toEqual([]);
      expect(Object.keys(options.rows).filter((m) => !properties.has(m))).toEqual([]);
    });
    it.each(options.states)(`in state %s: documented codes, logged refusals, no throw, ${options.afterwards}`, async (state) => {
      const problems = await runMatrix({ state, properties, table: options.rows, values: MATRIX_VALUES, make: () => options.make(state), snapshot: options.snapshot, logCount: errorCount, stillWorks });
      expect(problems).toEqual([]);
    });
  });
}
