import { isPlainObject } from "../internal/checks";
import { describe } from "../internal/log";

/** One `iceServers` entry, as in Godot's docs: `urls` plus the credentials a TURN server needs. */
export interface IceServer {
  /** `stun:`, `stuns:`, `turn:` or `turns:` URL(s). */
  urls: string | string[];
  /** TURN user name. */
  username?: string;
  /** TURN password. */
  credential?: string;
}

/** The `initialize()` dictionary: `iceServers` plus any other key of the browser's `RTCConfiguration`. */
export interface PeerConfiguration extends Omit<RTCConfiguration, "iceServers"> {
  /** STUN/TURN servers to gather candidates with. */
  iceServers?: IceServer[];
}

/** Checks the shape of an `initialize()` configuration; the browser judges the values (URLs, enums). */
export function checkConfiguration(configuration: unknown): { config: RTCConfiguration } | { error: string } {
  try {
    return checkShape(configuration);
  } catch (error) {
    return { error: `the configuration could not be read (${describe(error)})` }; // getters or a Proxy that throw
  }
}

function checkShape(configuration: unknown): { config: RTCConfiguration } | { error: string } {
  if (configuration === undefined) return { config: {} };
  if (!isPlainObject(configuration)) return { error: "the configuration must be a plain object (a Dictionary)" };
  const { iceServers } = configuration;
  if (iceServers === undefined) return { config: configuration as RTCConfiguration };
  if (!Array.isArray(iceServers)) return { error: "iceServers must be an array" };
  for (const [index, server] of iceServers.entries()) {
    const problem = checkIceServer(server);
    if (problem) return { error: `iceServers[${index}]: ${problem}` };
  }
  return { config: configuration as RTCConfiguration };
}

function checkIceServer(server: unknown): string | null {
  if (!isPlainObject(server)) return "each entry must be a plain object";
  const { urls, username, credential } = server;
  const urlsOk = typeof urls === "string" || (Array.isArray(urls) && urls.length > 0 && urls.every((u) => typeof u === "string"));
  if (!urlsOk) return "urls must be a string or a non-empty array of strings";
  if (username !== undefined && typeof username !== "string") return "username must be a string";
  if (credential !== undefined && typeof credential !== "string") return "credential must be a string";
  return null;
}
