import { GodotError } from "../godot/godot-error";
import { logError, logWarning } from "../internal/log";
import type { WebRTCMultiplayerPeer } from "../multiplayer/webrtc-multiplayer-peer";
import { WebRTCPeerConnection } from "../peer-connection/webrtc-peer-connection";
import { encodeCandidate, MAX_PEER_ID, MessageType } from "./protocol";
import { PeerRecovery } from "./peer-recovery";
import type { ResolvedClientOptions } from "./signaling-client-options";

/** Browser connections set up per `poll()`: a burst of announcements costs a few frames, never one long one. */
export const SETUPS_PER_POLL = 4;
/** Candidate lines accepted inside one remote SDP; a real trickle-ICE SDP has none (Godot's and browsers'). */
export const MAX_SDP_CANDIDATES = 64;
/** Remote candidates accepted per peer and description (a browser gathers a few dozen at most). */
export const MAX_CANDIDATES_PER_PEER = 256;

/** What a peer announced but not yet set up has been sent meanwhile (bounded like a live peer). */
interface Pending {
  description: { type: "offer" | "answer"; sdp: string } | null;
  candidates: [media: string, index: number, name: string][];
}

/** Sends one protocol message to the server. */
export type Send = (type: number, id: number, data: string) => GodotError;

/**
 * The WebRTC half of the lobby client, as Godot's demo has it in `multiplayer_client.gd`: one
 * `WebRTCPeerConnection` per announced peer in the multiplayer peer, offers / answers / candidates routed to
 * and from it, and every bound a server could otherwise overfill (peers per lobby, setups per frame, SDP
 * candidates, candidates per peer, time to connect).
 */
export class LobbyPeers {
  readonly #peer: WebRTCMultiplayerPeer;
  readonly #options: ResolvedClientOptions;
  readonly #send: Send;
  /** Announced peers waiting for their turn to be set up, in announcement order. */
  readonly #pending = new Map<number, Pending>();
  /** When each set-up peer not yet connected must have connected by (performance.now() time). */
  readonly #deadlines = new Map<number, number>();
  /** Peers set up in the multiplayer peer (pruned lazily when it dropped them). */
  readonly #members = new Set<number>();
  /** Remote candidates taken per peer since its last description. */
  readonly #candidates = new Map<number, number>();
  #selfId = 0;
  #mesh = true;
  /** Peers were kept over a signaling loss: a resumed session's server announces them again, which is expected. */
  #kept = false;
  /**
   * Peers the server announced on the current socket: only to these can an ICE restart's offer be relayed (a
   * restarted server that has not seen a peer resume yet would refuse it and close our socket with 4000).
   */
  readonly #introduced = new Set<number>();
  #refusedPeers = 0;
  #droppedCandidates = 0;

  readonly #recovery: PeerRecovery;
  readonly #canSignal: () => boolean;
  /** Descriptions and candidates that could not be sent while the server was away, since the last loss. */
  #unsent = 0;

  /** `canSignal` says whether the lobby connection is up (in a lobby, not reconnecting). */
  constructor(peer: WebRTCMultiplayerPeer, options: ResolvedClientOptions, send: Send, canSignal: () => boolean) {
    this.#peer = peer;
    this.#options = options;
    this.#send = send;
    this.#canSignal = canSignal;
    this.#recovery = new PeerRecovery(peer, options, (id) => canSignal() && this.#introduced.has(id));
  }

  /** Sets up the multiplayer peer for our id; false (logged) if it refuses. */
  begin(id: number, mesh: boolean): boolean {
    const peer = this.#peer;
    const config = this.#options.channelsConfig;
    const result = mesh ? peer.create_mesh(id, config) : id === 1 ? peer.create_server(config) : peer.create_client(id, config);
    if (result !== GodotError.OK) {
      logError("signaling", `could not set up the multiplayer peer with id ${id} (error ${result}); leaving`);
      return false;
    }
    this.#selfId = id;
    this.#mesh = mesh;
    return true;
  }

  /** Forgets every peer and closes the multiplayer peer, or (`keepPeers`) only stops setting up new ones. */
  end(keepPeers: boolean): void {
    this.#pending.clear();
    this.#candidates.clear();
    this.#kept = keepPeers && this.#selfId !== 0;
    this.#introduced.clear();
    this.#unsent = 0;
    if (keepPeers) return;
    this.#deadlines.clear();
    this.#members.clear();
    this.#recovery.clear();
    this.#peer.close();
    this.#selfId = 0;
  }

  /** PEER_CONNECT: queues the peer for setup, unless it is refused (logged). */
  announce(id: number): void {
    // Godot's Node server announces every member of a client/server lobby to every other; a client only
    // connects to the host, so the others are skipped here instead of failing in add_peer.
    if (!this.#mesh && this.#selfId !== 1 && id !== 1) return;
    if (this.#kept && this.#members.has(id) && this.#peer.has_peer(id)) return void this.#introduced.add(id);
    const refused = this.#refusal(id);
    if (refused !== null) {
      // Each refusal is logged up to a point, then every thousandth: a flood must not cost a console line each.
      if (++this.#refusedPeers <= 10 || this.#refusedPeers % 1000 === 0) logError("signaling", `refused PEER_CONNECT for peer ${id}: ${refused} (${this.#refusedPeers} refused so far)`);
      return;
    }
    this.#pending.set(id, { description: null, candidates: [] });
    this.#introduced.add(id);
  }

  /** PEER_DISCONNECT. */
  leave(id: number): void {
    this.#introduced.delete(id);
    if (this.#pending.delete(id)) return;
    if (this.#peer.has_peer(id)) this.#peer.remove_peer(id);
  }

  /** OFFER / ANSWER from peer `id`. */
  description(id: number, type: "offer" | "answer", sdp: string): void {
    const inline = countCandidateLines(sdp);
    if (inline > MAX_SDP_CANDIDATES) return logWarning("signaling", `ignored an ${type} from peer ${id} carrying ${inline} candidates (at most ${MAX_SDP_CANDIDATES})`);
    const pending = this.#pending.get(id);
    if (pending !== undefined) {
      pending.description = { type, sdp };
      pending.candidates.length = 0;
      return;
    }
    const connection = this.#connection(id);
    if (connection === null) return;
    this.#candidates.set(id, 0);
    connection.set_remote_description(type, sdp);
  }

  /** CANDIDATE from peer `id`. */
  candidate(id: number, media: string, index: number, name: string): void {
    const pending = this.#pending.get(id);
    const connection = pending === undefined ? this.#connection(id) : null;
    if (pending === undefined && connection === null) return;
    const taken = pending?.candidates.length ?? this.#candidates.get(id) ?? 0;
    if (taken >= MAX_CANDIDATES_PER_PEER) {
      if (++this.#droppedCandidates % 1000 === 1) logWarning("signaling", `dropping candidates from peer ${id}: more than ${MAX_CANDIDATES_PER_PEER} for one description (${this.#droppedCandidates} dropped so far)`);
      return;
    }
    if (pending !== undefined) return void pending.candidates.push([media, index, name]);
    this.#candidates.set(id, taken + 1);
    connection?.add_ice_candidate(media, index, name);
  }

  /** Sets up at most `SETUPS_PER_POLL` pending peers, gives up on peers past `peer_connect_timeout`, recovers dropped ones. */
  poll(now: number): void {
    let budget = SETUPS_PER_POLL;
    for (const [id, pending] of this.#pending) {
      if (budget-- === 0) break;
      this.#pending.delete(id);
      this.#setUp(id, pending);
    }
    this.#expire(now);
    this.#recovery.poll(now);
  }

  /**
   * Sends what a connection produced to peer `id`. While the server is away (a kept peer renegotiating) it cannot
   * go: counted, and warned about once per outage rather than logged as an error per candidate.
   */
  #relay(type: number, id: number, data: string): void {
    if (this.#canSignal()) return void this.#send(type, id, data);
    if (this.#unsent++ === 0) logWarning("signaling", `the signaling server is away: what peer ${id}'s connection produces (descriptions, candidates) cannot be sent until it is back`);
  }

  /** Why PEER_CONNECT for `id` is refused, or null. */
  #refusal(id: number): string | null {
    if (!Number.isInteger(id) || id < 1 || id > MAX_PEER_ID) return `the id is outside 1…${MAX_PEER_ID}`;
    if (id === this.#selfId) return "that is our own id";
    if (this.#pending.has(id) || this.#peer.has_peer(id)) return "already announced";
    for (const member of this.#members) if (!this.#peer.has_peer(member)) this.#members.delete(member);
    const others = this.#pending.size + this.#members.size;
    const max = this.#options.maxPeersPerLobby;
    if (others + 1 >= max) return `the lobby would hold more than max_peers_per_lobby (${max}) peers`;
    return null;
  }

  #setUp(id: number, pending: Pending): void {
    const connection = new WebRTCPeerConnection();
    if (connection.initialize(this.#options.configuration) !== GodotError.OK) return logError("signaling", `could not create a connection for peer ${id}`);
    connection.session_description_created.connect((type, sdp) => {
      if (this.#connection(id) !== connection) return;
      connection.set_local_description(type, sdp);
      this.#relay(type === "offer" ? MessageType.OFFER : MessageType.ANSWER, id, sdp);
    });
    connection.ice_candidate_created.connect((media, index, name) => {
      if (this.#connection(id) === connection) this.#relay(MessageType.CANDIDATE, id, encodeCandidate(media, index, name));
    });
    const added = this.#peer.add_peer(connection, id);
    if (added !== GodotError.OK) {
      connection.close();
      return logError("signaling", `add_peer(${id}) failed with error ${added}`);
    }
    this.#members.add(id);
    // The higher id offers, so the host (1) never does and two peers never offer to each other.
    const offerer = id < this.#selfId;
    this.#recovery.track(id, connection, offerer);
    const timeout = this.#options.peerConnectTimeout;
    if (timeout > 0) this.#deadlines.set(id, performance.now() + timeout);
    if (offerer) connection.create_offer();
    if (pending.description !== null) this.description(id, pending.description.type, pending.description.sdp);
    for (const [media, index, name] of pending.candidates) this.candidate(id, media, index, name);
  }

  #expire(now: number): void {
    const peer = this.#peer;
    for (const [id, deadline] of this.#deadlines) {
      if (!peer.has_peer(id) || (peer.get_peer(id) as { connected: boolean }).connected) this.#deadlines.delete(id);
      else if (now >= deadline) {
        this.#deadlines.delete(id);
        logWarning("signaling", `peer ${id} did not connect within ${this.#options.peerConnectTimeout} ms; removing it`);
        peer.remove_peer(id);
      }
    }
  }

  /** The connection of peer `id` in the multiplayer peer, or null (quietly) if it has none. */
  #connection(id: number): WebRTCPeerConnection | null {
    const peer = this.#peer;
    return peer.has_peer(id) ? (peer.get_peer(id) as { connection: WebRTCPeerConnection }).connection : null;
  }
}

/** Candidate lines in an SDP, counted without splitting it (stops counting past the bound). */
function countCandidateLines(sdp: string): number {
  let count = 0;
  for (let at = sdp.indexOf("a=candidate:"); at !== -1 && count <= MAX_SDP_CANDIDATES; at = sdp.indexOf("a=candidate:", at + 12)) count++;
  return count;
}
