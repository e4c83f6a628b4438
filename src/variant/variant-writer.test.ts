import { describe, expect, it } from "vitest";
import { bytes_to_var, var_to_bytes } from "./variant-codec";

// The encoder keeps one buffer between calls: what a call leaves behind must never reach the next one's bytes.

describe("the encoder's shared buffer", () => {
  it("zeroes a string's padding even where an earlier, longer value left bytes", () => {
    var_to_bytes(["\xff".repeat(40), "long enough to fill the buffer with non-zero bytes"]);
    expect(Array.from(var_to_bytes("a"))).toEqual([4, 0, 0, 0, 1, 0, 0, 0, 0x61, 0, 0, 0]);
    expect(Array.from(var_to_bytes(["é"]))).toEqual([28, 0, 0, 0, 1, 0, 0, 0, 4, 0, 0, 0, 2, 0, 0, 0, 0xc3, 0xa9, 0, 0]);
  });

  it("gives each result its own bytes (a later encode does not change an earlier result)", () => {
    const first = var_to_bytes({ hp: 100 });
    const copy = first.slice();
    var_to_bytes({ hp: 7, name: "other" });
    expect(first).toEqual(copy);
  });

  it("encodes correctly when a getter calls var_to_bytes in the middle of an encode", () => {
    const inner: number[][] = [];
    const value = {
      a: "before",
      get b() {
        inner.push(Array.from(var_to_bytes(12345)));
        return "after";
      },
    };
    expect(bytes_to_var(var_to_bytes(value))).toEqual({ a: "before", b: "after" });
    expect(inner).toEqual([[2, 0, 0, 0, 0x39, 0x30, 0, 0]]);
  });

  it("grows past its first size for a large value and stays right afterwards", () => {
    const big = Array.from({ length: 3000 }, (_, i) => `item ${i}`);
    expect(bytes_to_var(var_to_bytes(big))).toEqual(big);
    expect(Array.from(var_to_bytes(true))).toEqual([1, 0, 0, 0, 1, 0, 0, 0]);
  });
});
