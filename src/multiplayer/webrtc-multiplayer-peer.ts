import type { WebRTCDataChannel } from "../data-channel/webrtc-data-channel";
import { ChannelState, ConnectionState, ConnectionStatus, TransferMode } from "../godot/enums";
import { GodotError } from "../godot/godot-error";
import { MAX_PEER_ID, MAX_UNSIGNED_SHORT } from "../godot/limits";
import type { PackedByteArray } from "../internal/bytes";
import { pushedPacketCount } from "../data-channel/packet-queue";
import { packetBytes } from "../packet-peer/packet-peer";
import { isIntegerIn } from "../internal/checks";
import { signalsOf } from "../internal/godot-object";
import { fail, logError, shown } from "../internal/log";
import type { TransportStats } from "../peer-connection/transport-stats";
import type { WebRTCPeerConnection } from "../peer-connection/webrtc-peer-connection";
import { ChannelLayout, RESERVED_CHANNELS } from "./channel-layout";
import { MultiplayerPeer, type MultiplayerPeerSignals } from "./multiplayer-peer";
import { PacketSource } from "./packet-source";
import { isPeerConnection, noChannel, PeerEntry, type PeerInfo } from "./peer-entry";
import { isPeerHeld } from "./peer-hold";

type NetworkMode = "none" | "server" | "client" | "mesh";

/**
 * Godot 4's `WebRTCMultiplayerPeer`: a `MultiplayerPeer` over one `WebRTCPeerConnection` per remote peer, each
 * with negotiated channels 1 "reliable", 2 "ordered", 3 "unreliable" and 4… from `channels_config`. Call
 * `poll()` every frame: it polls the connections, notices peers that connect or drop, and is the only place
 * `peer_connected` / `peer_disconnected` are emitted. No method throws; each failure returns Godot's code and logs why.
 * Where it differs from Godot (fixed quirks, JavaScript's one number type) is in the README's "Differences from
 * Godot" table.
 */
export class WebRTCMultiplayerPeer extends MultiplayerPeer {
  readonly #signals = signalsOf<MultiplayerPeerSignals>(this);
  #targetPeer = 0;
  #mode: NetworkMode = "none";
  #uniqueId = 0;
  #status: ConnectionStatus = ConnectionStatus.CONNECTION_DISCONNECTED;
  #layout = ChannelLayout.empty();
  readonly #peers = new Map<number, PeerEntry>();
  /** `#peers` as an array for `poll()` to walk; null after any change to the map. */
  #order: [number, PeerEntry][] | null = null;
  /** `pushedPacketCount()` when `poll()` last found no connected peer with a packet; -1 when it must look again. */
  #emptyAt = -1;
  readonly #source = new PacketSource();

  constructor() {
    super((self: WebRTCMultiplayerPeer) => self.#source.take(self.#peers));
  }

  /** Starts a server: unique id 1, status `CONNECTION_CONNECTED`. A bad `channels_config` → `ERR_INVALID_PARAMETER`. */
  create_server(channels_config: readonly number[] = []): GodotError {
    return this.#initialize("create_server", "server", 1, channels_config);
  }

  /**
   * Starts a client with id `peer_id` (2…2147483647; 1 → `ERR_INVALID_PARAMETER`, clients cannot be the server).
   * Status `CONNECTION_CONNECTING` until the server (peer 1, added with `add_peer`) connects.
   */
  create_client(peer_id: number, channels_config: readonly number[] = []): GodotError {
    if (peer_id === 1) return fail(GodotError.ERR_INVALID_PARAMETER, "create_client", "Clients cannot have ID 1.");
    return this.#initialize("create_client", "client", peer_id, channels_config);
  }

  /** Starts a mesh member with id `peer_id` (1…2147483647): every peer talks to every other directly. */
  create_mesh(peer_id: number, channels_config: readonly number[] = []): GodotError {
    return this.#initialize("create_mesh", "mesh", peer_id, channels_config);
  }

  /**
   * Adds the remote peer `peer_id` reached through `peer`, which must still be in `STATE_NEW`: creates its
   * negotiated channels (the remote must do the same), after which you negotiate `peer` as usual. Returns
   * `ERR_UNCONFIGURED` before `create_*`; `ERR_INVALID_PARAMETER` for an id this mode refuses (a client only
   * adds 1, a server never 1), an id outside 1…2147483647, a lifetime outside 0…65535, a `peer` that is not a
   * `WebRTCPeerConnection` or not in `STATE_NEW`; `ERR_UNAUTHORIZED` while refusing new connections; `FAILED` if
   * a channel cannot be created. An existing id is replaced (its old connection closed).
   */
  add_peer(peer: WebRTCPeerConnection, peer_id: number, unreliable_lifetime = 1): GodotError {
    const where = "add_peer";
    if (this.#mode === "none") return fail(GodotError.ERR_UNCONFIGURED, where, "call create_server, create_client or create_mesh first");
    if (this.#mode === "client" && peer_id !== 1) return fail(GodotError.ERR_INVALID_PARAMETER, where, "a client can only add the server (peer 1)");
    if (this.#mode === "server" && peer_id === 1) return fail(GodotError.ERR_INVALID_PARAMETER, where, "a server cannot add peer 1 (that is itself)");
    if (!isIntegerIn(peer_id, 1, MAX_PEER_ID)) return fail(GodotError.ERR_INVALID_PARAMETER, where, `peer_id must be an integer in 1…${MAX_PEER_ID}`);
    if (!isIntegerIn(unreliable_lifetime, 0, MAX_UNSIGNED_SHORT)) {
      return fail(GodotError.ERR_INVALID_PARAMETER, where, `unreliable_lifetime must be an integer in 0…${MAX_UNSIGNED_SHORT} (milliseconds)`);
    }
    if (this.refuse_new_connections) return fail(GodotError.ERR_UNAUTHORIZED, where, "refusing new connections");
    if (!isPeerConnection(peer)) return fail(GodotError.ERR_INVALID_PARAMETER, where, "peer must be a WebRTCPeerConnection");
    if (peer.get_connection_state() !== ConnectionState.STATE_NEW) {
      return fail(GodotError.ERR_INVALID_PARAMETER, where, "the connection must be in STATE_NEW (add it before create_offer or set_remote_description)");
    }
    const channels: WebRTCDataChannel[] = [];
    for (const { label, options } of this.#layout.specs(unreliable_lifetime)) {
      const channel = peer.create_data_channel(label, options);
      if (channel === null) {
        for (const made of channels) made.close();
        return fail(GodotError.FAILED, where, `could not create channel "${label}"`);
      }
      channels.push(channel);
    }
    const previous = this.#peers.get(peer_id);
    this.#peers.set(peer_id, new PeerEntry(peer, channels));
    this.#order = null;
    if (previous !== undefined) this.#forget(peer_id, previous, previous.connection !== peer);
    return GodotError.OK;
  }

  /**
   * Removes peer `peer_id` and closes its connection. If it had been connected, `peer_disconnected(peer_id)`
   * follows from the next `poll()`. In client mode, removing the server sets the status to disconnected.
   * Unknown id: logged, nothing happens.
   */
  remove_peer(peer_id: number): void {
    const entry = this.#peers.get(peer_id);
    if (entry === undefined) return void fail(null, "remove_peer", `no peer with id ${shown(peer_id, "number")}`);
    this.#remove(peer_id, entry, true);
  }

  /** Whether peer `peer_id` is in the map, connected or not. */
  has_peer(peer_id: number): boolean {
    return this.#peers.has(peer_id);
  }

  /** Peer `peer_id` as `{connection, connected, channels}`; an unknown id gives `{}` (logged). */
  get_peer(peer_id: number): PeerInfo | Record<string, never> {
    const entry = this.#peers.get(peer_id);
    if (entry === undefined) return fail({}, "get_peer", `no peer with id ${shown(peer_id, "number")}`);
    return entry.info();
  }

  /** Extension: peer `peer_id`'s transport snapshot, as its connection's `get_stats()` gives it; an unknown id gives `{}` (logged). */
  get_peer_stats(peer_id: number): TransportStats | Record<string, never> {
    const entry = this.#peers.get(peer_id);
    if (entry === undefined) return fail({}, "get_peer_stats", `no peer with id ${shown(peer_id, "number")}`);
    return entry.connection.get_stats();
  }

  /** Every peer in the map, by id, each as `get_peer` gives it. */
  get_peers(): Record<number, PeerInfo> {
    const peers: Record<number, PeerInfo> = {};
    for (const [id, entry] of this.#peers) peers[id] = entry.info();
    return peers;
  }

  /**
   * Disconnects peer `peer_id`: closes its connection, and the next `poll()` removes it (emitting
   * `peer_disconnected` if it had been connected). With `force`, removes it at once and emits nothing.
   * Unknown id: logged, nothing happens.
   */
  disconnect_peer(peer_id: number, force = false): void {
    const entry = this.#peers.get(peer_id);
    if (entry === undefined) return void fail(null, "disconnect_peer", `no peer with id ${shown(peer_id, "number")}`);
    if (force) this.#remove(peer_id, entry, false);
    else entry.close();
  }

  /**
   * Closes every peer's connection, forgets them and the channel configuration, and goes back to the state
   * before `create_*` (status disconnected). Emits no `peer_disconnected`. `transfer_mode`, `transfer_channel`
   * and `refuse_new_connections` keep their values, as in Godot.
   */
  close(): void {
    const entries = [...this.#peers.values()];
    this.#peers.clear();
    this.#order = null;
    this.#signals.dropQueued();
    for (const entry of entries) {
      entry.unwatch();
      entry.close();
    }
    this.#layout = ChannelLayout.empty();
    this.#uniqueId = 0;
    this.#source.reset();
    this.set_target_peer(MultiplayerPeer.TARGET_PEER_BROADCAST);
    this.#mode = "none";
    this.#status = ConnectionStatus.CONNECTION_DISCONNECTED;
  }

  /**
   * Polls every connection, removes peers whose connection failed or closed or whose channel closed, marks
   * peers connected once their connection and every channel are open, then emits the queued
   * `peer_disconnected` / `peer_connected` signals. In client mode the status turns connected just before
   * `peer_connected(1)`. `OK`.
   */
  poll(): GodotError {
    let dropped: [number, PeerEntry][] | null = null;
    let ready: [number, PeerEntry][] | null = null;
    // The map as it was when poll() began; rebuilt only after the map changed, not every frame.
    this.#order ??= [...this.#peers];
    for (const [id, entry] of this.#order) {
      if (this.#peers.get(id) !== entry) continue;
      entry.connection.poll();
      // A connection's signal handler may have removed or replaced this peer.
      if (this.#peers.get(id) !== entry) continue;
      // Reads the browser only if the connection or a channel reported a change since the last read.
      const verdict = entry.check();
      if (verdict === "unchanged") continue;
      // A connected peer being recovered (the lobby client's ICE restart) is kept until its recovery gives up.
      if (verdict === "dropped" && entry.connected && isPeerHeld(this, id, entry.connection)) continue;
      if (verdict === "dropped") (dropped ??= []).push([id, entry]);
      else (ready ??= []).push([id, entry]);
    }
    for (const [id, entry] of dropped ?? []) {
      if (this.#peers.get(id) === entry) this.#remove(id, entry, true);
    }
    for (const [id, entry] of ready ?? []) {
      if (this.#peers.get(id) !== entry) continue;
      entry.connected = true;
      this.#emptyAt = -1;
      if (this.#mode === "client") {
        if (id !== 1) {
          logError("poll", `client mode: peer ${id} connected, but a client only talks to the server`);
          continue;
        }
        this.#status = ConnectionStatus.CONNECTION_CONNECTED;
      }
      this.#signals.enqueue("peer_connected", id);
    }
    // Looks for a packet source only if one can have appeared since the last search found none.
    if (this.#source.peer === 0 && this.#emptyAt !== pushedPacketCount()) {
      this.#source.advance(this.#peers);
      this.#emptyAt = this.#source.peer === 0 ? pushedPacketCount() : -1;
    }
    this.#signals.emitQueued();
    return GodotError.OK;
  }

  /**
   * Sends `buffer` as one message on the channel chosen by `transfer_channel` (0: by `transfer_mode`, ids 1–3;
   * n: the n-th `channels_config` channel, whatever the mode) to the target peer (`set_target_peer`; 0 every
   * peer, −id every peer but that one). Empty → `OK`, nothing sent. Not bytes → `ERR_INVALID_PARAMETER`;
   * status disconnected → `ERR_UNCONFIGURED`. To one peer: unknown peer or channel → `ERR_INVALID_PARAMETER`,
   * otherwise the channel's `put_packet` result (`ERR_UNCONFIGURED` if it is not open yet). A broadcast returns
   * `OK`; per-peer failures are logged.
   */
  override put_packet(buffer: PackedByteArray): GodotError {
    const bytes = packetBytes(buffer);
    if (bytes === null) return GodotError.ERR_INVALID_PARAMETER;
    if (bytes.byteLength === 0) return GodotError.OK;
    if (this.#status === ConnectionStatus.CONNECTION_DISCONNECTED) return fail(GodotError.ERR_UNCONFIGURED, "put_packet", "the multiplayer peer is not active");
    const index = this.#sendChannelIndex();
    if (this.#targetPeer > 0) {
      const entry = this.#peers.get(this.#targetPeer);
      if (entry === undefined) return fail(GodotError.ERR_INVALID_PARAMETER, "put_packet", `Invalid target peer: ${this.#targetPeer}.`);
      const channel = entry.channels[index];
      if (channel === undefined) return fail(GodotError.ERR_INVALID_PARAMETER, "put_packet", noChannel(index, entry));
      return channel.put_packet(bytes);
    }
    for (const [id, entry] of this.#peers) {
      if (id === -this.#targetPeer) continue;
      const channel = entry.channels[index];
      if (channel === undefined) {
        logError("put_packet", noChannel(index, entry));
        continue;
      }
      if (!entry.connected && channel.get_ready_state() !== ChannelState.STATE_OPEN) continue;
      channel.put_packet(bytes);
    }
    return GodotError.OK;
  }

  /** Who `put_packet` sends to: a peer id, `TARGET_PEER_BROADCAST` (0), or −id for everyone but that peer. */
  override set_target_peer(id: number): GodotError {
    if (!isIntegerIn(id, -MAX_PEER_ID, MAX_PEER_ID)) return fail(GodotError.ERR_INVALID_PARAMETER, "set_target_peer", `expected an integer in −${MAX_PEER_ID}…${MAX_PEER_ID}`);
    this.#targetPeer = id;
    return GodotError.OK;
  }

  /**
   * Packets waiting on the channels of connected peers. Reads 0 until `poll()` (or a `get_packet()`) has found
   * a packet source, as in Godot: new data shows up after the next `poll()`.
   */
  override get_available_packet_count(): number {
    if (this.#source.peer === 0) return 0;
    let count = 0;
    for (const entry of this.#peers.values()) if (entry.connected) count += entry.availablePackets();
    return count;
  }

  /** The id of the peer the next `get_packet()` reads from; 0 if none. */
  get_packet_peer(): number {
    return this.#source.peer;
  }

  /** The transfer channel of the next packet: 0 for the reserved channels, n for the n-th `channels_config` one. */
  get_packet_channel(): number {
    return this.#source.channel < RESERVED_CHANNELS ? 0 : this.#source.channel - (RESERVED_CHANNELS - 1);
  }

  /** The transfer mode of the channel the next packet comes from (`TRANSFER_MODE_RELIABLE` if none). */
  get_packet_mode(): TransferMode {
    const mode = this.#layout.modeAt(this.#source.channel);
    if (mode === undefined) return fail(TransferMode.TRANSFER_MODE_RELIABLE, "get_packet_mode", `no channel ${this.#source.channel}`);
    return mode;
  }

  /** This peer's id; while disconnected Godot logs an error and returns 1, and so do we. */
  get_unique_id(): number {
    if (this.#status === ConnectionStatus.CONNECTION_DISCONNECTED) return fail(1, "get_unique_id", "the multiplayer peer is not active");
    return this.#uniqueId;
  }

  /** `CONNECTION_DISCONNECTED` before `create_*`, after `close()` or once a client lost its server; `CONNECTION_CONNECTING` while a client waits for it; else `CONNECTION_CONNECTED`. */
  get_connection_status(): ConnectionStatus {
    return this.#status;
  }

  /** Whether this peer's id is 1 (a server, or a mesh member created with id 1). */
  is_server(): boolean {
    return this.#uniqueId === 1;
  }

  /** Whether the multiplayer layer may relay between clients: true in server and client mode. */
  is_server_relay_supported(): boolean {
    return this.#mode === "server" || this.#mode === "client";
  }

  #initialize(where: string, mode: Exclude<NetworkMode, "none">, id: number, channelsConfig: unknown): GodotError {
    if (!isIntegerIn(id, 1, MAX_PEER_ID)) return fail(GodotError.ERR_INVALID_PARAMETER, where, `the id must be an integer in ${mode === "client" ? 2 : 1}…${MAX_PEER_ID}`);
    const layout = ChannelLayout.parse(channelsConfig);
    if ("error" in layout) return fail(GodotError.ERR_INVALID_PARAMETER, where, layout.error);
    this.#layout = layout;
    this.#uniqueId = id;
    this.#mode = mode;
    this.#status = mode === "client" ? ConnectionStatus.CONNECTION_CONNECTING : ConnectionStatus.CONNECTION_CONNECTED;
    return GodotError.OK;
  }

  /** Removes `entry` from the map and closes it; see `#forget`. */
  #remove(id: number, entry: PeerEntry, notify: boolean): void {
    this.#peers.delete(id);
    this.#order = null;
    this.#forget(id, entry, true, notify);
  }

  /** Settles a peer entry that left the map (removed or replaced): close, signal, client status, packet source. */
  #forget(id: number, entry: PeerEntry, close: boolean, notify = true): void {
    entry.unwatch();
    if (close) entry.close();
    if (notify && entry.connected) this.#signals.enqueue("peer_disconnected", id);
    entry.connected = false;
    if (this.#mode === "client" && id === 1 && !this.#peers.has(1)) this.#status = ConnectionStatus.CONNECTION_DISCONNECTED;
    if (this.#source.peer === id) this.#source.advance(this.#peers);
  }

  /** The list index `put_packet` sends on. */
  #sendChannelIndex(): number {
    if (this.transfer_channel > 0) return this.transfer_channel + RESERVED_CHANNELS - 1;
    if (this.transfer_mode === TransferMode.TRANSFER_MODE_RELIABLE) return 0;
    return this.transfer_mode === TransferMode.TRANSFER_MODE_UNRELIABLE_ORDERED ? 1 : 2;
  }
}
