import { GodotError } from "../godot/godot-error";
import { MAX_UNSIGNED_SHORT } from "../godot/limits";
import { isIntegerIn, utf8Length } from "../internal/checks";
import { fail, logWarning } from "../internal/log";

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

/** A connection's `HeldCandidateLimits`, with the checked setters behind `set_max_held_candidates` / `…_bytes`. */
export class HeldCandidateBounds implements HeldCandidateLimits {
  count = DEFAULT_MAX_HELD_CANDIDATES;
  bytes = DEFAULT_MAX_HELD_CANDIDATE_BYTES;

  /** Sets `count` (0…65535), else `ERR_INVALID_PARAMETER` (logged) and nothing changes. */
  setCount(count: number): GodotError {
    if (!isIntegerIn(count, 0, MAX_UNSIGNED_SHORT)) return fail(GodotError.ERR_INVALID_PARAMETER, "set_max_held_candidates", `expected an integer in 0…${MAX_UNSIGNED_SHORT}`);
    this.count = count;
    return GodotError.OK;
  }

  /** Sets `bytes` (a non-negative integer), else `ERR_INVALID_PARAMETER` (logged) and nothing changes. */
  setBytes(bytes: number): GodotError {
    if (!isIntegerIn(bytes, 0, Number.MAX_SAFE_INTEGER)) return fail(GodotError.ERR_INVALID_PARAMETER, "set_max_held_candidate_bytes", "expected a non-negative integer of bytes");
    this.bytes = bytes;
    return GodotError.OK;
  }
}

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
