// Godot 4's binary serialization (Variant codec) and the value classes it needs, for games that build packets
// themselves; `put_var` / `get_var` on the channels use it already. Its own entry so that the main and core
// entries export exactly the names of CONTRACT §1.
export { var_to_bytes, bytes_to_var, encodeVariant, decodeVariant, VariantType, MAX_DEPTH as VARIANT_MAX_DEPTH } from "./variant/variant-codec";
export type { Variant, EncodeResult, DecodeResult } from "./variant/variant-codec";
export { GodotFloat } from "./variant/godot-float";
export { StringName } from "./variant/string-name";
export { NodePath } from "./variant/node-path";
export { RID } from "./variant/rid";
export { Vector2 } from "./variant/vector2";
export { Vector2i } from "./variant/vector2i";
export { Rect2 } from "./variant/rect2";
export { Rect2i } from "./variant/rect2i";
export { Vector3 } from "./variant/vector3";
export { Vector3i } from "./variant/vector3i";
export { Transform2D } from "./variant/transform2d";
export { Vector4 } from "./variant/vector4";
export { Vector4i } from "./variant/vector4i";
export { Plane } from "./variant/plane";
export { Quaternion } from "./variant/quaternion";
export { AABB } from "./variant/aabb";
export { Basis } from "./variant/basis";
export { Transform3D } from "./variant/transform3d";
export { Projection } from "./variant/projection";
export { Color } from "./variant/color";
export { PackedStringArray } from "./variant/packed-string-array";
export { PackedVector2Array } from "./variant/packed-vector2-array";
export { PackedVector3Array } from "./variant/packed-vector3-array";
export { PackedColorArray } from "./variant/packed-color-array";
export { PackedVector4Array } from "./variant/packed-vector4-array";
