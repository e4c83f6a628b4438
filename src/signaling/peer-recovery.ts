import { ConnectionState } from "../godot/enums";
import { GodotError } from "../godot/godot-error";
import { logWarning } from "../internal/log";
import { setPeerHold } from "../multiplayer/peer-hold";
import type { WebRTCMultiplayerPeer } from "../multiplayer/webrtc-multiplayer-peer";
import type { WebRTCPeerConnection } from "../peer-connection/webrtc-peer-connection";
import type { ResolvedClientOptions } from "./signaling-client-options";

/** The wait after the first ICE restart; each further one waits twice as long, up to `ICE_RESTART_MAX_DELAY_MS`. */
export const ICE_RESTART_BASE_DELAY_MS = 1000;
/** The longest wait between two ICE restarts of one peer. */
export const ICE_RESTART_MAX_DELAY_MS = 8000;

interface Trouble {
  /** When the connection left CONNECTED. */
  readonly since: number;
  attempts: number;
  /** When the next ICE restart is due (offerer only). */
  nextAt: number;
}

/**
 * Automatic recovery of established peers (issue 12.2). A connection that stays DISCONNECTED longer than
 * `recovery_grace`, or goes FAILED, is restarted by the side that made the first offer: `restart_ice()`, whose
 * new offer travels through the signaling server like the first one, at most `ice_restart_attempts` times with
 * backoff (1 s doubling to 8 s). Both sides hold the peer in the multiplayer peer meanwhile (no
 * `peer_disconnected`, channels and their queues kept); once the attempts are spent and the last one's wait is
 * over, or `recovery_timeout` after the trouble began, the peer is let go as before.
 */
export class PeerRecovery {
  readonly #peer: WebRTCMultiplayerPeer;
  readonly #options: ResolvedClientOptions;
  readonly #canSignal: (id: number) => boolean;
  /** Every set-up peer's connection, and whether we made its first offer. */
  readonly #tracked = new Map<number, { connection: WebRTCPeerConnection; offerer: boolean }>();
  readonly #trouble = new Map<number, Trouble>();
  #now = 0;
  /** Recoveries that succeeded / peers let go after recovery failed (for logs and tests). */
  recovered = 0;
  gaveUp = 0;

  /** `canSignal(id)`: whether an offer to peer `id` can go through the signaling server now. */
  constructor(peer: WebRTCMultiplayerPeer, options: ResolvedClientOptions, canSignal: (id: number) => boolean) {
    this.#peer = peer;
    this.#options = options;
    this.#canSignal = canSignal;
    if (options.iceRestartAttempts > 0) setPeerHold(peer, (id, connection) => this.#holds(id, connection));
  }

  /** A peer was set up on `connection`; `offerer` when we made its first offer. */
  track(id: number, connection: WebRTCPeerConnection, offerer: boolean): void {
    this.#tracked.set(id, { connection, offerer });
    this.#trouble.delete(id);
  }

  /** Forgets every peer. */
  clear(): void {
    this.#tracked.clear();
    this.#trouble.clear();
  }

  /** Notices connections in trouble and restarts ICE where it is due (before the multiplayer peer's poll). */
  poll(now: number): void {
    this.#now = now;
    if (this.#options.iceRestartAttempts === 0) return;
    for (const [id, { connection, offerer }] of this.#tracked) {
      // LobbyPeers tracks every connection it adds, so a peer still in the map has the tracked connection.
      if (!this.#peer.has_peer(id)) {
        this.#tracked.delete(id);
        this.#trouble.delete(id);
        continue;
      }
      const state = connection.get_connection_state();
      let trouble = this.#trouble.get(id);
      if (state === ConnectionState.STATE_CONNECTED) {
        if (trouble !== undefined) this.#recovered(id, trouble, now);
        continue;
      }
      if (state !== ConnectionState.STATE_DISCONNECTED && state !== ConnectionState.STATE_FAILED) continue;
      if (trouble === undefined) {
        // Only peers that had connected: one still connecting is peer_connect_timeout's.
        if (!(this.#peer.get_peer(id) as { connected?: boolean }).connected) continue;
        trouble = { since: now, attempts: 0, nextAt: now + this.#options.recoveryGrace };
        this.#trouble.set(id, trouble);
      }
      // FAILED needs no grace: without a restart it never comes back.
      if (state === ConnectionState.STATE_FAILED && trouble.attempts === 0) trouble.nextAt = Math.min(trouble.nextAt, now);
      if (offerer && now >= trouble.nextAt && trouble.attempts < this.#options.iceRestartAttempts && this.#canSignal(id)) this.#restart(id, connection, trouble, now);
    }
  }

  #restart(id: number, connection: WebRTCPeerConnection, trouble: Trouble, now: number): void {
    trouble.attempts++;
    trouble.nextAt = now + Math.min(ICE_RESTART_MAX_DELAY_MS, ICE_RESTART_BASE_DELAY_MS * 2 ** (trouble.attempts - 1));
    const result = connection.restart_ice();
    logWarning("signaling", `peer ${id}: connection ${stateName(connection)} for ${Math.round(now - trouble.since)} ms; ICE restart ${trouble.attempts} of ${this.#options.iceRestartAttempts} (${result === GodotError.OK ? "offer sent" : `error ${result}`})`);
  }

  #recovered(id: number, trouble: Trouble, now: number): void {
    this.#trouble.delete(id);
    this.recovered++;
    logWarning("signaling", `peer ${id}: connection recovered after ${Math.round(now - trouble.since)} ms and ${trouble.attempts} ICE restart(s)`);
  }

  /** Whether the multiplayer peer should keep peer `id` although its connection dropped. */
  #holds(id: number, connection: WebRTCPeerConnection): boolean {
    const tracked = this.#tracked.get(id);
    const trouble = this.#trouble.get(id);
    const state = connection.get_connection_state();
    if (tracked?.connection !== connection || trouble === undefined) return false;
    if (state !== ConnectionState.STATE_DISCONNECTED && state !== ConnectionState.STATE_FAILED) return false;
    const now = this.#now;
    const inTime = now - trouble.since < this.#options.recoveryTimeout;
    const triesLeft = !tracked.offerer || trouble.attempts < this.#options.iceRestartAttempts || now < trouble.nextAt;
    if (inTime && triesLeft) return true;
    this.#trouble.delete(id);
    this.#tracked.delete(id);
    this.gaveUp++;
    logWarning("signaling", `peer ${id}: not recovered after ${Math.round(now - trouble.since)} ms and ${trouble.attempts} ICE restart(s); letting it go`);
    return false;
  }
}

function stateName(connection: WebRTCPeerConnection): string {
  return connection.get_connection_state() === ConnectionState.STATE_FAILED ? "failed" : "disconnected";
}
