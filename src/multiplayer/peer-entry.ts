import type { WebRTCDataChannel } from "../data-channel/webrtc-data-channel";
import { ChannelState, ConnectionState } from "../godot/enums";
import { fail } from "../internal/log";
import { unwatchState, watchState } from "../internal/state-watch";
import { WebRTCPeerConnection } from "../peer-connection/webrtc-peer-connection";
import type { ChannelSpec } from "./channel-layout";

/** What `WebRTCMultiplayerPeer.get_peer()` returns: Godot's `{connection, connected, channels}` dictionary. */
export interface PeerInfo {
  /** The connection given to `add_peer`. */
  connection: WebRTCPeerConnection;
  /** Whether `peer_connected` has been emitted (or is queued) for this peer. */
  connected: boolean;
  /** Every channel of the peer in list order: reliable, ordered, unreliable, then the `channels_config` ones. */
  channels: WebRTCDataChannel[];
}

/** One entry of a multiplayer peer's map: a remote peer's connection, its channels and whether it counts as connected. */
export class PeerEntry {
  /** Whether every channel has been seen open on a connected connection (and `peer_connected` queued). */
  connected = false;
  /**
   * Whether the connection or a channel reported a state change since `check()` last said "unchanged": only
   * then can `check()` say anything else, so an idle `poll()` reads nothing from the browser.
   */
  stale = true;
  readonly #onChange = (): void => {
    this.stale = true;
  };

  constructor(
    /** The remote peer's connection. */
    readonly connection: WebRTCPeerConnection,
    /** Its channels in list order. */
    readonly channels: readonly WebRTCDataChannel[],
  ) {
    watchState(connection, this.#onChange);
    for (const channel of channels) watchState(channel, this.#onChange);
  }

  /**
   * The entry for a peer reached through `connection`, with a channel created on it for each of `specs`; null
   * (logged, the channels made so far closed) if one cannot be created.
   */
  static open(connection: WebRTCPeerConnection, specs: readonly ChannelSpec[]): PeerEntry | null {
    const channels: WebRTCDataChannel[] = [];
    for (const { label, options } of specs) {
      const channel = connection.create_data_channel(label, options);
      if (channel === null) {
        for (const made of channels) made.close();
        return fail(null, "add_peer", `could not create channel "${label}"`);
      }
      channels.push(channel);
    }
    return new PeerEntry(connection, channels);
  }

  /** Stops watching the connection and channels (the entry left its multiplayer peer's map). */
  unwatch(): void {
    unwatchState(this.connection, this.#onChange);
    for (const channel of this.channels) unwatchState(channel, this.#onChange);
  }

  /** A fresh `get_peer()`-style dictionary (the channel array is a copy). */
  info(): PeerInfo {
    return { connection: this.connection, connected: this.connected, channels: [...this.channels] };
  }

  /** The list index of the first channel holding packets, or -1. */
  firstNonEmptyChannel(): number {
    for (let index = 0; index < this.channels.length; index++) if (this.channels[index]!.get_available_packet_count() > 0) return index;
    return -1;
  }

  /** What `poll()` makes of this peer: its connection or a channel is gone, it just became ready, or nothing new. */
  check(): "dropped" | "ready" | "unchanged" {
    if (!this.stale) return "unchanged";
    const verdict = this.#read();
    // A dropped peer stays stale: it is read again next time (a recovery hold may keep it for a while).
    if (verdict !== "dropped") this.stale = false;
    return verdict;
  }

  #read(): "dropped" | "ready" | "unchanged" {
    const state = this.connection.get_connection_state();
    if (state === ConnectionState.STATE_NEW || state === ConnectionState.STATE_CONNECTING) return "unchanged";
    if (state !== ConnectionState.STATE_CONNECTED) return "dropped";
    let open = 0;
    for (const channel of this.channels) {
      const ready = channel.get_ready_state();
      if (ready === ChannelState.STATE_OPEN) open++;
      else if (ready === ChannelState.STATE_CLOSING || ready === ChannelState.STATE_CLOSED) return "dropped";
    }
    return open === this.channels.length && !this.connected ? "ready" : "unchanged";
  }

  /** Packets waiting on all of this peer's channels. */
  availablePackets(): number {
    let count = 0;
    for (const channel of this.channels) count += channel.get_available_packet_count();
    return count;
  }

  /** Closes the connection and its channels, so the remote side notices. */
  close(): void {
    for (const channel of this.channels) channel.close();
    this.connection.close();
  }
}

/** Whether `value` is a `WebRTCPeerConnection`; false for a Proxy whose getPrototypeOf trap throws. */
export function isPeerConnection(value: unknown): value is WebRTCPeerConnection {
  try {
    return value instanceof WebRTCPeerConnection;
  } catch {
    return false;
  }
}

/** Godot's log line for a `put_packet` on a channel index the peer does not have. */
export function noChannel(index: number, entry: PeerEntry): string {
  return `Unable to send packet on channel ${index}, max channels: ${entry.channels.length}`;
}
