import { randomInt } from "node:crypto";
import { CloseReason, MAX_PEER_ID, MessageType, SEAL_COMPLETE_CODE } from "../signaling/protocol";
import type { PeerSession } from "./peer-session";

const HOST_ID = 1;

/**
 * A lobby: its host (always id 1), its members by id, whether it is a mesh and whether it is sealed.
 * In a client/server lobby only the host and each client see each other (as Godot's GDScript server does);
 * Godot's Node server also announces clients to clients, which a client peer can only refuse.
 * @internal
 */
export class Lobby {
  /** Whether the host sealed it: no more joins. */
  sealed = false;
  readonly #members = new Map<number, PeerSession>();
  #sealTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    /** Its name, the JOIN `data` others use to join it. */
    readonly name: string,
    /** Whether every member connects to every other (JOIN id 0), or clients only to the host. */
    readonly mesh: boolean,
  ) {}

  /** How many peers are in it. */
  get size(): number {
    return this.#members.size;
  }

  /** The member with lobby id `id`. */
  member(id: number): PeerSession | undefined {
    return this.#members.get(id);
  }

  /** Whether `a` and `b` are introduced to each other and may exchange offers, answers and candidates. */
  canTalk(a: PeerSession, b: PeerSession): boolean {
    return a !== b && (this.mesh || a.id === HOST_ID || b.id === HOST_ID);
  }

  /**
   * Adds `session` (the first one becomes the host, id 1; later ones get a random unused id in 2…2^31-1) and
   * announces it: ID to it, PEER_CONNECT both ways with every member it can talk to, then JOIN to it.
   */
  add(session: PeerSession): void {
    session.id = this.#members.size === 0 ? HOST_ID : this.#freeId();
    session.lobby = this;
    session.send(MessageType.ID, session.id, this.mesh ? "true" : "");
    for (const other of this.#members.values()) {
      if (!this.canTalk(session, other)) continue;
      other.send(MessageType.PEER_CONNECT, session.id);
      session.send(MessageType.PEER_CONNECT, other.id);
    }
    this.#members.set(session.id, session);
    session.send(MessageType.JOIN, 0, this.name);
  }

  /**
   * Takes `session` out. When the host leaves every other member is closed with 4000 "Room host has
   * disconnected" and true is returned (the lobby is over); otherwise the members it could talk to get
   * PEER_DISCONNECT.
   */
  remove(session: PeerSession): boolean {
    if (this.#members.get(session.id) !== session) return false;
    this.#members.delete(session.id);
    const hostLeft = session.id === HOST_ID;
    for (const other of this.#members.values()) {
      if (hostLeft) other.fail(CloseReason.HOST_DISCONNECTED);
      else if (this.canTalk(session, other)) other.send(MessageType.PEER_DISCONNECT, session.id);
    }
    if (hostLeft) this.dispose();
    return hostLeft;
  }

  /** Seals it: every member gets SEAL, and after `timeout` ms every member is closed with 1000 "Seal complete". */
  seal(timeout: number): void {
    if (this.sealed) return;
    this.sealed = true;
    for (const member of this.#members.values()) member.send(MessageType.SEAL, 0);
    this.#sealTimer = setTimeout(() => {
      for (const member of this.#members.values()) member.close(SEAL_COMPLETE_CODE, CloseReason.SEAL_COMPLETE);
    }, timeout);
  }

  /** Stops its seal timer. */
  dispose(): void {
    clearTimeout(this.#sealTimer);
  }

  #freeId(): number {
    for (;;) {
      const id = randomInt(2, MAX_PEER_ID + 1);
      if (!this.#members.has(id)) return id;
    }
  }
}
