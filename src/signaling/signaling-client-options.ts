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
  /**
   * Extension: when the signaling socket drops, established peers stay in `multiplayer_peer` and keep playing
   * (default true; the game's traffic is peer to peer). false closes `multiplayer_peer`, as Godot's demo does.
   * A completed seal always keeps them.
   */
  keep_peers?: boolean;
  /**
   * Extension: keep the peers also when the server closes the lobby because its host left (4000 "Room host has
   * disconnected"); default false, as in Godot, where the host's departure ends the match. A mesh opts in to
   * keep playing without its host.
   */
  keep_mesh_when_host_leaves?: boolean;
  /**
   * Extension: ask our server for a resume token at JOIN and, when the socket drops, reconnect with backoff and
   * resume the same peer id in the same lobby (default true). A server without the extension (Godot's) gives no
   * token, so the client keeps its peers and does not reconnect. Never after a 4000 or a seal.
   */
  reconnect?: boolean;
  /** Extension: reconnection attempts before giving up (default 8: about 40 s of backoff from 0.5 s to 8 s). */
  reconnect_attempts?: number;
  /**
   * Extension: ICE restarts the side that made a peer's first offer tries when its connection drops (default 4,
   * 1 s doubling to 8 s apart; 0 = no recovery: the peer is dropped at once, as in Godot). Until they run out
   * the peer stays in `multiplayer_peer`, with its channels and queues, and no `peer_disconnected` is emitted.
   */
  ice_restart_attempts?: number;
  /** Extension: how long a connection may read DISCONNECTED before it is restarted (default 2000; FAILED at once). */
  recovery_grace?: number;
  /** Extension: the longest a peer is held while it recovers, from the moment it dropped (default 30000). */
  recovery_timeout?: number;
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
  readonly keepPeers: boolean;
  readonly keepMeshWhenHostLeaves: boolean;
  readonly reconnect: boolean;
  readonly reconnectAttempts: number;
  readonly iceRestartAttempts: number;
  readonly recoveryGrace: number;
  readonly recoveryTimeout: number;
}

/** The defaults, each matched to our server's limit or Godot's demo. */
export const CLIENT_DEFAULTS = Object.freeze({
  peerConnectTimeout: 20_000,
  joinTimeout: 10_000,
  maxPeersPerLobby: 64,
  maxMessageSize: 64 * 1024,
  reconnectAttempts: 8,
  iceRestartAttempts: 4,
  recoveryGrace: 2000,
  recoveryTimeout: 30_000,
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
    keepPeers: booleanOption("keep_peers", options.keep_peers, true),
    keepMeshWhenHostLeaves: booleanOption("keep_mesh_when_host_leaves", options.keep_mesh_when_host_leaves, false),
    reconnect: booleanOption("reconnect", options.reconnect, true),
    reconnectAttempts: integerOption("reconnect_attempts", options.reconnect_attempts, 0, CLIENT_DEFAULTS.reconnectAttempts),
    iceRestartAttempts: integerOption("ice_restart_attempts", options.ice_restart_attempts, 0, CLIENT_DEFAULTS.iceRestartAttempts),
    recoveryGrace: integerOption("recovery_grace", options.recovery_grace, 0, CLIENT_DEFAULTS.recoveryGrace),
    recoveryTimeout: integerOption("recovery_timeout", options.recovery_timeout, 0, CLIENT_DEFAULTS.recoveryTimeout),
  };
}

function integerOption(name: string, value: unknown, min: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value === "number" && Number.isInteger(value) && value >= min) return value;
  logWarning("SignalingClient", `${name} must be an integer ≥ ${min}; using the default ${fallback}`);
  return fallback;
}

function booleanOption(name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined || typeof value === "boolean") return value ?? fallback;
  logWarning("SignalingClient", `${name} must be a boolean; using the default ${fallback}`);
  return fallback;
}
