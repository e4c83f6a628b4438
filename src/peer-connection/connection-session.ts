import { DEFAULT_MAX_MESSAGE_SIZE, WebRTCDataChannel } from "../data-channel/webrtc-data-channel";
import { ConnectionState, GatheringState, SignalingState } from "../godot/enums";
import { GodotError } from "../godot/godot-error";
import { LIBRARY_KEY } from "../internal/library-key";
import { ListenerBag } from "../internal/listener-bag";
import { describe, fail, logError, logWarning } from "../internal/log";
import { lookup } from "../internal/lookup";
import type { SignalHub } from "../internal/signal-hub";
import { HeldCandidates, type HeldCandidateLimits } from "./held-candidates";
import type { PeerConnectionSignals } from "./peer-connection-signals";
import { CONNECTION_STATE, GATHERING_STATE, ICE_CONNECTION_STATE, SIGNALING_STATE } from "./state-tables";

const MAX_SENDABLE_MESSAGE = 256 * 1024;

/**
 * One browser connection of a `WebRTCPeerConnection`, from one `initialize()` (or first use) to the next one or
 * `close()`: the `RTCPeerConnection`, its listeners, the channels made on it or received from it, the remote
 * candidates held for its remote description and the watch on its ICE gathering. Events go into the owner's
 * signal hub. Once closed, nothing it started reaches the owner any more: a stale callback is one `#live` check.
 * Godot splits its web build the same way (`webrtc_peer_connection` / `webrtc_peer_connection_js`).
 */
export class ConnectionSession {
  /** The browser connection, for the library's own use (stats, tests); games never see it. */
  readonly pc: RTCPeerConnection;
  readonly #signals: SignalHub<PeerConnectionSignals>;
  readonly #listeners = new ListenerBag();
  readonly #channels = new Set<WebRTCDataChannel>();
  readonly #negotiatedIds = new Set<number>();
  readonly #held: HeldCandidates;
  #remoteDescriptionsInFlight = 0;
  /** Godot moves to STATE_CONNECTING at `create_offer()` / a remote offer, before the browser does. */
  #connecting = false;
  /** Local candidates gathered; none once gathering is complete means the connection can never succeed. */
  #localCandidates = 0;
  #gatheredNothing = false;
  #live = true;

  readonly #changed: () => void;

  /**
   * @param heldLimits the owner's bounds on held remote candidates, read at each arrival.
   * @param changed called whenever `connectionState()` may read differently (a browser state event, or ours).
   */
  constructor(pc: RTCPeerConnection, signals: SignalHub<PeerConnectionSignals>, heldLimits: Readonly<HeldCandidateLimits>, changed: () => void) {
    this.pc = pc;
    this.#signals = signals;
    this.#changed = changed;
    this.#held = new HeldCandidates(heldLimits);
    this.#listen();
  }

  /** Remote candidates dropped because the held ones reached their limits. */
  get droppedCandidates(): number {
    return this.#held.dropped;
  }

  /** The connection state read live, with Godot's early STATE_CONNECTING and the gathered-nothing STATE_FAILED. */
  connectionState(): ConnectionState {
    const pc = this.pc;
    const state = pc.connectionState !== undefined
      ? lookup(CONNECTION_STATE, pc.connectionState, ConnectionState.STATE_NEW)
      : lookup(ICE_CONNECTION_STATE, pc.iceConnectionState, ConnectionState.STATE_NEW);
    if (state > ConnectionState.STATE_CONNECTING) return state;
    if (this.#gatheredNothing) return ConnectionState.STATE_FAILED;
    return state === ConnectionState.STATE_NEW && this.#connecting ? ConnectionState.STATE_CONNECTING : state;
  }

  /** The ICE gathering state, read live. */
  gatheringState(): GatheringState {
    return lookup(GATHERING_STATE, this.pc.iceGatheringState, GatheringState.GATHERING_STATE_NEW);
  }

  /** The signaling state, read live. */
  signalingState(): SignalingState {
    return lookup(SIGNALING_STATE, this.pc.signalingState, SignalingState.SIGNALING_STATE_STABLE);
  }

  /** A channel made on this connection (options already checked), or null (logged). */
  createChannel(label: string, init: RTCDataChannelInit): WebRTCDataChannel | null {
    if (init.id !== undefined && this.#negotiatedIds.has(init.id)) return fail(null, "create_data_channel", `negotiated id ${init.id} is already used on this connection`);
    let channel: RTCDataChannel;
    try {
      channel = this.pc.createDataChannel(label, init);
    } catch (error) {
      return fail(null, "create_data_channel", describe(error));
    }
    if (init.id !== undefined) this.#negotiatedIds.add(init.id);
    return this.#wrap(channel);
  }

  /** Makes an offer; `session_description_created("offer", …)` follows. */
  createOffer(): void {
    this.#setConnecting(true);
    this.#run("create_offer", () => this.pc.createOffer(), (offer) => this.#described(offer), () => this.#setConnecting(false));
  }

  /**
   * Makes an offer with fresh ICE credentials (`restartIce()` where the browser has it, and `iceRestart`), on the
   * same connection: channels, their queues and ids stay. `session_description_created("offer", …)` follows.
   * While a remote offer waits for our answer → `ERR_BUSY` (logged), nothing started.
   */
  restartIce(): GodotError {
    const signaling = this.signalingState();
    if (signaling === SignalingState.SIGNALING_STATE_HAVE_REMOTE_OFFER || signaling === SignalingState.SIGNALING_STATE_HAVE_LOCAL_PRANSWER) {
      return fail(GodotError.ERR_BUSY, "restart_ice", "a remote offer is waiting for our answer; restart after it");
    }
    this.#run("restart_ice", () => {
      this.pc.restartIce?.();
      return this.pc.createOffer({ iceRestart: true });
    }, (offer) => this.#described(offer));
    return GodotError.OK;
  }

  /** Applies a local description. */
  setLocalDescription(description: RTCSessionDescriptionInit): void {
    this.#run("set_local_description", () => this.pc.setLocalDescription(description), () => {});
  }

  /** Applies a remote description, answering an offer; held candidates follow once it is applied. */
  setRemoteDescription(description: RTCSessionDescriptionInit): void {
    const isOffer = description.type === "offer";
    const first = this.connectionState() === ConnectionState.STATE_NEW;
    if (isOffer && first) this.#setConnecting(true);
    this.#remoteDescriptionsInFlight++;
    this.#run("set_remote_description", () => this.pc.setRemoteDescription(description), () => {
      this.#remoteDescriptionsInFlight--;
      this.#applyHeld();
      if (isOffer) this.#run("create_answer", () => this.pc.createAnswer(), (answer) => this.#described(answer));
    }, () => {
      this.#remoteDescriptionsInFlight--;
      // A rejected first remote offer leaves the browser where it was: let the game apply a corrected one.
      if (isOffer && first) this.#setConnecting(false);
    });
  }

  /** Adds a remote candidate, or holds it until the remote description is applied. */
  addIceCandidate(candidate: RTCIceCandidateInit): void {
    if (this.pc.remoteDescription === null || this.#remoteDescriptionsInFlight > 0) this.#held.hold(candidate);
    else this.#addCandidate(candidate);
  }

  /**
   * Closes the browser connection, then every channel (W3C "close the connection" marks them closed; Chromium
   * a task later, so the wrappers also ask whether this session is live), and detaches every listener.
   */
  close(): void {
    if (!this.#live) return;
    this.#live = false;
    this.#listeners.detachAll();
    try {
      this.pc.close();
    } catch (error) {
      logError("close", describe(error));
    }
    for (const channel of this.#channels) channel.close();
    this.#channels.clear();
  }

  #listen(): void {
    const pc = this.pc;
    this.#listeners.on<RTCPeerConnectionIceEvent>(pc, "icecandidate", ({ candidate }) => {
      // The end-of-candidates marker (null or an empty candidate) is not forwarded, as in Godot.
      if (!candidate?.candidate) return;
      this.#localCandidates++;
      this.#signals.enqueue("ice_candidate_created", candidate.sdpMid ?? "", candidate.sdpMLineIndex ?? 0, candidate.candidate);
    });
    // Gathering that completes without one local candidate (every TURN server refused, no usable interface) can
    // never connect, yet Chromium 156 keeps reading "new" forever: report it and read STATE_FAILED from then on.
    this.#listeners.on(pc, "connectionstatechange", this.#changed);
    this.#listeners.on(pc, "iceconnectionstatechange", this.#changed);
    this.#listeners.on(pc, "icegatheringstatechange", () => {
      if (pc.iceGatheringState !== "complete" || this.#localCandidates > 0 || this.#gatheredNothing) return;
      // node-datachannel fires "complete" before its icecandidate events; its local description has them already.
      if (pc.localDescription?.sdp?.includes("a=candidate:")) return;
      this.#gatheredNothing = true;
      this.#changed();
      const message = "ICE gathering completed without a single local candidate; the connection cannot succeed (check iceServers and iceTransportPolicy)";
      logError("gather_candidates", message);
      this.#signals.enqueue("operation_failed", "gather_candidates", message);
    });
    this.#listeners.on<RTCDataChannelEvent>(pc, "datachannel", ({ channel }) => {
      this.#signals.enqueue("data_channel_received", this.#wrap(channel));
    });
    // A STUN/TURN server that refuses or does not answer (a wrong TURN password: 401) rejects no promise; the
    // browser only fires icecandidateerror (Chromium 156 then stays in "new"). Surfaced so the game can tell.
    this.#listeners.on<RTCPeerConnectionIceErrorEvent>(pc, "icecandidateerror", ({ url, errorCode, errorText }) => {
      const message = `${url}: ${errorCode} ${errorText}`;
      logWarning("ice_candidate", message);
      this.#signals.enqueue("operation_failed", "ice_candidate", message);
    });
  }

  #wrap(channel: RTCDataChannel): WebRTCDataChannel {
    const pc = this.pc;
    // Chromium 156 leaves the channels of a failed connection "open"; they read closed, as in Godot's native plugin.
    const closed = (): boolean => !this.#live || (pc.connectionState ?? pc.iceConnectionState) === "failed";
    const wrapped = new WebRTCDataChannel(LIBRARY_KEY, channel, () => maxMessageSize(pc), closed);
    this.#channels.add(wrapped);
    return wrapped;
  }

  #setConnecting(connecting: boolean): void {
    this.#connecting = connecting;
    this.#changed();
  }

  #described(description: RTCSessionDescriptionInit): void {
    this.#signals.enqueue("session_description_created", description.type, description.sdp ?? "");
  }

  #applyHeld(): void {
    if (this.#remoteDescriptionsInFlight > 0) return;
    for (const candidate of this.#held.release()) this.#addCandidate(candidate);
  }

  #addCandidate(candidate: RTCIceCandidateInit): void {
    this.#run("add_ice_candidate", () => this.pc.addIceCandidate(candidate), () => {});
  }

  /** Runs a browser operation; while this session is live its result reaches `done`, its failure `operation_failed`. */
  #run<T>(operation: string, start: () => Promise<T>, done: (value: T) => void, failed?: () => void): void {
    let promise: Promise<T>;
    try {
      promise = Promise.resolve(start());
    } catch (error) {
      promise = Promise.reject(error);
    }
    promise.then(
      (value) => {
        if (this.#live) done(value);
      },
      (reason: unknown) => {
        if (!this.#live) return;
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
  return typeof size === "number" && size > 0 ? Math.min(size, MAX_SENDABLE_MESSAGE) : DEFAULT_MAX_MESSAGE_SIZE;
}
