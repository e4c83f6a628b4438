import { ConnectionStatus, TransferMode } from "../godot/enums";
import { GodotError } from "../godot/godot-error";
import { MAX_PEER_ID } from "../godot/limits";
import type { PackedByteArray } from "../internal/bytes";
import { packetBytes } from "../packet-peer/packet-peer";
import { isIntegerIn } from "../internal/checks";
import { signalsOf } from "../internal/godot-object";
import { fail, logError } from "../internal/log";
import type { TransportStats } from "../peer-connection/transport-stats";
import type { WebRTCPeerConnection } from "../peer-connection/webrtc-peer-connection";
import { sendChannelIndex } from "./channel-layout";
import { MultiplayerPeer, type MultiplayerPeerSignals } from "./multiplayer-peer";
import { PacketSource } from "./packet-source";
import { PeerEntry, type PeerInfo } from "./peer-entry";
import { isPeerHeld } from "./peer-hold";
import { checkAddPeer, NetworkSetup } from "./network-setup";
import { PeerRoster } from "./peer-roster";

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
  readonly #setup = new NetworkSetup();
  readonly #peers = new PeerRoster();
  readonly #source = new PacketSource();

  constructor() {
    super((self: WebRTCMultiplayerPeer) => self.#source.take(self.#peers.map));
  }

  /** Starts a server: unique id 1, status `CONNECTION_CONNECTED`. A bad `channels_config` → `ERR_INVALID_PARAMETER`. */
  create_server(channels_config: readonly number[] = []): GodotError {
    return this.#setup.start("create_server", "server", 1, channels_config);
  }

  /**
   * Starts a client with id `peer_id` (2…2147483647; 1 → `ERR_INVALID_PARAMETER`, clients cannot be the server).
   * Status `CONNECTION_CONNECTING` until the server (peer 1, added with `add_peer`) connects.
   */
  create_client(peer_id: number, channels_config: readonly number[] = []): GodotError {
    if (peer_id === 1) return fail(GodotError.ERR_INVALID_PARAMETER, "create_client", "Clients cannot have ID 1.");
    return this.#setup.start("create_client", "client", peer_id, channels_config);
  }

  /** Starts a mesh member with id `peer_id` (1…2147483647): every peer talks to every other directly. */
  create_mesh(peer_id: number, channels_config: readonly number[] = []): GodotError {
    return this.#setup.start("create_mesh", "mesh", peer_id, channels_config);
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
    const checked = checkAddPeer(this.#setup.mode, this.refuse_new_connections, peer, peer_id, unreliable_lifetime);
    if (checked !== GodotError.OK) return checked;
    const entry = PeerEntry.open(peer, this.#setup.layout.specs(unreliable_lifetime));
    if (entry === null) return GodotError.FAILED;
    const previous = this.#peers.get(peer_id);
    this.#peers.set(peer_id, entry);
    if (previous !== undefined) this.#forget(peer_id, previous, previous.connection !== peer);
    return GodotError.OK;
  }

  /**
   * Removes peer `peer_id` and closes its connection. If it had been connected, `peer_disconnected(peer_id)`
   * follows from the next `poll()`. In client mode, removing the server sets the status to disconnected.
   * Unknown id: logged, nothing happens.
   */
  remove_peer(peer_id: number): void {
    const entry = this.#peers.find(peer_id, "remove_peer");
    if (entry !== undefined) this.#remove(peer_id, entry, true);
  }

  /** Whether peer `peer_id` is in the map, connected or not. */
  has_peer(peer_id: number): boolean {
    return this.#peers.get(peer_id) !== undefined;
  }

  /** Peer `peer_id` as `{connection, connected, channels}`; an unknown id gives `{}` (logged). */
  get_peer(peer_id: number): PeerInfo | Record<string, never> {
    return this.#peers.find(peer_id, "get_peer")?.info() ?? {};
  }

  /** Extension: peer `peer_id`'s transport snapshot, as its connection's `get_stats()` gives it; an unknown id gives `{}` (logged). */
  get_peer_stats(peer_id: number): TransportStats | Record<string, never> {
    return this.#peers.find(peer_id, "get_peer_stats")?.connection.get_stats() ?? {};
  }

  /** Every peer in the map, by id, each as `get_peer` gives it. */
  get_peers(): Record<number, PeerInfo> {
    return this.#peers.infos();
  }

  /**
   * Disconnects peer `peer_id`: closes its connection, and the next `poll()` removes it (emitting
   * `peer_disconnected` if it had been connected). With `force`, removes it at once and emits nothing.
   * Unknown id: logged, nothing happens.
   */
  disconnect_peer(peer_id: number, force = false): void {
    const entry = this.#peers.find(peer_id, "disconnect_peer");
    if (entry === undefined) return;
    if (force) this.#remove(peer_id, entry, false);
    else entry.close();
  }

  /**
   * Closes every peer's connection, forgets them and the channel configuration, and goes back to the state
   * before `create_*` (status disconnected). Emits no `peer_disconnected`. `transfer_mode`, `transfer_channel`
   * and `refuse_new_connections` keep their values, as in Godot.
   */
  close(): void {
    const entries = this.#peers.clear();
    this.#signals.dropQueued();
    for (const entry of entries) {
      entry.unwatch();
      entry.close();
    }
    this.#source.reset();
    this.set_target_peer(MultiplayerPeer.TARGET_PEER_BROADCAST);
    this.#setup.reset();
  }

  /**
   * Polls every connection, removes peers whose connection failed or closed or whose channel closed, marks
   * peers connected once their connection and every channel are open, then emits the queued
   * `peer_disconnected` / `peer_connected` signals. In client mode the status turns connected just before
   * `peer_connected(1)`. `OK`.
   */
  poll(): GodotError {
    // A connected peer being recovered (the lobby client's ICE restart) is kept until its recovery gives up.
    const changed = this.#peers.scan((id, entry) => isPeerHeld(this, id, entry.connection));
    for (const [id, entry] of changed?.dropped ?? []) {
      if (this.#peers.get(id) === entry) this.#remove(id, entry, true);
    }
    for (const [id, entry] of changed?.ready ?? []) {
      if (this.#peers.get(id) !== entry) continue;
      entry.connected = true;
      this.#source.lookAgain();
      if (this.#setup.mode === "client") {
        if (id !== 1) {
          logError("poll", `client mode: peer ${id} connected, but a client only talks to the server`);
          continue;
        }
        this.#setup.status = ConnectionStatus.CONNECTION_CONNECTED;
      }
      this.#signals.enqueue("peer_connected", id);
    }
    if (this.#source.peer === 0) this.#source.search(this.#peers.map);
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
    if (!this.#setup.active) return fail(GodotError.ERR_UNCONFIGURED, "put_packet", "the multiplayer peer is not active");
    const index = sendChannelIndex(this.transfer_channel, this.transfer_mode);
    if (this.#targetPeer > 0) return this.#peers.sendTo(this.#targetPeer, index, bytes);
    this.#peers.broadcast(index, -this.#targetPeer, bytes);
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
    return this.#peers.availablePackets();
  }

  /** The id of the peer the next `get_packet()` reads from; 0 if none. */
  get_packet_peer(): number {
    return this.#source.peer;
  }

  /** The transfer channel of the next packet: 0 for the reserved channels, n for the n-th `channels_config` one. */
  get_packet_channel(): number {
    return this.#source.transferChannel();
  }

  /** The transfer mode of the channel the next packet comes from (`TRANSFER_MODE_RELIABLE` if none). */
  get_packet_mode(): TransferMode {
    return this.#source.transferMode(this.#setup.layout);
  }

  /** This peer's id; while disconnected Godot logs an error and returns 1, and so do we. */
  get_unique_id(): number {
    if (!this.#setup.active) return fail(1, "get_unique_id", "the multiplayer peer is not active");
    return this.#setup.uniqueId;
  }

  /** `CONNECTION_DISCONNECTED` before `create_*`, after `close()` or once a client lost its server; `CONNECTION_CONNECTING` while a client waits for it; else `CONNECTION_CONNECTED`. */
  get_connection_status(): ConnectionStatus {
    return this.#setup.status;
  }

  /** Whether this peer's id is 1 (a server, or a mesh member created with id 1). */
  is_server(): boolean {
    return this.#setup.uniqueId === 1;
  }

  /** Whether the multiplayer layer may relay between clients: true in server and client mode. */
  is_server_relay_supported(): boolean {
    return this.#setup.mode === "server" || this.#setup.mode === "client";
  }

  /** Removes `entry` from the map and closes it; see `#forget`. */
  #remove(id: number, entry: PeerEntry, notify: boolean): void {
    this.#peers.delete(id);
    this.#forget(id, entry, true, notify);
  }

  /** Settles a peer entry that left the map (removed or replaced): close, signal, client status, packet source. */
  #forget(id: number, entry: PeerEntry, close: boolean, notify = true): void {
    entry.unwatch();
    if (close) entry.close();
    if (notify && entry.connected) this.#signals.enqueue("peer_disconnected", id);
    entry.connected = false;
    if (this.#setup.mode === "client" && id === 1 && this.#peers.get(1) === undefined) this.#setup.status = ConnectionStatus.CONNECTION_DISCONNECTED;
    if (this.#source.peer === id) this.#source.advance(this.#peers.map);
  }
}
