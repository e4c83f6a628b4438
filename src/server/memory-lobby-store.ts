import { randomInt } from "node:crypto";
import { CloseReason, MAX_PEER_ID } from "../signaling/protocol";
import type { Envelope, JoinOutcome, LeaveOutcome, LobbyStore, Location, MemberAddress, StoreEvents, StoreLimits } from "./lobby-store";

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
/** Lobby names: 16 characters from `crypto.randomInt`, as Godot's 16 from `Math.random`. */
export const LOBBY_NAME_LENGTH = 16;
/** The host's id in every lobby. */
export const HOST_ID = 1;

/** A lobby name nobody can guess. */
export function newLobbyName(): string {
  let name = "";
  for (let i = 0; i < LOBBY_NAME_LENGTH; i++) name += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return name;
}

/** A random member id in 2…2^31-1 (1 is the host's). */
export function newMemberId(): number {
  return randomInt(2, MAX_PEER_ID + 1);
}

interface MemoryLobby {
  readonly mesh: boolean;
  sealed: boolean;
  /** Member id → instance (always this one). */
  readonly members: Map<number, string>;
}

/**
 * The single-process store: lobbies in a `Map`, delivery a direct call. Everything happens synchronously at the
 * call; the promises are there to match stores that cross a network.
 * @internal
 */
export class MemoryLobbyStore implements LobbyStore {
  readonly instance = "local";
  readonly available = true;
  readonly #limits: StoreLimits;
  readonly #lobbies = new Map<string, MemoryLobby>();
  #peers = 0;
  #events: StoreEvents | null = null;

  constructor(limits: StoreLimits) {
    this.#limits = limits;
  }

  get lobbyCount(): number {
    return this.#lobbies.size;
  }

  async start(events: StoreEvents): Promise<void> {
    this.#events = events;
  }

  async admit(): Promise<boolean> {
    if (this.#peers >= this.#limits.maxPeers) return false;
    this.#peers++;
    return true;
  }

  release(): void {
    this.#peers = Math.max(0, this.#peers - 1);
  }

  async join(name: string, mesh: boolean): Promise<JoinOutcome> {
    if (name === "") {
      if (this.#lobbies.size >= this.#limits.maxLobbies) return { joined: false, reason: CloseReason.TOO_MANY_LOBBIES };
      let created = newLobbyName();
      while (this.#lobbies.has(created)) created = newLobbyName();
      this.#lobbies.set(created, { mesh, sealed: false, members: new Map([[HOST_ID, this.instance]]) });
      return { joined: true, lobby: created, created: true, id: HOST_ID, mesh, others: [] };
    }
    const lobby = this.#lobbies.get(name);
    if (!lobby) return { joined: false, reason: CloseReason.LOBBY_DOES_NOT_EXIST };
    if (lobby.sealed) return { joined: false, reason: CloseReason.LOBBY_IS_SEALED };
    if (lobby.members.size >= this.#limits.maxPeersPerLobby) return { joined: false, reason: CloseReason.LOBBY_FULL };
    let id = newMemberId();
    while (lobby.members.has(id)) id = newMemberId();
    const others = addresses(lobby);
    lobby.members.set(id, this.instance);
    return { joined: true, lobby: name, created: false, id, mesh: lobby.mesh, others };
  }

  async resume(name: string, id: number, mesh: boolean): Promise<JoinOutcome> {
    let lobby = this.#lobbies.get(name);
    const created = lobby === undefined;
    if (lobby === undefined) {
      if (this.#lobbies.size >= this.#limits.maxLobbies) return { joined: false, reason: CloseReason.TOO_MANY_LOBBIES };
      lobby = { mesh, sealed: false, members: new Map() };
      this.#lobbies.set(name, lobby);
    }
    if (lobby.mesh !== mesh) return { joined: false, reason: CloseReason.RESUME_REFUSED };
    if (!lobby.members.has(id)) {
      if (lobby.sealed) return { joined: false, reason: CloseReason.LOBBY_IS_SEALED };
      if (lobby.members.size >= this.#limits.maxPeersPerLobby) return { joined: false, reason: CloseReason.LOBBY_FULL };
      lobby.members.set(id, this.instance);
    }
    const others = addresses(lobby).filter((member) => member.id !== id);
    return { joined: true, lobby: name, created, id, mesh, others };
  }

  async leave(name: string, id: number): Promise<LeaveOutcome | null> {
    const lobby = this.#lobbies.get(name);
    if (!lobby?.members.delete(id)) return null;
    const hostLeft = id === HOST_ID;
    // A lobby made again by resumes has no host until it resumes too: it goes when its last member does.
    if (hostLeft || lobby.members.size === 0) this.#lobbies.delete(name);
    return { hostLeft, mesh: lobby.mesh, others: addresses(lobby) };
  }

  async seal(name: string): Promise<readonly MemberAddress[] | null | "gone"> {
    const lobby = this.#lobbies.get(name);
    if (!lobby) return "gone";
    if (lobby.sealed) return null;
    lobby.sealed = true;
    return addresses(lobby);
  }

  async locate(name: string, id: number): Promise<Location> {
    const lobby = this.#lobbies.get(name);
    return lobby ? (lobby.members.get(id) ?? null) : "gone";
  }

  post(_instance: string, envelope: Envelope): void {
    this.#events?.deliver(envelope);
  }

  async close(): Promise<void> {
    this.#lobbies.clear();
    this.#events = null;
  }
}

function addresses(lobby: MemoryLobby): MemberAddress[] {
  return [...lobby.members].map(([id, instance]) => ({ id, instance }));
}
