// The game's packets. One byte says what the packet is, the rest is its payload, little-endian as Godot's
// PackedByteArray.encode_u32 / encode_float / encode_double write it, so a GDScript port reads the same bytes:
//
//   kind 1 POSITION  u32 player, f32 x, f32 y   unreliable channel, ~20 times a second by every player
//   kind 2 CHAT      u32 player, UTF-8 text     reliable channel
//   kind 3 PING      f64 sender's clock (ms)    unreliable, to one peer, once a second
//   kind 4 PONG      f64 the PING's clock       unreliable, back to the pinging peer
//   kind 5 LEAVE     u32 player                 reliable, host → clients of a client/server lobby
//
// `player` is who the position or line belongs to: the sender itself, except when a client/server host relays
// a client's packet to the other clients (they only ever hear from the host, peer 1).

/** What a packet is: its first byte. */
export const MessageKind = Object.freeze({
  POSITION: 1,
  CHAT: 2,
  PING: 3,
  PONG: 4,
  LEAVE: 5,
} as const);

/** Longest chat line, in UTF-16 code units (what a text input counts); longer lines are cut. */
export const MAX_CHAT_LENGTH = 200;
/** The arena's size in game units; positions are clamped to it. */
export const ARENA = Object.freeze({ width: 800, height: 500 });

/** A decoded packet. */
export type GameMessage =
  | { kind: typeof MessageKind.POSITION; player: number; x: number; y: number }
  | { kind: typeof MessageKind.CHAT; player: number; text: string }
  | { kind: typeof MessageKind.PING; time: number }
  | { kind: typeof MessageKind.PONG; time: number }
  | { kind: typeof MessageKind.LEAVE; player: number };

const MAX_PLAYER_ID = 2147483647;
const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

/** The bytes of `message`, ready for `put_packet`. */
export function encodeGameMessage(message: GameMessage): Uint8Array {
  switch (message.kind) {
    case MessageKind.POSITION: {
      const view = packet(message.kind, 12);
      view.setUint32(1, message.player, true);
      view.setFloat32(5, message.x, true);
      view.setFloat32(9, message.y, true);
      return bytesOf(view);
    }
    case MessageKind.CHAT: {
      const text = encoder.encode(message.text.slice(0, MAX_CHAT_LENGTH));
      const view = packet(message.kind, 4 + text.byteLength);
      view.setUint32(1, message.player, true);
      bytesOf(view).set(text, 5);
      return bytesOf(view);
    }
    case MessageKind.PING:
    case MessageKind.PONG: {
      const view = packet(message.kind, 8);
      view.setFloat64(1, message.time, true);
      return bytesOf(view);
    }
    case MessageKind.LEAVE: {
      const view = packet(message.kind, 4);
      view.setUint32(1, message.player, true);
      return bytesOf(view);
    }
  }
}

/**
 * Reads one packet, or returns null when it is not one of ours: unknown kind, wrong length, a player id outside
 * 1…2147483647, a position that is not a finite number, or chat text that is not UTF-8.
 */
export function decodeGameMessage(bytes: Uint8Array): GameMessage | null {
  if (bytes.byteLength === 0) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const kind = view.getUint8(0);
  const player = (): number | null => {
    const id = view.getUint32(1, true);
    return id >= 1 && id <= MAX_PLAYER_ID ? id : null;
  };
  if (kind === MessageKind.POSITION && bytes.byteLength === 13) {
    const id = player();
    const x = view.getFloat32(5, true);
    const y = view.getFloat32(9, true);
    if (id === null || !Number.isFinite(x) || !Number.isFinite(y)) return null;
    return { kind, player: id, x: clamp(x, 0, ARENA.width), y: clamp(y, 0, ARENA.height) };
  }
  if (kind === MessageKind.CHAT && bytes.byteLength >= 5) {
    const id = player();
    if (id === null) return null;
    try {
      return { kind, player: id, text: decoder.decode(bytes.subarray(5)).slice(0, MAX_CHAT_LENGTH) };
    } catch {
      return null;
    }
  }
  if ((kind === MessageKind.PING || kind === MessageKind.PONG) && bytes.byteLength === 9) {
    const time = view.getFloat64(1, true);
    return Number.isFinite(time) ? { kind, time } : null;
  }
  if (kind === MessageKind.LEAVE && bytes.byteLength === 5) {
    const id = player();
    return id === null ? null : { kind, player: id };
  }
  return null;
}

/** `value` limited to `min`…`max`. */
export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

function packet(kind: number, payloadLength: number): DataView {
  const view = new DataView(new ArrayBuffer(1 + payloadLength));
  view.setUint8(0, kind);
  return view;
}

function bytesOf(view: DataView): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}
