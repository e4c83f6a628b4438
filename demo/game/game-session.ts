// One player's game: the lobby client, the players' dots, chat, and per-peer statistics. `tick()` is the game's
// frame (Godot's _process): poll, read every packet, move, send. It touches no DOM; main.ts draws what it holds.
import { ConnectionState, ConnectionStatus, GodotError, TransferMode, type WebRTCMultiplayerPeer } from "godot-webrtc-shim";
import { SignalingClient } from "godot-webrtc-shim/signaling";
import { BoundedLog } from "./bounded-log";
import { enumLabel } from "./enum-label";
import { ARENA, clamp, decodeGameMessage, encodeGameMessage, MessageKind, type GameMessage } from "./game-messages";

/** A dot in the arena. */
export interface Player {
  /** Its peer id (1 is a client/server lobby's host). */
  readonly id: number;
  /** Where it is, in arena units (0…800 × 0…500): for a remote player the last position heard. */
  x: number;
  /** See `x`. */
  y: number;
}

/** What the side panel shows about one directly connected peer. */
export interface PeerRow {
  /** Its peer id. */
  id: number;
  /** `ConnectionState` of its `WebRTCPeerConnection`. */
  state: ConnectionState;
  /** Whether `peer_connected` was emitted for it (every channel open). */
  connected: boolean;
  /** Last PING/PONG round trip in ms, as the game sees it (network time plus up to two frames); null before one. */
  rtt: number | null;
  /** The transport's own round trip in ms (`get_stats()` of its connection, STUN on the selected pair); null before one. */
  transportRtt: number | null;
  /** Whether either end of the selected candidate pair is a TURN relay. */
  relayed: boolean;
  /** Packets sent to it (relayed ones included). */
  sent: number;
  /** Packets received from it. */
  received: number;
}

/** One chat line. */
export interface ChatLine {
  /** The peer id of whoever said it. */
  from: number;
  /** What was said. */
  text: string;
}

/** Where the session stands: not started, waiting for the server, in a lobby, or thrown out. */
export type SessionStatus = "idle" | "connecting" | "in lobby" | "disconnected";

interface Counters {
  sent: number;
  received: number;
  rtt: number | null;
}

const POSITION_INTERVAL_MS = 50;
const PING_INTERVAL_MS = 1000;
const SPEED = 300;
const MAX_PACKETS_PER_TICK = 2000;
/** Chat lines and event lines kept; older ones are dropped (the page shows as many). */
const LOG_LINES = 200;

/** A player's whole game state and networking. */
export class GameSession {
  /** The lobby client; its `multiplayer_peer` carries the game. */
  readonly client = new SignalingClient();
  /** Every dot, ours included, by peer id. */
  readonly players = new Map<number, Player>();
  /** The latest chat lines, oldest first. */
  readonly chat = new BoundedLog<ChatLine>(LOG_LINES);
  /** The latest signals and notable events, oldest first, e.g. "peer_connected 123". */
  readonly events = new BoundedLog<string>(LOG_LINES);
  /** Where the session stands. */
  status: SessionStatus = "idle";
  /** Why the server connection ended, when `status` is "disconnected". */
  disconnectReason = "";
  readonly #counters = new Map<number, Counters>();
  /** Peers whose every channel is open: added on `peer_connected`, removed on `peer_disconnected`. */
  readonly #connected = new Set<number>();
  /** Players a client/server host said left: late unreliable positions must not bring their dots back. */
  readonly #departed = new Set<number>();
  #steer = { x: 0, y: 0 };
  #aim: { x: number; y: number } | null = null;
  #lastPositionAt = -Infinity;
  #lastPingAt = -Infinity;

  constructor() {
    const client = this.client;
    const peer = client.multiplayer_peer;
    client.lobby_joined.connect((lobby) => this.#event(`lobby_joined ${lobby}`));
    client.connected.connect((id, mesh) => {
      this.status = "in lobby";
      this.#event(`connected ${id} ${mesh ? "mesh" : "client/server"}`);
      this.players.set(id, { id, ...spawnPoint(id) });
    });
    client.disconnected.connect((code, reason) => {
      const why = `${code}${reason ? ` ${reason}` : ""}`;
      this.#event(`disconnected ${why}`);
      // The lobby client keeps established peers when only the signaling socket dropped (and reconnects); the
      // game goes on while the multiplayer peer is open. When it closed it (the host left), the game is over.
      if (this.status === "in lobby" && peer.get_connection_status() !== ConnectionStatus.CONNECTION_DISCONNECTED) return;
      this.#endGame();
      this.disconnectReason = why;
    });
    client.reconnected.connect((id) => this.#event(`reconnected ${id}`));
    client.lobby_sealed.connect(() => this.#event("lobby_sealed"));
    peer.peer_connected.connect((id) => {
      this.#connected.add(id);
      this.#event(`peer_connected ${id}`);
    });
    peer.peer_disconnected.connect((id) => this.#peerLeft(id));
  }

  /** Our peer id while in a game, else 0. */
  get id(): number {
    return this.status === "in lobby" ? this.client.get_unique_id() : 0;
  }

  /** Whether we are the host (id 1) of a client/server lobby, the one relaying for everybody. */
  get isRelay(): boolean {
    return this.id === 1 && !this.client.is_mesh();
  }

  /** Joins `lobby` (or creates one when it is "") at the signaling server `url`. */
  join(url: string, lobby: string, mesh: boolean): GodotError {
    this.#reset();
    const result = this.client.start(url, lobby, mesh);
    this.status = result === GodotError.OK ? "connecting" : "disconnected";
    this.#event(`start ${lobby === "" ? "(new lobby)" : lobby} ${mesh ? "mesh" : "client/server"} → ${enumLabel(GodotError, result)}`);
    return result;
  }

  /** Leaves the lobby and closes every connection; the others see us go. */
  leave(): void {
    this.client.stop();
    this.#reset();
    this.#event("left");
  }

  /** Sets the keyboard direction (each of x, y in −1…1); any key press cancels a click target. */
  steer(x: number, y: number): void {
    this.#steer = { x, y };
    if (x !== 0 || y !== 0) this.#aim = null;
  }

  /** Sends our dot towards (`x`, `y`) in arena units. */
  aimAt(x: number, y: number): void {
    this.#aim = { x: clamp(x, 0, ARENA.width), y: clamp(y, 0, ARENA.height) };
  }

  /** Sends a chat line to everybody (reliable channel) and adds it to our own chat. */
  say(text: string): GodotError {
    const line = text.trim();
    if (line === "" || this.status !== "in lobby") return GodotError.ERR_UNAVAILABLE;
    this.chat.push({ from: this.id, text: line });
    return this.#broadcast({ kind: MessageKind.CHAT, player: this.id, text: line }, TransferMode.TRANSFER_MODE_RELIABLE);
  }

  /** The game's frame: poll, read every packet, move our dot, send our position and pings when due. */
  tick(now: number, dt: number): void {
    this.client.poll();
    this.#readPackets(now);
    const me = this.players.get(this.id);
    if (me === undefined || this.status !== "in lobby") return;
    this.#move(me, dt);
    if (now - this.#lastPositionAt >= POSITION_INTERVAL_MS) {
      this.#lastPositionAt = now;
      this.#broadcast({ kind: MessageKind.POSITION, player: me.id, x: me.x, y: me.y }, TransferMode.TRANSFER_MODE_UNRELIABLE);
    }
    if (now - this.#lastPingAt >= PING_INTERVAL_MS) {
      this.#lastPingAt = now;
      for (const id of this.#connected) this.#sendTo(id, { kind: MessageKind.PING, time: now });
    }
  }

  /** Every peer in `multiplayer_peer`, connected or still connecting, with its statistics. */
  peerRows(): PeerRow[] {
    const rows: PeerRow[] = [];
    for (const [key, info] of Object.entries(this.client.multiplayer_peer.get_peers())) {
      const id = Number(key);
      const counters = this.#counters.get(id) ?? { sent: 0, received: 0, rtt: null };
      const stats = info.connection.get_stats();
      const relayed = stats.local_candidate_type === "relay" || stats.remote_candidate_type === "relay";
      rows.push({ id, state: info.connection.get_connection_state(), connected: info.connected, transportRtt: stats.round_trip_time_ms, relayed, ...counters });
    }
    return rows.sort((a, b) => a.id - b.id);
  }

  #readPackets(now: number): void {
    const peer = this.client.multiplayer_peer;
    for (let i = 0; i < MAX_PACKETS_PER_TICK && peer.get_available_packet_count() > 0; i++) {
      const from = peer.get_packet_peer();
      const bytes = peer.get_packet();
      if (peer.get_packet_error() !== GodotError.OK) continue;
      this.#count(from).received++;
      const message = decodeGameMessage(bytes);
      if (message === null) this.#event(`ignored a malformed packet from ${from}`);
      else this.#receive(peer, from, message, bytes, now);
    }
  }

  #receive(peer: WebRTCMultiplayerPeer, from: number, message: GameMessage, bytes: Uint8Array, now: number): void {
    if (message.kind === MessageKind.PING) return void this.#sendTo(from, { kind: MessageKind.PONG, time: message.time });
    if (message.kind === MessageKind.PONG) {
      this.#count(from).rtt = Math.max(0, now - message.time);
      return;
    }
    // Only a client/server host speaks for other players; everybody else speaks for itself.
    const relayed = from === 1 && !this.client.is_mesh() && this.id !== 1;
    if (message.kind === MessageKind.LEAVE) {
      if (relayed && message.player !== this.id) this.#removePlayer(message.player);
      return;
    }
    if (message.player !== from && !relayed) return this.#event(`ignored a packet from ${from} speaking for ${message.player}`);
    if (message.player === this.id) return;
    if (message.kind === MessageKind.POSITION) {
      if (this.#departed.has(message.player)) return;
      const player = this.players.get(message.player);
      if (player === undefined) this.players.set(message.player, { id: message.player, x: message.x, y: message.y });
      else Object.assign(player, { x: message.x, y: message.y });
    } else {
      this.chat.push({ from: message.player, text: message.text });
    }
    if (this.isRelay) this.#relay(peer, from, message.kind === MessageKind.CHAT, bytes);
  }

  /** Host of a client/server lobby: passes a client's packet on to every other client, on the same kind of channel. */
  #relay(peer: WebRTCMultiplayerPeer, from: number, reliable: boolean, bytes: Uint8Array): void {
    peer.set_target_peer(-from);
    peer.transfer_mode = reliable ? TransferMode.TRANSFER_MODE_RELIABLE : TransferMode.TRANSFER_MODE_UNRELIABLE;
    peer.put_packet(bytes);
    for (const id of this.#connected) if (id !== from) this.#count(id).sent++;
  }

  #peerLeft(id: number): void {
    this.#connected.delete(id);
    this.#event(`peer_disconnected ${id}`);
    this.#counters.delete(id);
    if (!this.client.is_mesh() && id === 1) return this.#hostLeft();
    this.#removePlayer(id);
    if (this.isRelay) this.#broadcast({ kind: MessageKind.LEAVE, player: id }, TransferMode.TRANSFER_MODE_RELIABLE);
  }

  #removePlayer(id: number): void {
    this.#departed.add(id);
    this.players.delete(id);
  }

  /** A client whose host left: without the host there is no game. The server's close, when it follows, says why. */
  #hostLeft(): void {
    this.#endGame();
    this.disconnectReason = "the host left";
  }

  /** The game is over: no dots (ours neither), no peers, status "disconnected". */
  #endGame(): void {
    this.players.clear();
    this.#connected.clear();
    this.#aim = null;
    this.status = "disconnected";
  }

  #move(me: Player, dt: number): void {
    let { x, y } = this.#steer;
    if (this.#aim !== null) {
      const dx = this.#aim.x - me.x;
      const dy = this.#aim.y - me.y;
      const distance = Math.hypot(dx, dy);
      if (distance <= SPEED * dt) {
        Object.assign(me, this.#aim);
        this.#aim = null;
        return;
      }
      x = dx / distance;
      y = dy / distance;
    }
    const length = Math.hypot(x, y);
    if (length === 0) return;
    me.x = clamp(me.x + (x / length) * SPEED * dt, 0, ARENA.width);
    me.y = clamp(me.y + (y / length) * SPEED * dt, 0, ARENA.height);
  }

  /** Sends to every connected peer (in client mode that is the host, who relays). */
  #broadcast(message: GameMessage, mode: TransferMode): GodotError {
    const peer = this.client.multiplayer_peer;
    // A client whose host is gone has a closed peer; put_packet would log every frame.
    if (peer.get_connection_status() === ConnectionStatus.CONNECTION_DISCONNECTED) return GodotError.ERR_UNCONFIGURED;
    peer.set_target_peer(0);
    peer.transfer_mode = mode;
    const result = peer.put_packet(encodeGameMessage(message));
    if (result === GodotError.OK) for (const id of this.#connected) this.#count(id).sent++;
    return result;
  }

  #sendTo(id: number, message: GameMessage): void {
    const peer = this.client.multiplayer_peer;
    peer.set_target_peer(id);
    peer.transfer_mode = TransferMode.TRANSFER_MODE_UNRELIABLE;
    if (peer.put_packet(encodeGameMessage(message)) === GodotError.OK) this.#count(id).sent++;
  }

  #count(id: number): Counters {
    let counters = this.#counters.get(id);
    if (counters === undefined) {
      counters = { sent: 0, received: 0, rtt: null };
      this.#counters.set(id, counters);
    }
    return counters;
  }

  #reset(): void {
    this.players.clear();
    this.#connected.clear();
    this.#counters.clear();
    this.#departed.clear();
    this.#aim = null;
    this.status = "idle";
    this.disconnectReason = "";
  }

  #event(text: string): void {
    this.events.push(text);
  }
}

/** A starting place that differs from player to player, so new dots do not sit on each other. */
function spawnPoint(id: number): { x: number; y: number } {
  return { x: 100 + ((id * 137) % (ARENA.width - 200)), y: 80 + ((id * 53) % (ARENA.height - 160)) };
}
