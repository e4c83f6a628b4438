import { utf8Length } from "../internal/checks";
import { logWarning } from "../internal/log";

/** How many remote candidates a connection holds for its remote description, and how many bytes of them. */
export interface HeldCandidateLimits {
  /** Candidates held at most (default `DEFAULT_MAX_HELD_CANDIDATES`). */
  count: number;
  /** UTF-8 bytes of candidate lines and sdpMids held at most (default `DEFAULT_MAX_HELD_CANDIDATE_BYTES`). */
  bytes: number;
}

/** Far above what one peer gathers (a few per interface and server), as Godot's demo sends them. */
export const DEFAULT_MAX_HELD_CANDIDATES = 256;
/** 128 KiB: 256 candidates of 512 bytes; real ones are about 100. */
export const DEFAULT_MAX_HELD_CANDIDATE_BYTES = 128 * 1024;

/**
 * Remote ICE candidates that arrived before the remote description (or while one is being applied), kept until it
 * is applied. Bounded by `limits` (read at each arrival): a candidate beyond them is dropped, counted, and warned
 * about once per burst (a burst ends when the held candidates are released), never held without bound: a peer
 * that streams candidates and never sends its offer cannot fill the game's memory.
 */
export class HeldCandidates {
  readonly #limits: Readonly<HeldCandidateLimits>;
  #held: RTCIceCandidateInit[] = [];
  #bytes = 0;
  #dropped = 0;
  #dropping = false;

  constructor(limits: Readonly<HeldCandidateLimits>) {
    this.#limits = limits;
  }

  /** Candidates dropped because the limits were reached, since this connection began. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Holds `candidate`, or drops it when it would pass a limit. */
  hold(candidate: RTCIceCandidateInit): void {
    const bytes = utf8Length(candidate.candidate ?? "") + utf8Length(candidate.sdpMid ?? "");
    const { count, bytes: maxBytes } = this.#limits;
    if (this.#held.length < count && this.#bytes + bytes <= maxBytes) {
      this.#held.push(candidate);
      this.#bytes += bytes;
      return;
    }
    this.#dropped++;
    if (this.#dropping) return;
    this.#dropping = true;
    logWarning("add_ice_candidate", `${this.#held.length} remote candidates (${this.#bytes} bytes) already wait for the remote description, the most held (set_max_held_candidates ${count}, set_max_held_candidate_bytes ${maxBytes}); dropping more until it is applied`);
  }

  /** Hands over every held candidate, oldest first, and forgets them (the burst of drops, if any, ends). */
  release(): RTCIceCandidateInit[] {
    const held = this.#held;
    this.#held = [];
    this.#bytes = 0;
    this.#dropping = false;
    return held;
  }
}
