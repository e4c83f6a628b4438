// A small, fully controllable stand-in for the browser's RTCPeerConnection and RTCDataChannel, for unit tests.
// Injected through the same door users have: `WebRTCPeerConnection.set_default_extension(FakeRTCPeerConnection)`.
// Nothing happens by itself: tests resolve or reject each async call and fire each browser event explicitly.
import { CountingEventTarget } from "./counting-event-target";
import { FakeRTCDataChannel } from "./fake-rtc-data-channel";

export { FakeRTCDataChannel };

/** One call made on a fake, in order: the method name and its arguments. */
export interface RecordedCall {
  readonly method: string;
  readonly args: readonly unknown[];
}

/** A pending async browser operation the test settles by hand. */
export interface PendingCall<T = unknown> {
  readonly method: string;
  readonly args: readonly unknown[];
  resolve(value?: T): void;
  reject(reason: unknown): void;
}

/** Fake `RTCPeerConnection`. Every instance is recorded in `FakeRTCPeerConnection.instances`. */
export class FakeRTCPeerConnection extends CountingEventTarget {
  /** Every fake built since the last `reset()`, oldest first. */
  static instances: FakeRTCPeerConnection[] = [];
  /** When set, the next constructor call throws this (then it is cleared). */
  static nextConstructError: unknown = null;

  /** Forgets every instance and pending setting; call in `beforeEach`. */
  static reset(): void {
    FakeRTCPeerConnection.instances = [];
    FakeRTCPeerConnection.nextConstructError = null;
  }

  /** Instances not closed. */
  static get liveCount(): number {
    return FakeRTCPeerConnection.instances.filter((pc) => !pc.closed).length;
  }

  /** The most recent instance; throws if there is none (a test bug). */
  static get last(): FakeRTCPeerConnection {
    const pc = FakeRTCPeerConnection.instances.at(-1);
    if (pc === undefined) throw new Error("no FakeRTCPeerConnection was constructed");
    return pc;
  }

  readonly configuration: RTCConfiguration | undefined;
  /** `undefined` models a browser without `connectionState` (Firefox < 113). */
  connectionState: RTCPeerConnectionState | string | undefined = "new";
  iceConnectionState: RTCIceConnectionState | string = "new";
  iceGatheringState: RTCIceGatheringState | string = "new";
  signalingState: RTCSignalingState | string = "stable";
  localDescription: RTCSessionDescriptionInit | null = null;
  remoteDescription: RTCSessionDescriptionInit | null = null;
  sctp: { maxMessageSize: number } | null = null;
  closed = false;
  /** Every method call, in order. */
  readonly calls: RecordedCall[] = [];
  /** Async calls not settled yet, in call order. */
  readonly pending: PendingCall[] = [];
  /** Channels made by `createDataChannel`. */
  readonly channels: FakeRTCDataChannel[] = [];
  /** The entries `getStats()` reports, by id; when `statsError` is set it rejects with it instead. */
  readonly stats = new Map<string, Record<string, unknown>>();
  statsError: unknown = null;
  /** How many times `getStats()` was called (not recorded in `calls`: a timer calls it). */
  getStatsCalls = 0;

  constructor(configuration?: RTCConfiguration) {
    super();
    const error = FakeRTCPeerConnection.nextConstructError;
    if (error !== null) {
      FakeRTCPeerConnection.nextConstructError = null;
      throw error;
    }
    this.configuration = configuration;
    FakeRTCPeerConnection.instances.push(this);
  }

  createOffer(options?: RTCOfferOptions): Promise<RTCSessionDescriptionInit> {
    return this.#defer("createOffer", options === undefined ? [] : [options]);
  }

  /** Records the call; the next `createOffer` is the one that carries the restart (`iceRestart`). */
  restartIce(): void {
    this.calls.push({ method: "restartIce", args: [] });
  }

  createAnswer(): Promise<RTCSessionDescriptionInit> {
    return this.#defer("createAnswer", []);
  }

  setLocalDescription(description: RTCSessionDescriptionInit): Promise<void> {
    return this.#defer("setLocalDescription", [description]);
  }

  setRemoteDescription(description: RTCSessionDescriptionInit): Promise<void> {
    return this.#defer("setRemoteDescription", [description]);
  }

  addIceCandidate(candidate: RTCIceCandidateInit): Promise<void> {
    return this.#defer("addIceCandidate", [candidate]);
  }

  createDataChannel(label: string, init?: RTCDataChannelInit): FakeRTCDataChannel {
    this.calls.push({ method: "createDataChannel", args: [label, init] });
    const channel = new FakeRTCDataChannel(label, init);
    this.channels.push(channel);
    return channel;
  }

  getStats(): Promise<Map<string, Record<string, unknown>>> {
    this.getStatsCalls++;
    return this.statsError !== null ? Promise.reject(this.statsError) : Promise.resolve(new Map(this.stats));
  }

  close(): void {
    this.calls.push({ method: "close", args: [] });
    this.closed = true;
    this.signalingState = "closed";
    if (this.connectionState !== undefined) this.connectionState = "closed";
    this.iceConnectionState = "closed";
    // W3C "close the connection": every channel reads `closed` at once, without a close event.
    for (const channel of this.channels) channel.readyState = "closed";
  }

  /** The connection and every channel made so far are up, each change with its event as in a browser. */
  connectAll(): void {
    this.setStates({ connectionState: "connected", iceConnectionState: "connected" });
    for (const channel of this.channels) if (channel.readyState === "connecting") channel.open();
  }

  /** The channel made with negotiated id `id`; throws if there is none (a test bug). */
  channel(id: number): FakeRTCDataChannel {
    const channel = this.channels.find((c) => c.id === id);
    if (channel === undefined) throw new Error(`no channel with id ${id} on this FakeRTCPeerConnection`);
    return channel;
  }

  /** Calls of `method`, in order. */
  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Pending calls of `method`, in order. */
  pendingOf(method: string): PendingCall[] {
    return this.pending.filter((call) => call.method === method);
  }

  /**
   * Resolves the oldest pending `method` call. A resolved `setRemoteDescription` / `setLocalDescription` also
   * stores the description, as the browser does; `createOffer` / `createAnswer` default to a small SDP.
   */
  resolve(method: string, value?: unknown): void {
    const call = this.#take(method);
    if (method === "setRemoteDescription") this.remoteDescription = call.args[0] as RTCSessionDescriptionInit;
    if (method === "setLocalDescription") this.localDescription = call.args[0] as RTCSessionDescriptionInit;
    if (value === undefined && method === "createOffer") value = { type: "offer", sdp: "v=0 fake-offer" };
    if (value === undefined && method === "createAnswer") value = { type: "answer", sdp: "v=0 fake-answer" };
    call.resolve(value);
  }

  /** Rejects the oldest pending `method` call with `reason`. */
  reject(method: string, reason: unknown): void {
    this.#take(method).reject(reason);
  }

  /** Fires `icecandidate` with `candidate` (`null` is the end-of-candidates marker). */
  fireIceCandidate(candidate: RTCIceCandidateInit | null): void {
    this.fire("icecandidate", { candidate });
  }

  /** Fires `datachannel` with a new remote channel and returns it. */
  fireDataChannel(label: string, init: RTCDataChannelInit = {}): FakeRTCDataChannel {
    const channel = new FakeRTCDataChannel(label, init);
    this.fire("datachannel", { channel });
    return channel;
  }

  /** Sets browser state fields and fires the matching change events. */
  setStates(states: { connectionState?: string; iceConnectionState?: string; iceGatheringState?: string; signalingState?: string }): void {
    if (states.connectionState !== undefined) {
      this.connectionState = states.connectionState;
      this.fire("connectionstatechange");
    }
    if (states.iceConnectionState !== undefined) {
      this.iceConnectionState = states.iceConnectionState;
      this.fire("iceconnectionstatechange");
    }
    if (states.iceGatheringState !== undefined) {
      this.iceGatheringState = states.iceGatheringState;
      this.fire("icegatheringstatechange");
    }
    if (states.signalingState !== undefined) {
      this.signalingState = states.signalingState;
      this.fire("signalingstatechange");
    }
  }

  #defer<T>(method: string, args: unknown[]): Promise<T> {
    this.calls.push({ method, args });
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ method, args, resolve: resolve as (value?: unknown) => void, reject });
    });
  }

  #take(method: string): PendingCall {
    const index = this.pending.findIndex((call) => call.method === method);
    if (index < 0) throw new Error(`no pending ${method} call on this FakeRTCPeerConnection`);
    const [call] = this.pending.splice(index, 1);
    return call!;
  }
}

/** As the constructor type `set_default_extension` takes. */
export const FakeRTCPeerConnectionConstructor = FakeRTCPeerConnection as unknown as new (configuration?: RTCConfiguration) => RTCPeerConnection;

/** Lets every promise callback queued so far run (a macrotask boundary: all pending microtasks drain first). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
