// The seam between the protocol (LobbyRouter) and where lobbies live: one process's memory (MemoryLobbyStore) or
// Redis shared by several instances (RedisLobbyStore). A store owns lobby state (names, members, ids, sealed
// flags, the global counts) and carries envelopes to the instance holding a member's socket; the router owns the
// protocol's rules on top. A protocol extension adds a method here and implements it in both stores.

/** Where a member's socket is: its id in the lobby and the instance holding it. */
export interface MemberAddress {
  /** Its id in the lobby. */
  readonly id: number;
  /** The instance holding its socket (`LobbyStore.instance` of that process). */
  readonly instance: string;
}

/** The answer to a JOIN: the new member's place, or the reason it is refused (one of `CloseReason`'s). */
export type JoinOutcome =
  | {
      readonly joined: true;
      /** The lobby's name. */
      readonly lobby: string;
      /** Whether this JOIN created it. */
      readonly created: boolean;
      /** The id given to the joiner (1 when it created the lobby). */
      readonly id: number;
      /** The lobby's kind, set by its creator. */
      readonly mesh: boolean;
      /** Every other member, in any order. */
      readonly others: readonly MemberAddress[];
      /** Resume extension, shared stores: the instance that held the resumed seat until now, if any. */
      readonly previous?: string;
    }
  | { readonly joined: false; readonly reason: string };

/** What a leave left behind. */
export interface LeaveOutcome {
  /** Whether the leaver was the host, which deleted the lobby. */
  readonly hostLeft: boolean;
  /** The lobby's kind. */
  readonly mesh: boolean;
  /** The members still in it (when the host left: the members that were, now to be closed). */
  readonly others: readonly MemberAddress[];
}

/** Something for one member's socket, carried to the instance holding it. */
export type Envelope =
  | {
      readonly kind: "send";
      readonly lobby: string;
      /** The destination member's id. */
      readonly to: number;
      /** The protocol message: its type, its id field (the sender, or 0) and its data. */
      readonly type: number;
      readonly from: number;
      readonly data: string;
    }
  | { readonly kind: "close"; readonly lobby: string; readonly to: number; readonly code: number; readonly reason: string };

/** Where a relay goes: the instance of the destination, `null` when it is not a member, "gone" without the lobby. */
export type Location = string | null | "gone";

/** The limits a store enforces across every instance sharing it. */
export interface StoreLimits {
  /** Sockets at once. */
  readonly maxPeers: number;
  /** Open lobbies. */
  readonly maxLobbies: number;
  /** Members of one lobby. */
  readonly maxPeersPerLobby: number;
}

/** What the router hears from the store. */
export interface StoreEvents {
  /** An envelope for a member on this instance. */
  deliver(envelope: Envelope): void;
  /** Member `id` of `lobby`, held by an instance that died, was removed: announce it as any leave. */
  departed(lobby: string, id: number, outcome: LeaveOutcome): void;
  /** The store is unusable (Redis lost): every socket is to be closed with 1011. */
  lost(why: string): void;
}

/** Lobby state and delivery. Every method resolves (refusals are outcomes); a rejection is a store failure. */
export interface LobbyStore {
  /** This process's name among the instances sharing the store. */
  readonly instance: string;
  /** Open lobbies, as last known (exact in memory; refreshed every heartbeat on Redis). */
  readonly lobbyCount: number;
  /** Whether the store can take work now (false while Redis is lost). */
  readonly available: boolean;
  /** Starts it (connects, subscribes); resolves when it can take work. */
  start(events: StoreEvents): Promise<void>;
  /** Takes one of `maxPeers` slots; false when every slot is taken. */
  admit(): Promise<boolean>;
  /** Gives back a slot taken by `admit()`. */
  release(): void;
  /** Creates a lobby (`name` "") of kind `mesh`, or joins lobby `name`, within the limits. */
  join(name: string, mesh: boolean): Promise<JoinOutcome>;
  /**
   * Resume extension: gives seat `id` of `lobby` (of kind `mesh`) back to a member whose token proved it held it:
   * the seat it still holds (within the grace), a seat again in the lobby, or the lobby made again around it
   * (after a restart), within the limits; refused when the lobby's kind differs or it is sealed. Optional: a store
   * without it makes the router refuse resumes.
   */
  resume?(lobby: string, id: number, mesh: boolean): Promise<JoinOutcome>;
  /** Takes member `id` out of `lobby`; null when it was not in it. */
  leave(lobby: string, id: number): Promise<LeaveOutcome | null>;
  /** Seals `lobby`: its members (to tell), null when it was already sealed, "gone" without the lobby. */
  seal(lobby: string): Promise<readonly MemberAddress[] | null | "gone">;
  /** Where member `id` of `lobby` is. */
  locate(lobby: string, id: number): Promise<Location>;
  /** Carries `envelope` to `instance` (this one included); envelopes from one caller to one instance keep their order. */
  post(instance: string, envelope: Envelope): void;
  /** Stops it; what it holds for this instance is given up. */
  close(): Promise<void>;
}
