// Every Variant type but Object against the real Godot 4.6 engine, both ways: Godot's var_to_bytes decodes to the
// documented JS form (and, where Godot's bytes are deterministic, our encoding is the same bytes), and Godot's
// bytes_to_var of our bytes is `==` to the original with the same `typeof`. Plus the float/int rule.
import { expect, test } from "@playwright/test";
import { bytes_to_var, GodotFloat, var_to_bytes } from "../../src/variant";
import { GODOT_TEST_TIMEOUT_MS, startGodot } from "../support/godot-peer";
import { corpusGd, VARIANT_CORPUS } from "./variant-corpus";

test.describe.configure({ timeout: GODOT_TEST_TIMEOUT_MS });

const MAIN_GD = `extends Node


func same(a: Variant, b: Variant) -> bool:
	if typeof(a) == TYPE_FLOAT and typeof(b) == TYPE_FLOAT and is_nan(a) and is_nan(b):
		return true
	return a == b


func _ready() -> void:
	var corpus := ${corpusGd()}
	Bridge.post("godot_bytes", corpus.map(func(value: Variant) -> PackedByteArray: return var_to_bytes(value)))
	var ours: Array = await Bridge.next("our_bytes")
	var results := []
	for i in corpus.size():
		var decoded: Variant = bytes_to_var(ours[i])
		results.append({"eq": same(decoded, corpus[i]), "type": type_string(typeof(decoded)), "want": type_string(typeof(corpus[i]))})
	Bridge.post("results", results)
	Bridge.post("whole_float", var_to_bytes(2.0))
	var rule: Array = await Bridge.next("rule_bytes")
	Bridge.post("rule", rule.map(func(b: PackedByteArray) -> Dictionary:
		var value: Variant = bytes_to_var(b)
		return {"eq": value == 2.0, "type": type_string(typeof(value))}))
`;

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");

test("every Variant type round-trips exactly against Godot 4.6, both ways", async ({ page }) => {
  const godot = await startGodot(page, { scripts: { "main.gd": MAIN_GD } });

  const godotBytes = await godot.next<Uint8Array[]>("godot_bytes");
  expect(godotBytes, "one var_to_bytes per corpus entry").toHaveLength(VARIANT_CORPUS.length);
  VARIANT_CORPUS.forEach(({ gd, js, exactBytes }, i) => {
    expect.soft(bytes_to_var(godotBytes[i]), `Godot's var_to_bytes(${gd}) decoded`).toStrictEqual(js);
    if (exactBytes !== false) expect.soft(hex(var_to_bytes(js)), `our bytes for ${gd}`).toBe(hex(godotBytes[i]!));
  });

  await godot.send("our_bytes", VARIANT_CORPUS.map(({ js }) => var_to_bytes(js)));
  const results = await godot.next<{ eq: boolean; type: string; want: string }[]>("results");
  VARIANT_CORPUS.forEach(({ gd }, i) => {
    expect.soft(results[i], `Godot's bytes_to_var of our ${gd}`).toEqual({ eq: true, type: results[i]!.want, want: results[i]!.want });
  });

  // The float/int rule: Godot's 2.0 arrives as the number 2; sent back plainly it is an int (== 2.0, but typeof
  // int); wrapped in GodotFloat it is a float again.
  const wholeFloat = bytes_to_var(await godot.next<Uint8Array>("whole_float"));
  expect(wholeFloat, "Godot's 2.0 in JS").toBe(2);
  await godot.send("rule_bytes", [var_to_bytes(wholeFloat), var_to_bytes(new GodotFloat(wholeFloat as number))]);
  expect(await godot.next("rule"), "2 and GodotFloat(2) back in Godot").toEqual([{ eq: true, type: "int" }, { eq: true, type: "float" }]);
  expect(godot.errors, "Godot logged no error").toEqual([]);
});
