import { MAX_PEER_ID } from "../godot/limits";

/**
 * The wire protocol of Godot's `webrtc_signaling` demo (4.x): WebSocket text frames holding
 * `{"type": int, "id": int, "data": string}`. Shared by the lobby client and the Node server; it imports only the
 * import-free `godot/limits`, so the browser build does not pull in anything of the server.
 */

/** Message types, numbered as in Godot's demo. */
export const MessageType = Object.freeze({
  /** C→S: join (`data` = lobby name) or create (`data` = ""; `id` 0 = mesh). S→C: confirmation with the lobby name. */
  JOIN: 0,
  /** S→C: your peer id in the lobby (1 for the host); `data` is "true" in a mesh lobby. */
  ID: 1,
  /** S→C: another peer (`id`) is in the lobby. */
  PEER_CONNECT: 2,
  /** S→C: peer `id` left the lobby. */
  PEER_DISCONNECT: 3,
  /** C→S→C: an SDP offer; `id` is the destination on the way in, the sender on the way out. */
  OFFER: 4,
  /** C→S→C: an SDP answer, addressed like OFFER. */
  ANSWER: 5,
  /** C→S→C: an ICE candidate, `data` = "\n" + mid + "\n" + index + "\n" + candidate. */
  CANDIDATE: 6,
  /** C→S from the host: no more joins. S→C to every member. */
  SEAL: 7,
} as const);
/** A `MessageType` value. */
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

/** One protocol message. */
export interface SignalingMessage {
  /** A `MessageType`. */
  type: number;
  /** A peer id, or 0. */
  id: number;
  /** The payload: a lobby name, an SDP, a candidate, or "". */
  data: string;
  /**
   * Extension (0.2), on JOIN only, and only between this library's client and server: a client sends "" to ask
   * for a resume token or a token to resume its session; the server's JOIN confirmation carries the token. Absent
   * on every other message, and never sent to a client that did not ask, so Godot's demo never sees it (its
   * servers ignore the extra key).
   */
  resume?: string;
}

/** The longest resume token the decoder accepts; a longer `resume` field reads as absent. */
export const MAX_RESUME_TOKEN_LENGTH = 512;

/**
 * Every WebSocket close code the server sends and the client reads, in one table (RFC 6455 section 7.4 for the
 * 1xxx ones; 4000 is Godot's). Server and client import them from here only.
 */
export const CloseCode = Object.freeze({
  /** A normal closure: a completed seal, or a client leaving (`stop()`). */
  NORMAL: 1000,
  /** The server is shutting down (`close()`), or the browser leaves the page. */
  GOING_AWAY: 1001,
  /** No close frame arrived (set by the WebSocket itself, never sent): unreachable server or lost connection. */
  ABNORMAL: 1006,
  /** A frame larger than the receiver's limit (`maxPayload` on the server). */
  MESSAGE_TOO_BIG: 1009,
  /** The server hit a bug handling a message; the socket is closed so the server stays up. */
  INTERNAL_ERROR: 1011,
  /** Every protocol error, with one of `CloseReason`'s reasons, as in Godot's server. */
  PROTOCOL_ERROR: 4000,
} as const);
/** A `CloseCode` value. */
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** The close code of every protocol error, as in Godot's server (0.1's name for `CloseCode.PROTOCOL_ERROR`). */
export const PROTOCOL_ERROR_CODE = CloseCode.PROTOCOL_ERROR;

/** The close code after a completed seal, a normal closure (0.1's name for `CloseCode.NORMAL`). */
export const SEAL_COMPLETE_CODE = CloseCode.NORMAL;

/**
 * The close reasons of Godot's Node server, spelled exactly as it spells them (clients may compare strings),
 * plus the reasons of the limits this server adds.
 */
export const CloseReason = Object.freeze({
  NO_LOBBY: "Have not joined lobby yet",
  HOST_DISCONNECTED: "Room host has disconnected",
  ONLY_HOST_CAN_SEAL: "Only host can seal the lobby",
  SEAL_COMPLETE: "Seal complete",
  TOO_MANY_LOBBIES: "Too many lobbies open, disconnecting",
  ALREADY_IN_LOBBY: "Already in a lobby",
  LOBBY_DOES_NOT_EXIST: "Lobby does not exists",
  LOBBY_IS_SEALED: "Lobby is sealed",
  INVALID_FORMAT: "Invalid message format",
  NEED_LOBBY: "Invalid message when not in a lobby",
  SERVER_ERROR: "Server error, lobby not found",
  INVALID_DESTINATION: "Invalid destination",
  INVALID_COMMAND: "Invalid command",
  TOO_MANY_PEERS: "Too many peers connected",
  INVALID_TRANSFER_MODE: "Invalid transfer mode, must be text",
  /** Added by this server: the lobby holds `maxPeersPerLobby` peers. */
  LOBBY_FULL: "Lobby is full",
  /** Added by this server: the socket sent more than `maxMessagesPerSecond`. */
  TOO_MANY_MESSAGES: "Too many messages per second",
  /** Added by this server: the socket stopped reading while `maxQueuedBytes` waited for it. */
  NOT_READING: "Too much data queued, peer not reading",
  /** Added by this server: the instance lost its lobby store (Redis), sent with code 1011; reconnect later. */
  STORE_UNAVAILABLE: "Lobby store unavailable",
  /** Added by this server: a resume token that is forged, expired, or for a seat the lobby cannot give back. */
  RESUME_REFUSED: "Session cannot be resumed",
  /** Added by this server: the same session was resumed on another socket, which replaces this one. */
  RESUMED_ELSEWHERE: "Session resumed on another connection",
  /** Added by this server: `close()` was called (sent with code 1001). */
  SERVER_SHUTDOWN: "Server shutting down",
} as const);

export { MAX_PEER_ID };

/** Encodes a message as the JSON text of one frame; `resume` (the JOIN extension) only when given. */
export function encodeMessage(type: number, id: number, data = "", resume?: string): string {
  return JSON.stringify(resume === undefined ? { type, id, data } : { type, id, data, resume });
}

/**
 * Decodes one frame's text, or returns `null` when it is not a protocol message: not JSON, not an object,
 * `type` not a non-negative integer, `id` not an integer in 0…2^31-1, or `data` present but not a string
 * (a missing `data` reads as ""). A `resume` field is kept on JOIN when it is a string of at most
 * `MAX_RESUME_TOKEN_LENGTH` characters, and dropped otherwise.
 */
export function decodeMessage(text: string): SignalingMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const { type, id, data, resume } = value as Record<string, unknown>;
  if (!Number.isInteger(type) || (type as number) < 0) return null;
  if (!Number.isInteger(id) || (id as number) < 0 || (id as number) > MAX_PEER_ID) return null;
  if (data !== undefined && typeof data !== "string") return null;
  const message: SignalingMessage = { type: type as number, id: id as number, data: data ?? "" };
  if (type === MessageType.JOIN && typeof resume === "string" && resume.length <= MAX_RESUME_TOKEN_LENGTH) message.resume = resume;
  return message;
}

/** The `data` of a CANDIDATE message, as Godot's client writes it. */
export function encodeCandidate(media: string, index: number, name: string): string {
  return `\n${media}\n${index}\n${name}`;
}

/**
 * Reads the `data` of a CANDIDATE message, or `null` if malformed. Godot's client splits on "\n" dropping empty
 * parts, which loses an empty mid; we read the three positional fields first so an empty mid survives.
 */
export function decodeCandidate(data: string): { media: string; index: number; name: string } | null {
  const positional = data.startsWith("\n") ? data.slice(1).split("\n") : [];
  const parts = positional.length === 3 && positional[2] !== "" ? positional : data.split("\n").filter((part) => part !== "");
  if (parts.length !== 3) return null;
  const [media, indexText, name] = parts as [string, string, string];
  if (!/^\d+$/.test(indexText)) return null;
  return { media, index: Number(indexText), name };
}
