import { checkChannelOptions, type DataChannelOptions } from "../data-channel/channel-options";
import { DEFAULT_MAX_MESSAGE_SIZE, WebRTCDataChannel } from "../data-channel/webrtc-data-channel";
import { ConnectionState, GatheringState, SignalingState } from "../godot/enums";
import { GodotError } from "../godot/godot-error";
import { MAX_MLINE_INDEX } from "../godot/limits";
import { isIntegerIn } from "../internal/checks";
import { GodotObject, signalsOf } from "../internal/godot-object";
import { LIBRARY_KEY } from "../internal/library-key";
import { ListenerBag } from "../internal/listener-bag";
import { describe, fail, logError, logWarning } from "../internal/log";
import { lookup } from "../internal/lookup";
import { checkConfiguration, type PeerConfiguration } from "./configuration";
import { CONNECTION_STATE, DESCRIPTION_TYPES, GATHERING_STATE, ICE_CONNECTION_STATE, SIGNALING_STATE } from "./state-tables";

/** A constructor compatible with the browser's `RTCPeerConnection`. */
export type RTCPeerConnectionConstructor = new (configuration?: RTCConfiguration) => RTCPeerConnection;

/** The signals of `WebRTCPeerConnection` and their arguments, in Godot's order. */
export type PeerConnectionSignals = {
  /** A local offer or answer is ready; apply it with `set_local_description` and send it to the remote peer. */
  session_description_created: [type: string, sdp: string];
  /** A local ICE candidate is ready to send to the remote peer, as `(sdpMid, sdpMLineIndex, candidate)`. */
  ice_candidate_created: [media: string, index: number, name: string];
  /** The remote peer opened an in-band channel. */
  data_channel_received: [channel: WebRTCDataChannel];
  /**
   * Extension: an asynchronous browser operation failed, with the browser's message. Operation
   * `"ice_candidate"` is a STUN/TURN server that failed to give a candidate (`icecandidateerror`), message
   * `"<url>: <errorCode> <errorText>"`, e.g. `"turn:127.0.0.1:3478?transport=udp: 401 Unauthorized."`.
   */
  operation_failed: [operation: string, message: string];
};

const KIB = 1024;
let defaultImplementation: RTCPeerConnectionConstructor | null = null;

/**
 * Godot's `WebRTCPeerConnection` on the browser's `RTCPeerConnection`. Browser events are queued and emitted
 * as signals by `poll()`, in the order they happened; no method throws, each returns a `GodotError`.
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

  #pc: RTCPeerConnection | null = null;
  /** idle: no browser connection yet; active: one is in use; closed: `close()`d; broken: `initialize()` failed. */
  #phase: "idle" | "active" | "closed" | "broken" = "idle";
  /** Godot moves to STATE_CONNECTING at `create_offer()` / a remote offer, before the browser does. */
  #connecting = false;
  readonly #listeners = new ListenerBag();
  readonly #channels = new Set<WebRTCDataChannel>();
  readonly #negotiatedIds = new Set<number>();
  /** Remote candidates that arrived before the remote description; applied right after it. */
  #heldCandidates: RTCIceCandidateInit[] = [];
  #remoteDescriptionsInFlight = 0;
  /** Local candidates gathered on this connection; none once gathering is complete means it can never connect. */
  #localCandidates = 0;
  #gatheredNothing = false;

  /**
   * Builds later connections on `implementation`, an `RTCPeerConnection`-compatible constructor (node-datachannel's
   * polyfill in Node, a test double), instead of `globalThis.RTCPeerConnection`; `null` restores the default.
   * The counterpart of Godot's extension mechanism. Not a constructor → `ERR_INVALID_PARAMETER`.
   */
  static set_default_extension(implementation: RTCPeerConnectionConstructor | null): GodotError {
    if (implementation !== null && typeof implementation !== "function") {
      return fail(GodotError.ERR_INVALID_PARAMETER, "set_default_extension", "expected an RTCPeerConnection-compatible constructor or null");
    }
    defaultImplementation = implementation;
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
    this.#teardown();
    this.#pc = null;
    this.#phase = "idle";
    return this.#open(checked.config) ? GodotError.OK : GodotError.FAILED;
  }

  /**
   * A new channel on this connection, or `null` (logged) when the options break the rules of CONTRACT §4 or the
   * connection is no longer in `STATE_NEW`. Keep the returned object: it is how you read and send.
   */
  create_data_channel(label: string, options: DataChannelOptions = {}): WebRTCDataChannel | null {
    const checked = checkChannelOptions(label, options);
    if ("error" in checked) return fail(null, "create_data_channel", checked.error);
    if (checked.unknownKeys.length > 0) logWarning("create_data_channel", `ignored unknown option(s): ${checked.unknownKeys.join(", ")}`);
    const { init } = checked;
    if (this.get_connection_state() !== ConnectionState.STATE_NEW) return fail(null, "create_data_channel", "channels can only be created in STATE_NEW");
    if (init.id !== undefined && this.#negotiatedIds.has(init.id)) return fail(null, "create_data_channel", `negotiated id ${init.id} is already used on this connection`);
    const pc = this.#require("create_data_channel");
    if (pc === null) return null;
    let channel: RTCDataChannel;
    try {
      channel = pc.createDataChannel(label, init);
    } catch (error) {
      return fail(null, "create_data_channel", describe(error));
    }
    if (init.id !== undefined) this.#negotiatedIds.add(init.id);
    return this.#wrap(pc, channel);
  }

  /**
   * Starts making an offer: `OK`, then `session_description_created("offer", sdp)` from a later `poll()`.
   * Moves to `STATE_CONNECTING` at once. Not in `STATE_NEW` → `FAILED`.
   */
  create_offer(): GodotError {
    if (this.get_connection_state() !== ConnectionState.STATE_NEW) return fail(GodotError.FAILED, "create_offer", "an offer can only be made in STATE_NEW");
    const pc = this.#require("create_offer");
    if (pc === null) return GodotError.FAILED;
    this.#connecting = true;
    this.#run(pc, "create_offer", () => pc.createOffer(), (offer) => {
      this.#signals.enqueue("session_description_created", offer.type, offer.sdp ?? "");
    }, () => {
      this.#connecting = false;
    });
    return GodotError.OK;
  }

  /**
   * Applies a local description (the one `session_description_created` gave you); ICE candidates follow as
   * `ice_candidate_created`. A type other than offer/answer/pranswer/rollback or a non-string sdp →
   * `ERR_INVALID_PARAMETER`. A browser rejection arrives later as `operation_failed`.
   */
  set_local_description(type: string, sdp: string): GodotError {
    if (!DESCRIPTION_TYPES.has(type as string) || typeof sdp !== "string") {
      return fail(GodotError.ERR_INVALID_PARAMETER, "set_local_description", "expected type offer/answer/pranswer/rollback and an sdp string");
    }
    const pc = this.#require("set_local_description");
    if (pc === null) return GodotError.FAILED;
    this.#run(pc, "set_local_description", () => pc.setLocalDescription({ type: type as RTCSdpType, sdp }), () => {});
    return GodotError.OK;
  }

  /**
   * Applies the remote peer's description. For an `"offer"` it then creates the answer and emits
   * `session_description_created("answer", sdp)` (apply it with `set_local_description`, as in Godot); an offer
   * when not in `STATE_NEW` → `FAILED`. Bad type or sdp → `ERR_INVALID_PARAMETER`. Held ICE candidates are
   * applied once it succeeds.
   */
  set_remote_description(type: string, sdp: string): GodotError {
    if (!DESCRIPTION_TYPES.has(type as string) || typeof sdp !== "string") {
      return fail(GodotError.ERR_INVALID_PARAMETER, "set_remote_description", "expected type offer/answer/pranswer/rollback and an sdp string");
    }
    const isOffer = type === "offer";
    if (isOffer && this.get_connection_state() !== ConnectionState.STATE_NEW) {
      return fail(GodotError.FAILED, "set_remote_description", "a remote offer can only be applied in STATE_NEW");
    }
    const pc = this.#require("set_remote_description");
    if (pc === null) return GodotError.FAILED;
    if (isOffer) this.#connecting = true;
    this.#remoteDescriptionsInFlight++;
    const settled = (): void => {
      if (this.#isCurrent(pc)) this.#remoteDescriptionsInFlight--;
    };
    this.#run(pc, "set_remote_description", () => pc.setRemoteDescription({ type: type as RTCSdpType, sdp }), () => {
      settled();
      this.#applyHeldCandidates(pc);
      if (!isOffer) return;
      this.#run(pc, "create_answer", () => pc.createAnswer(), (answer) => {
        this.#signals.enqueue("session_description_created", answer.type, answer.sdp ?? "");
      });
    }, () => {
      settled();
      // A rejected remote offer leaves the browser where it was: let the game apply a corrected one.
      if (isOffer) this.#connecting = false;
    });
    return GodotError.OK;
  }

  /**
   * Adds a remote ICE candidate as the remote `ice_candidate_created` gave it: `media` is the sdpMid (`""` for
   * none), `index` the sdpMLineIndex, `name` the candidate line. Before the remote description it is held and
   * applied right after. Wrong argument types → `ERR_INVALID_PARAMETER`.
   */
  add_ice_candidate(media: string, index: number, name: string): GodotError {
    if (typeof media !== "string" || !isIntegerIn(index, 0, MAX_MLINE_INDEX) || typeof name !== "string") {
      return fail(GodotError.ERR_INVALID_PARAMETER, "add_ice_candidate", "expected (media: string, index: integer 0…65535, name: string)");
    }
    const pc = this.#require("add_ice_candidate");
    if (pc === null) return GodotError.FAILED;
    const candidate: RTCIceCandidateInit = { candidate: name, sdpMid: media === "" ? null : media, sdpMLineIndex: index };
    if (pc.remoteDescription === null || this.#remoteDescriptionsInFlight > 0) this.#heldCandidates.push(candidate);
    else this.#addCandidate(pc, candidate);
    return GodotError.OK;
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
    this.#teardown();
    this.#phase = "closed";
  }

  /**
   * The connection state, read live from the browser (`STATE_CLOSED` after `close()`); `STATE_FAILED` once ICE
   * gathering has completed without a single local candidate (the browser would read "new" forever).
   */
  get_connection_state(): ConnectionState {
    if (this.#phase === "closed") return ConnectionState.STATE_CLOSED;
    const pc = this.#pc;
    let state: ConnectionState = ConnectionState.STATE_NEW;
    if (pc !== null) {
      state = pc.connectionState !== undefined
        ? lookup(CONNECTION_STATE, pc.connectionState, ConnectionState.STATE_NEW)
        : lookup(ICE_CONNECTION_STATE, pc.iceConnectionState, ConnectionState.STATE_NEW);
    }
    if (state > ConnectionState.STATE_CONNECTING) return state;
    if (this.#gatheredNothing) return ConnectionState.STATE_FAILED;
    return state === ConnectionState.STATE_NEW && this.#connecting ? ConnectionState.STATE_CONNECTING : state;
  }

  /** The ICE gathering state, read live from the browser. */
  get_gathering_state(): GatheringState {
    return lookup(GATHERING_STATE, this.#pc?.iceGatheringState, GatheringState.GATHERING_STATE_NEW);
  }

  /** The signaling state, read live from the browser (`SIGNALING_STATE_CLOSED` after `close()`). */
  get_signaling_state(): SignalingState {
    if (this.#phase === "closed") return SignalingState.SIGNALING_STATE_CLOSED;
    return lookup(SIGNALING_STATE, this.#pc?.signalingState, SignalingState.SIGNALING_STATE_STABLE);
  }

  /** The browser connection, created on first need with an empty configuration; null (logged) if unusable. */
  #require(where: string): RTCPeerConnection | null {
    if (this.#phase === "idle") this.#open({});
    if (this.#phase === "active") return this.#pc;
    return fail(null, where, this.#phase === "closed" ? "the connection is closed; call initialize() to reuse it" : "initialize() failed; call it again with a valid configuration");
  }

  #open(configuration: RTCConfiguration): boolean {
    const Implementation = defaultImplementation ?? (globalThis.RTCPeerConnection as RTCPeerConnectionConstructor | undefined);
    if (typeof Implementation !== "function") {
      this.#phase = "broken";
      return fail(false, "initialize", "no RTCPeerConnection here; call WebRTCPeerConnection.set_default_extension()");
    }
    let pc: RTCPeerConnection;
    try {
      pc = new Implementation(configuration);
    } catch (error) {
      this.#phase = "broken";
      return fail(false, "initialize", describe(error));
    }
    this.#pc = pc;
    this.#phase = "active";
    this.#listeners.on<RTCPeerConnectionIceEvent>(pc, "icecandidate", ({ candidate }) => {
      // The end-of-candidates marker (null or an empty candidate) is not forwarded, as in Godot.
      if (!candidate?.candidate) return;
      this.#localCandidates++;
      this.#signals.enqueue("ice_candidate_created", candidate.sdpMid ?? "", candidate.sdpMLineIndex ?? 0, candidate.candidate);
    });
    // Gathering that completes without one local candidate (every TURN server refused, no usable interface) can
    // never connect, yet Chromium 156 keeps reading "new" forever: report it and read STATE_FAILED from then on.
    this.#listeners.on(pc, "icegatheringstatechange", () => {
      if (pc.iceGatheringState !== "complete" || this.#localCandidates > 0 || this.#gatheredNothing) return;
      // node-datachannel fires "complete" before its icecandidate events; its local description has them already.
      if (pc.localDescription?.sdp?.includes("a=candidate:")) return;
      this.#gatheredNothing = true;
      const message = "ICE gathering completed without a single local candidate; the connection cannot succeed (check iceServers and iceTransportPolicy)";
      logError("gather_candidates", message);
      this.#signals.enqueue("operation_failed", "gather_candidates", message);
    });
    this.#listeners.on<RTCDataChannelEvent>(pc, "datachannel", ({ channel }) => {
      this.#signals.enqueue("data_channel_received", this.#wrap(pc, channel));
    });
    // A STUN/TURN server that refuses or does not answer (a wrong TURN password: 401) rejects no promise; the
    // browser only fires icecandidateerror (Chromium 156 then stays in "new"). Surfaced so the game can tell.
    this.#listeners.on<RTCPeerConnectionIceErrorEvent>(pc, "icecandidateerror", ({ url, errorCode, errorText }) => {
      const message = `${url}: ${errorCode} ${errorText}`;
      logWarning("ice_candidate", message);
      this.#signals.enqueue("operation_failed", "ice_candidate", message);
    });
    return true;
  }

  #wrap(pc: RTCPeerConnection, channel: RTCDataChannel): WebRTCDataChannel {
    // A failed connection never recovers (no ICE restart here), but Chromium 156 leaves its channels "open".
    const closed = (): boolean => !this.#isCurrent(pc) || (pc.connectionState ?? pc.iceConnectionState) === "failed";
    const wrapped = new WebRTCDataChannel(LIBRARY_KEY, channel, () => maxMessageSize(pc), closed);
    this.#channels.add(wrapped);
    return wrapped;
  }

  #teardown(): void {
    this.#listeners.detachAll();
    // Closing the connection first marks its channels closed (W3C "close the connection"; Chromium a task later,
    // so the wrappers also ask #isCurrent and read STATE_CLOSED at once); then each detaches its own handlers.
    if (this.#pc !== null && this.#phase === "active") {
      try {
        this.#pc.close();
      } catch (error) {
        logError("close", describe(error));
      }
    }
    for (const channel of this.#channels) channel.close();
    this.#channels.clear();
    this.#negotiatedIds.clear();
    this.#heldCandidates = [];
    this.#remoteDescriptionsInFlight = 0;
    this.#connecting = false;
    this.#localCandidates = 0;
    this.#gatheredNothing = false;
    this.#signals.dropQueued();
  }

  #applyHeldCandidates(pc: RTCPeerConnection): void {
    if (this.#remoteDescriptionsInFlight > 0) return;
    const held = this.#heldCandidates;
    this.#heldCandidates = [];
    for (const candidate of held) this.#addCandidate(pc, candidate);
  }

  #addCandidate(pc: RTCPeerConnection, candidate: RTCIceCandidateInit): void {
    this.#run(pc, "add_ice_candidate", () => pc.addIceCandidate(candidate), () => {});
  }

  /** Whether `pc` is still this object's live connection (results for a replaced or closed one are ignored). */
  #isCurrent(pc: RTCPeerConnection): boolean {
    return this.#pc === pc && this.#phase === "active";
  }

  /** Runs a browser operation; its result reaches `done` and its failure becomes `operation_failed`. */
  #run<T>(pc: RTCPeerConnection, operation: string, start: () => Promise<T>, done: (value: T) => void, failed?: () => void): void {
    let promise: Promise<T>;
    try {
      promise = Promise.resolve(start());
    } catch (error) {
      promise = Promise.reject(error);
    }
    promise.then(
      (value) => {
        if (this.#isCurrent(pc)) done(value);
      },
      (reason: unknown) => {
        if (!this.#isCurrent(pc)) return;
        failed?.();
        const message = describe(reason);
        logError(operation, message);
        this.#signals.enqueue("operation_failed", operation, message);
      },
    );
  }
}

/** What one message on `pc` may carry: its SCTP `maxMessageSize` capped at 256 KiB, 64 KiB until known. */
function maxMessageSize(pc: RTCPeerConnection): number {
  const size = pc.sctp?.maxMessageSize;
  return typeof size === "number" && size > 0 ? Math.min(size, 256 * KIB) : DEFAULT_MAX_MESSAGE_SIZE;
}
