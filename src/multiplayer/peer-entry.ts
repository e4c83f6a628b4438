import type { WebRTCDataChannel } from "../data-channel/webrtc-data-channel";
import type { WebRTCPeerConnection } from "../peer-connection/webrtc-peer-connection";

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

  constructor(
    /** The remote peer's connection. */
    readonly connection: WebRTCPeerConnection,
    /** Its channels in list order. */
    readonly channels: readonly WebRTCDataChannel[],
  ) {}

  /** A fresh `get_peer()`-style dictionary (the channel array is a copy). */
  info(): PeerInfo {
    return { connection: this.connection, connected: this.connected, channels: [...this.channels] };
  }

  /** The list index of the first channel holding packets, or -1. */
  firstNonEmptyChannel(): number {
    for (let index = 0; index < this.channels.length; index++) if (this.channels[index]!.get_available_packet_count() > 0) return index;
    return -1;
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
