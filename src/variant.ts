// Godot 4's binary serialization (Variant codec) and the value classes it needs, for games that build packets
// themselves; `put_var` / `get_var` on the channels use it already. Its own entry so that the main and core
// entries export exactly the names of CONTRACT §1.
export { var_to_bytes, bytes_to_var, encodeVariant, decodeVariant, VariantType, MAX_DEPTH as VARIANT_MAX_DEPTH } from "./variant/variant-codec";
export type { Variant, EncodeResult, DecodeResult } from "./variant/variant-codec";
export { Vector2 } from "./variant/vector2";
export { Vector3 } from "./variant/vector3";
export { Color } from "./variant/color";
export { GodotFloat } from "./variant/godot-float";
