import { MAX_CHANNEL_ID, MAX_LABEL_BYTES, MAX_UNSIGNED_SHORT } from "../godot/limits";
import { isIntegerIn, isPlainObject, utf8Length } from "../internal/checks";
import { describe } from "../internal/log";

/** Options of `create_data_channel`, as in Godot's docs (the browser's `RTCDataChannelInit`). */
export interface DataChannelOptions {
  /** Both sides create the channel themselves with the same `id`; no `data_channel_received`. */
  negotiated?: boolean;
  /** The channel id (0…65534); required with, and only allowed with, `negotiated: true`. */
  id?: number;
  /** Retransmissions before giving up on a message (0…65535); makes the channel unreliable. */
  maxRetransmits?: number;
  /** Milliseconds to keep retransmitting a message (0…65535); makes the channel unreliable. */
  maxPacketLifeTime?: number;
  /** Deliver messages in order (default true). */
  ordered?: boolean;
  /** Sub-protocol name, visible to the remote side. */
  protocol?: string;
}

const KNOWN_KEYS = new Set(["negotiated", "id", "maxRetransmits", "maxPacketLifeTime", "ordered", "protocol"]);

/** The result of checking options: the init dict for the browser, or why they were refused. */
export type CheckedOptions = { init: RTCDataChannelInit; unknownKeys: string[] } | { error: string };

/** Checks `label` and `options` against CONTRACT §4 before the browser sees them. */
export function checkChannelOptions(label: unknown, options: unknown): CheckedOptions {
  try {
    return checkOptions(label, options);
  } catch (error) {
    return { error: `the options could not be read (${describe(error)})` }; // getters or a Proxy that throw
  }
}

function checkOptions(label: unknown, options: unknown): CheckedOptions {
  if (typeof label !== "string") return { error: "the label must be a string" };
  if (utf8Length(label) > MAX_LABEL_BYTES) return { error: "the label is longer than 65535 UTF-8 bytes" };
  if (options === undefined || options === null) return { init: {}, unknownKeys: [] };
  if (!isPlainObject(options)) return { error: "options must be a plain object (a Dictionary)" };
  const { negotiated, id, maxRetransmits, maxPacketLifeTime, ordered, protocol } = options;

  if (negotiated !== undefined && typeof negotiated !== "boolean") return { error: "negotiated must be a boolean" };
  if (negotiated === true && !isIntegerIn(id, 0, MAX_CHANNEL_ID)) {
    return { error: "negotiated: true needs an integer id in 0…65534" };
  }
  if (negotiated !== true && id !== undefined) return { error: "an id is only allowed with negotiated: true" };
  if (maxRetransmits !== undefined && !isIntegerIn(maxRetransmits, 0, MAX_UNSIGNED_SHORT)) {
    return { error: "maxRetransmits must be an integer in 0…65535" };
  }
  if (maxPacketLifeTime !== undefined && !isIntegerIn(maxPacketLifeTime, 0, MAX_UNSIGNED_SHORT)) {
    return { error: "maxPacketLifeTime must be an integer in 0…65535" };
  }
  if (maxRetransmits !== undefined && maxPacketLifeTime !== undefined) {
    return { error: "give at most one of maxRetransmits and maxPacketLifeTime" };
  }
  if (ordered !== undefined && typeof ordered !== "boolean") return { error: "ordered must be a boolean" };
  if (protocol !== undefined && typeof protocol !== "string") return { error: "protocol must be a string" };
  if (typeof protocol === "string" && utf8Length(protocol) > MAX_LABEL_BYTES) {
    return { error: "the protocol is longer than 65535 UTF-8 bytes" };
  }

  const init: RTCDataChannelInit = {};
  if (negotiated === true) Object.assign(init, { negotiated, id });
  if (maxRetransmits !== undefined) init.maxRetransmits = maxRetransmits;
  if (maxPacketLifeTime !== undefined) init.maxPacketLifeTime = maxPacketLifeTime;
  if (ordered !== undefined) init.ordered = ordered;
  if (protocol !== undefined) init.protocol = protocol;
  return { init, unknownKeys: Object.keys(options).filter((key) => !KNOWN_KEYS.has(key)) };
}
