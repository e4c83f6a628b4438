// The codec race (issue 16 §3): a typical game-state message, a Dictionary of 20 players (position, velocity, hp,
// name), encoded and decoded by this library's var_to_bytes / bytes_to_var and by what a JS developer would
// otherwise write, JSON.stringify + TextEncoder / TextDecoder + JSON.parse. Godot's own var_to_bytes is timed
// inside GDScript by bench/godot/ on the same state (built by the same rule), so all three are comparable.
import { Vector2, bytes_to_var, var_to_bytes } from "../../src/variant";

/** Players in the state message. */
export const PLAYERS = 20;

/**
 * Player `i`'s values, the rule GDScript uses too: float32-exact components (Godot's Vector2 is float32), so the
 * JSON text carries what the game really has rather than rounded decimals.
 */
function player(i: number): { position: [number, number]; velocity: [number, number]; hp: number; name: string } {
  const f = Math.fround;
  return { position: [f(100.37 * i + 0.25), f(-57.91 * i + 3.5)], velocity: [f(1.13 * i - 4), f(0.77 * i + 2.2)], hp: 100 - i, name: `player_${i}` };
}

/** The state as this library's Variant (a Map with int keys, like GDScript's `{1: {...}}`). */
export function variantState(): Map<number, Map<string, unknown>> {
  const state = new Map<number, Map<string, unknown>>();
  for (let i = 1; i <= PLAYERS; i++) {
    const p = player(i);
    state.set(i, new Map<string, unknown>([
      ["position", new Vector2(...p.position)], ["velocity", new Vector2(...p.velocity)], ["hp", p.hp], ["name", p.name],
    ]));
  }
  return state;
}

/** The same state as a JS developer would send it as JSON: an object of `{x, y}` objects. */
export function jsonState(): Record<string, unknown> {
  const state: Record<string, unknown> = {};
  for (let i = 1; i <= PLAYERS; i++) {
    const p = player(i);
    state[i] = { position: { x: p.position[0], y: p.position[1] }, velocity: { x: p.velocity[0], y: p.velocity[1] }, hp: p.hp, name: p.name };
  }
  return state;
}

const VARIANT_STATE = variantState();
const JSON_STATE = jsonState();
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** One timed turn of one codec: encode ops/s and decode ops/s over about `ms` each, and the message size. */
export function codecTurn(kind: "variant" | "json", ms: number): { encodeOps: number; decodeOps: number; bytes: number } {
  const encode = kind === "variant" ? () => var_to_bytes(VARIANT_STATE) : () => encoder.encode(JSON.stringify(JSON_STATE));
  const decode = kind === "variant" ? (bytes: Uint8Array) => bytes_to_var(bytes) : (bytes: Uint8Array) => JSON.parse(decoder.decode(bytes)) as unknown;
  const bytes = encode();
  let sink = 0;
  const timed = (step: () => void): number => {
    let ops = 0;
    const start = performance.now();
    let now = start;
    // Batches of 50 keep the clock reads out of the figure.
    while ((now = performance.now()) - start < ms) for (let i = 0; i < 50; i++, ops++) step();
    return (ops / (now - start)) * 1000;
  };
  const encodeOps = timed(() => (sink += encode().byteLength));
  const decodeOps = timed(() => (sink += decode(bytes) === null ? 1 : 0));
  if (sink < 0) throw new Error("unreachable");
  return { encodeOps, decodeOps, bytes: bytes.byteLength };
}

/** This library's bytes for the state, for comparing with Godot's own `var_to_bytes` of the same state. */
export const variantBytes = (): Uint8Array => var_to_bytes(VARIANT_STATE);
