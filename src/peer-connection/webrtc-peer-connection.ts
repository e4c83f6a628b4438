import { checkChannelOptions, type DataChannelOptions } from "../data-channel/channel-options";
import type { WebRTCDataChannel } from "../data-channel/webrtc-data-channel";
import { ConnectionState, GatheringState, SignalingState } from "../godot/enums";
import { GodotError } from "../godot/godot-error";
import { MAX_MLINE_INDEX } from "../godot/limits";
import { isIntegerIn } from "../internal/checks";
import { GodotObject, signalsOf } from "../internal/godot-object";
import { fail, logWarning } from "../internal/log";
import { stateChanged } from "../internal/state-watch";
import { checkConfiguration, type PeerConfiguration } from "./configuration";
import { HeldCandidateBounds } from "./held-candidates";
import type { PeerConnectionSignals } from "./peer-connection-signals";
import { DESCRIPTION_EXPECTED, isDescription } from "./state-tables";
import type { TransportStats } from "./transport-stats";
import { TransportStatsPoller } from "./transport-stats-poller";
import { type RTCPeerConnectionConstructor, SessionSlot, setDefaultImplementation } from "./session-slot";

export type { PeerConnectionSignals } from "./peer-connection-signals";
export type { RTCPeerConnectionConstructor } from "./session-slot";

/**
 * Godot's `WebRTCPeerConnection` on the browser's `RTCPeerConnection`. Browser events are queued and emitted
 * as signals by `poll()`, in the order they happened; no method throws, each returns a `GodotError`. The browser
 * connection and everything tied to it live in one `ConnectionSession` per `initialize()`.
 */
export class WebRTCPeerConnection extends GodotObject<PeerConnectionSignals> {
  /** `ConnectionState.STATE_NEW` */
  static readonly STATE_NEW = ConnectionState.STATE_NEW;
  /** `ConnectionState.STATE_CONNECTING` */
  static readonly STATE_CONNECTING = ConnectionState.STATE_CONNECTING;
  /** `ConnectionState.STATE_CONNECTED` */
  static readonly STATE_CONNECTED = ConnectionState.STATE_CONNECTED;
  /** `ConnectionState.STATE_DISCONNECTED` */
  static readonly STATE_DISCONNECTED = ConnectionState.STATE_DISCONNECTED;
  /** `ConnectionState.STATE_FAILED` */
  static readonly STATE_FAILED = ConnectionState.STATE_FAILED;
  /** `ConnectionState.STATE_CLOSED` */
  static readonly STATE_CLOSED = ConnectionState.STATE_CLOSED;
  /** `GatheringState.GATHERING_STATE_NEW` */
  static readonly GATHERING_STATE_NEW = GatheringState.GATHERING_STATE_NEW;
  /** `GatheringState.GATHERING_STATE_GATHERING` */
  static readonly GATHERING_STATE_GATHERING = GatheringState.GATHERING_STATE_GATHERING;
  /** `GatheringState.GATHERING_STATE_COMPLETE` */
  static readonly GATHERING_STATE_COMPLETE = GatheringState.GATHERING_STATE_COMPLETE;
  /** `SignalingState.SIGNALING_STATE_STABLE` */
  static readonly SIGNALING_STATE_STABLE = SignalingState.SIGNALING_STATE_STABLE;
  /** `SignalingState.SIGNALING_STATE_HAVE_LOCAL_OFFER` */
  static readonly SIGNALING_STATE_HAVE_LOCAL_OFFER = SignalingState.SIGNALING_STATE_HAVE_LOCAL_OFFER;
  /** `SignalingState.SIGNALING_STATE_HAVE_REMOTE_OFFER` */
  static readonly SIGNALING_STATE_HAVE_REMOTE_OFFER = SignalingState.SIGNALING_STATE_HAVE_REMOTE_OFFER;
  /** `SignalingState.SIGNALING_STATE_HAVE_LOCAL_PRANSWER` */
  static readonly SIGNALING_STATE_HAVE_LOCAL_PRANSWER = SignalingState.SIGNALING_STATE_HAVE_LOCAL_PRANSWER;
  /** `SignalingState.SIGNALING_STATE_HAVE_REMOTE_PRANSWER` */
  static readonly SIGNALING_STATE_HAVE_REMOTE_PRANSWER = SignalingState.SIGNALING_STATE_HAVE_REMOTE_PRANSWER;
  /** `SignalingState.SIGNALING_STATE_CLOSED` */
  static readonly SIGNALING_STATE_CLOSED = SignalingState.SIGNALING_STATE_CLOSED;

  readonly #signals = signalsOf<PeerConnectionSignals>(this);

  /** `(type, sdp)`: a local offer or answer to apply with `set_local_description` and send to the remote. */
  readonly session_description_created = this.#signals.signal("session_description_created");
  /** `(media, index, name)`: a local ICE candidate to send; the remote passes it to `add_ice_candidate`. */
  readonly ice_candidate_created = this.#signals.signal("ice_candidate_created");
  /** `(channel)`: the remote peer opened an in-band (not negotiated) channel. */
  readonly data_channel_received = this.#signals.signal("data_channel_received");
  /** Extension, `(operation, message)`: an asynchronous browser operation failed. */
  readonly operation_failed = this.#signals.signal("operation_failed");
  /** Extension, `(local_type, remote_type, protocol)`: the selected candidate pair changed; `"relay"` = through TURN. */
  readonly selected_candidate_pair_changed = this.#signals.signal("selected_candidate_pair_changed");
  readonly #stats = new TransportStatsPoller(({ local_candidate_type, remote_candidate_type, protocol }) => {
    this.#signals.enqueue("selected_candidate_pair_changed", local_candidate_type, remote_candidate_type, protocol);
  });

  readonly #heldLimits = new HeldCandidateBounds();
  readonly #slot = new SessionSlot(this.#signals, this.#heldLimits, this.#stats, () => stateChanged(this));

  /**
   * Builds later connections on `implementation`, an `RTCPeerConnection`-compatible constructor (node-datachannel's
   * polyfill in Node, a test double), instead of `globalThis.RTCPeerConnection`; `null` restores the default.
   * The counterpart of Godot's extension mechanism. Not a constructor → `ERR_INVALID_PARAMETER`.
   */
  static set_default_extension(implementation: RTCPeerConnectionConstructor | null): GodotError {
    if (implementation !== null && typeof implementation !== "function") {
      return fail(GodotError.ERR_INVALID_PARAMETER, "set_default_extension", "expected an RTCPeerConnection-compatible constructor or null");
    }
    setDefaultImplementation(implementation);
    return GodotError.OK;
  }

  /**
   * Starts over with a new browser connection built from `configuration` (`iceServers` plus the browser's other
   * `RTCConfiguration` keys). Closes the previous connection and its channels and drops its undelivered
   * signals. Not a plain object or a malformed `iceServers` → `ERR_INVALID_PARAMETER` (nothing changes);
   * the browser rejecting it → `FAILED`.
   */
  initialize(configuration: PeerConfiguration = {}): GodotError {
    const checked = checkConfiguration(configuration);
    if ("error" in checked) return fail(GodotError.ERR_INVALID_PARAMETER, "initialize", checked.error);
    return this.#slot.restart(checked.config) ? GodotError.OK : GodotError.FAILED;
  }

  /**
   * A new channel on this connection, or `null` (logged) when the options break the rules of CONTRACT §4 or the
   * connection is no longer in `STATE_NEW`. Keep the returned object: it is how you read and send.
   */
  create_data_channel(label: string, options: DataChannelOptions = {}): WebRTCDataChannel | null {
    const checked = checkChannelOptions(label, options);
    if ("error" in checked) return fail(null, "create_data_channel", checked.error);
    if (checked.unknownKeys.length > 0) logWarning("create_data_channel", `ignored unknown option(s): ${checked.unknownKeys.join(", ")}`);
    if (this.get_connection_state() !== ConnectionState.STATE_NEW) return fail(null, "create_data_channel", "channels can only be created in STATE_NEW");
    return this.#slot.require("create_data_channel")?.createChannel(label, checked.init) ?? null;
  }

  /**
   * Starts making an offer: `OK`, then `session_description_created("offer", sdp)` from a later `poll()`.
   * Moves to `STATE_CONNECTING` at once. Not in `STATE_NEW` → `FAILED`.
   */
  create_offer(): GodotError {
    if (this.get_connection_state() !== ConnectionState.STATE_NEW) return fail(GodotError.FAILED, "create_offer", "an offer can only be made in STATE_NEW");
    return this.#slot.run("create_offer", (session) => session.createOffer());
  }

  /**
   * Extension: restarts ICE on the negotiated connection (a new network path after a Wi-Fi → mobile switch, a
   * relay restart, a FAILED connection): `OK`, then `session_description_created("offer", sdp)` with fresh ICE
   * credentials from a later `poll()`; send it like the first offer, and the other side answers through the same
   * signals (its `set_remote_description` takes it as a renegotiation). Channels, their queued packets and their
   * ids survive. Nothing negotiated yet (`STATE_NEW`) or after `close()` → `FAILED`; while a remote offer waits
   * for our answer → `ERR_BUSY`. A browser failure arrives as `operation_failed("restart_ice", message)`.
   */
  restart_ice(): GodotError {
    if (this.get_connection_state() === ConnectionState.STATE_NEW) return fail(GodotError.FAILED, "restart_ice", "nothing to restart: negotiate with create_offer() first");
    return this.#slot.run("restart_ice", (session) => session.restartIce());
  }

  /**
   * Applies a local description (the one `session_description_created` gave you); ICE candidates follow as
   * `ice_candidate_created`. A type other than offer/answer/pranswer/rollback or a non-string sdp →
   * `ERR_INVALID_PARAMETER`. A browser rejection arrives later as `operation_failed`.
   */
  set_local_description(type: string, sdp: string): GodotError {
    if (!isDescription(type, sdp)) return fail(GodotError.ERR_INVALID_PARAMETER, "set_local_description", DESCRIPTION_EXPECTED);
    return this.#slot.run("set_local_description", (session) => session.setLocalDescription({ type, sdp }));
  }

  /**
   * Applies the remote peer's description. For an `"offer"` it then creates the answer and emits
   * `session_description_created("answer", sdp)` (apply it with `set_local_description`, as in Godot). An offer
   * on a connection that is negotiating, connected, disconnected or failed is a renegotiation (an ICE restart
   * of the remote peer): applied and answered the same way, channels kept (since 0.2; was `FAILED`). Bad type or
   * sdp → `ERR_INVALID_PARAMETER`; after `close()` → `FAILED`. Held ICE candidates are applied once it succeeds.
   */
  set_remote_description(type: string, sdp: string): GodotError {
    if (!isDescription(type, sdp)) return fail(GodotError.ERR_INVALID_PARAMETER, "set_remote_description", DESCRIPTION_EXPECTED);
    return this.#slot.run("set_remote_description", (session) => session.setRemoteDescription({ type, sdp }));
  }

  /**
   * Adds a remote ICE candidate as the remote `ice_candidate_created` gave it: `media` is the sdpMid (`""` for
   * none), `index` the sdpMLineIndex, `name` the candidate line. Before the remote description it is held and
   * applied right after, up to `get_max_held_candidates()` / `get_max_held_candidate_bytes()`; beyond them it is
   * dropped, counted (`get_dropped_candidate_count()`) and warned about once per burst. Wrong argument types →
   * `ERR_INVALID_PARAMETER`.
   */
  add_ice_candidate(media: string, index: number, name: string): GodotError {
    if (typeof media !== "string" || !isIntegerIn(index, 0, MAX_MLINE_INDEX) || typeof name !== "string") {
      return fail(GodotError.ERR_INVALID_PARAMETER, "add_ice_candidate", `expected (media: string, index: integer 0…${MAX_MLINE_INDEX}, name: string)`);
    }
    return this.#slot.run("add_ice_candidate", (session) => session.addIceCandidate({ candidate: name, sdpMid: media === "" ? null : media, sdpMLineIndex: index }));
  }

  /** Emits the queued signals in the order the browser produced them. `OK`. */
  poll(): GodotError {
    this.#signals.emitQueued();
    return GodotError.OK;
  }

  /**
   * Closes the browser connection and every channel it made or received, detaches every browser handler and
   * drops undelivered signals; your own signal connections stay. Idempotent. Call `initialize()` to reuse.
   */
  close(): void {
    this.#slot.close();
  }

  /**
   * Extension: the latest transport snapshot (selected pair's candidate types and protocol, RTT, bytes, messages,
   * outgoing bitrate), refreshed every `get_stats_interval()` ms; empty until sampled and after `close()`/`initialize()`.
   */
  get_stats(): TransportStats {
    return this.#stats.snapshot();
  }

  /** Extension: the `get_stats()` refresh interval in ms (default 1000, 0 = off; 0…3600000, else `ERR_INVALID_PARAMETER`). */
  set_stats_interval(ms: number): GodotError {
    return this.#stats.setIntervalMs(ms);
  }

  /** Extension: the `get_stats()` refresh interval in ms; 0 = off. */
  get_stats_interval(): number {
    return this.#stats.intervalMs;
  }

  /**
   * Extension: how many remote candidates `add_ice_candidate` holds while the remote description is not applied
   * (default 256; 0…65535, else `ERR_INVALID_PARAMETER`). Beyond it they are dropped, counted and warned about.
   */
  set_max_held_candidates(count: number): GodotError {
    return this.#heldLimits.setCount(count);
  }

  /** Extension: how many remote candidates are held at most for the remote description. */
  get_max_held_candidates(): number {
    return this.#heldLimits.count;
  }

  /** Extension: how many bytes of held remote candidates at most (default 128 KiB; a non-negative integer, else `ERR_INVALID_PARAMETER`). */
  set_max_held_candidate_bytes(bytes: number): GodotError {
    return this.#heldLimits.setBytes(bytes);
  }

  /** Extension: how many bytes of held remote candidates at most. */
  get_max_held_candidate_bytes(): number {
    return this.#heldLimits.bytes;
  }

  /** Extension: remote candidates dropped since the last `initialize()` because the held ones reached a limit. */
  get_dropped_candidate_count(): number {
    return this.#slot.session?.droppedCandidates ?? 0;
  }

  /**
   * The connection state, read live from the browser (`STATE_CLOSED` after `close()`); `STATE_FAILED` once ICE
   * gathering has completed without a single local candidate (the browser would read "new" forever).
   */
  get_connection_state(): ConnectionState {
    if (this.#slot.closed) return ConnectionState.STATE_CLOSED;
    return this.#slot.session?.connectionState() ?? ConnectionState.STATE_NEW;
  }

  /** The ICE gathering state, read live from the browser. */
  get_gathering_state(): GatheringState {
    return this.#slot.session?.gatheringState() ?? GatheringState.GATHERING_STATE_NEW;
  }

  /** The signaling state, read live from the browser (`SIGNALING_STATE_CLOSED` after `close()`). */
  get_signaling_state(): SignalingState {
    if (this.#slot.closed) return SignalingState.SIGNALING_STATE_CLOSED;
    return this.#slot.session?.signalingState() ?? SignalingState.SIGNALING_STATE_STABLE;
  }
}
