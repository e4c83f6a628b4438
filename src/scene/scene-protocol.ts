// The wire format of Godot 4's SceneMultiplayer (`modules/multiplayer/scene_multiplayer.h` and its interfaces),
// as Godot 4.6 sends it. Byte 0 of every packet: the command in the low 3 bits, subsystem flags in the high 4.

/** Byte 0's low 3 bits. */
export const Command = Object.freeze({
  REMOTE_CALL: 0,
  SIMPLIFY_PATH: 1,
  CONFIRM_PATH: 2,
  RAW: 3,
  SPAWN: 4,
  DESPAWN: 5,
  SYNC: 6,
  SYS: 7,
} as const);

/** Byte 1 of a SYS packet. */
export const SysCommand = Object.freeze({ AUTH: 0, ADD_PEER: 1, DEL_PEER: 2, RELAY: 3 } as const);

/** Mask of the command bits of byte 0. */
export const CMD_MASK = 0x07;
/** First flag bit of byte 0 (`CMD_FLAG_0_SHIFT`); REMOTE_CALL keeps its node-id compression there (2 bits). */
export const NODE_ID_COMPRESSION_SHIFT = 4;
/** `CMD_FLAG_2_SHIFT`: REMOTE_CALL's method-id size (0 one byte, 1 two bytes). */
export const NAME_ID_COMPRESSION_SHIFT = 6;
/** `CMD_FLAG_3_SHIFT`: REMOTE_CALL carries no argument count (no arguments, or one PackedByteArray sent raw). */
export const BYTE_ONLY_OR_NO_ARGS_FLAG = 1 << 7;
/** SYNC with this flag (`1 << CMD_FLAG_0_SHIFT`) is a delta (on-change properties), sent reliably. */
export const SYNC_DELTA_FLAG = 1 << 4;
/** `[07][sub][i32 peer]`: the size of a SYS header. */
export const SYS_HEADER_SIZE = 6;
/** The node id of a REMOTE_CALL whose path follows at this offset (the path is not confirmed yet). */
export const FULL_PATH_FLAG = 0x80000000;
/** Method ids with this bit are the node's own `rpc_config` methods (Godot: native, before the script's). */
export const NODE_METHOD_FLAG = 1 << 15;

/** A node id's size in a REMOTE_CALL. */
export const NodeIdCompression = Object.freeze({ U8: 0, U16: 1, U32: 2 } as const);
