import type { PeerConfiguration } from "../peer-connection/configuration";
import { logWarning } from "../internal/log";
import type { SignalingSocketConstructor } from "./signaling-socket";

/** How a `SignalingClient` builds its connections, and the bounds it holds a server to. Times in milliseconds. */
export interface SignalingClientOptions {
  /** What each `WebRTCPeerConnection` is `initialize()`d with. Default `{ iceServers: [] }`: no STUN, LAN/loopback only. */
  peer_configuration?: PeerConfiguration;
  /** Extra channels for `create_mesh` / `create_server` / `create_client` (Godot's `channels_config`). */
  channels_config?: number[];
  /** The WebSocket class to connect with (default the browser's `WebSocket`); `ws`'s `WebSocket` in Node. */
  websocket_class?: SignalingSocketConstructor;
  /**
   * Time an announced peer has to connect before `remove_peer` gives up on it (default 20000; 0 = wait
   * forever). A client whose host never connects thus ends `CONNECTION_DISCONNECTED` instead of connecting forever.
   */
  peer_connect_timeout?: number;
  /**
   * Extension: time from `start()` until the server must have given our id and confirmed the lobby (default
   * 10000; 0 = wait forever). Past it the client leaves and emits `disconnected(1006, reason)`.
   */
  join_timeout?: number;
  /**
   * Extension: peers in one lobby, ourselves included (default 64, our server's `maxPeersPerLobby`). A
   * PEER_CONNECT beyond it is refused and logged as an error: a hostile or buggy server cannot make the client
   * open thousands of browser connections.
   */
  max_peers_per_lobby?: number;
  /**
   * Extension: the longest frame from the server the client parses, in UTF-16 code units (default 65536, our
   * server's `maxPayload`); a longer one is dropped, counted and warned about before any parsing work.
   */
  max_message_size?: number;
}

/** The options with every default filled in. */
export interface ResolvedClientOptions {
  readonly configuration: PeerConfiguration;
  readonly channelsConfig: number[];
  readonly WebSocket: SignalingSocketConstructor | undefined;
  readonly peerConnectTimeout: number;
  readonly joinTimeout: number;
  readonly maxPeersPerLobby: number;
  readonly maxMessageSize: number;
}

/** The defaults, each matched to our server's limit or Godot's demo. */
export const CLIENT_DEFAULTS = Object.freeze({
  peerConnectTimeout: 20_000,
  joinTimeout: 10_000,
  maxPeersPerLobby: 64,
  maxMessageSize: 64 * 1024,
});

/** Fills in the defaults; a value of the wrong kind is logged and replaced by its default. */
export function resolveClientOptions(options: SignalingClientOptions): ResolvedClientOptions {
  return {
    configuration: options.peer_configuration ?? { iceServers: [] },
    channelsConfig: options.channels_config ?? [],
    WebSocket: options.websocket_class ?? (globalThis.WebSocket as SignalingSocketConstructor | undefined),
    peerConnectTimeout: integerOption("peer_connect_timeout", options.peer_connect_timeout, 0, CLIENT_DEFAULTS.peerConnectTimeout),
    joinTimeout: integerOption("join_timeout", options.join_timeout, 0, CLIENT_DEFAULTS.joinTimeout),
    maxPeersPerLobby: integerOption("max_peers_per_lobby", options.max_peers_per_lobby, 2, CLIENT_DEFAULTS.maxPeersPerLobby),
    maxMessageSize: integerOption("max_message_size", options.max_message_size, 64, CLIENT_DEFAULTS.maxMessageSize),
  };
}

function integerOption(name: string, value: unknown, min: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value === "number" && Number.isInteger(value) && value >= min) return value;
  logWarning("SignalingClient", `${name} must be an integer ≥ ${min}; using the default ${fallback}`);
  return fallback;
}
