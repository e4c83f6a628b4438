import { CloseCode, CloseReason, MessageType, type SignalingMessage } from "../signaling/protocol";
import type { Envelope, LeaveOutcome, LobbyStore, MemberAddress } from "./lobby-store";
import { HOST_ID } from "./memory-lobby-store";
import { canTalk, type PeerSession } from "./peer-session";
import type { ResumeTokens } from "./resume-token";

/** The resume extension's settings: how tokens are signed and how long a lost member's seat is held. */
export interface ResumeSettings {
  readonly tokens: ResumeTokens;
  readonly grace: number;
}

/** Announcements held for members whose join is still being answered, in all (bounded, counted when dropped). */
export const MAX_EARLY_ENVELOPES = 4096;
/** How long such an envelope is held before it is dropped as undeliverable. */
export const EARLY_ENVELOPE_MS = 5000;

const RELAYED = new Set<number>([MessageType.OFFER, MessageType.ANSWER, MessageType.CANDIDATE]);

const keyOf = (lobby: string, id: number): string => `${lobby}\n${id}`;

/**
 * Godot's lobby protocol over a `LobbyStore`: JOIN, relays, SEAL and departures, with the announcements each
 * implies. Members on this instance are found by lobby and id; the store carries everything else.
 * @internal
 */
export class LobbyRouter {
  readonly #store: LobbyStore;
  readonly #sealTimeout: number;
  readonly #log: (message: string) => void;
  readonly #local = new Map<string, PeerSession>();
  readonly #early = new Map<string, { envelopes: Envelope[]; at: number }>();
  #earlyCount = 0;
  readonly #resume: ResumeSettings;
  /** Sessions that asked for a resume token (the extension); nobody else ever sees one. */
  readonly #resumable = new WeakSet<PeerSession>();
  /** Seats of lost resumable members, held until their timer makes them leave. */
  readonly #held = new Map<string, ReturnType<typeof setTimeout>>();
  /** Envelopes that found no member on this instance (it had left), counted for the metrics. */
  undeliverable = 0;

  constructor(store: LobbyStore, sealTimeout: number, log: (message: string) => void, resume: ResumeSettings) {
    this.#store = store;
    this.#resume = resume;
    this.#sealTimeout = sealTimeout;
    this.#log = log;
  }

  /** Members on this instance. */
  get localMembers(): IterableIterator<PeerSession> {
    return this.#local.values();
  }

  /** Handles one message from `session` (already decoded and within its budget). */
  async handle(session: PeerSession, message: SignalingMessage): Promise<void> {
    if (message.type === MessageType.JOIN) return this.#join(session, message);
    const membership = session.membership;
    if (!membership) return session.fail(CloseReason.NEED_LOBBY);
    if (message.type === MessageType.SEAL) return this.#seal(session);
    if (!RELAYED.has(message.type)) return session.fail(CloseReason.INVALID_COMMAND);
    if (!canTalk(membership.mesh, membership.id, message.id)) return session.fail(CloseReason.INVALID_DESTINATION);
    const where = await this.#store.locate(membership.lobby, message.id);
    if (where === "gone") return session.fail(CloseReason.SERVER_ERROR);
    if (where === null) {
      // A peer it was introduced to that left (or is leaving): the relay crossed its PEER_DISCONNECT.
      if (!session.knows(message.id)) return session.fail(CloseReason.INVALID_DESTINATION);
      this.undeliverable++;
      return;
    }
    this.#store.post(where, { kind: "send", lobby: membership.lobby, to: message.id, type: message.type, from: membership.id, data: message.data });
  }

  /**
   * Takes `session` out of its lobby, telling the others (or closing them all when it was the host). A member
   * that asked for a resume token and lost its socket keeps its seat for the resume grace first.
   */
  async leave(session: PeerSession, graceOver = false): Promise<void> {
    const membership = session.membership;
    if (!membership) return;
    const { lobby, id } = membership;
    const key = keyOf(lobby, id);
    const holder = this.#local.get(key);
    // Its seat was resumed on another socket: nothing left.
    if (holder !== undefined && holder !== session) return;
    if (!graceOver && this.#resumable.has(session) && session.lost && this.#resume.grace > 0) {
      const timer = setTimeout(() => {
        this.#held.delete(key);
        if (this.#local.get(key) === session) void session.enqueue(() => this.leave(session, true), false);
      }, this.#resume.grace);
      timer.unref();
      this.#held.set(key, timer);
      return;
    }
    this.#held.delete(key);
    if (holder === session) this.#local.delete(key);
    const outcome = await this.#store.leave(lobby, id);
    // A host closed by its seal timer takes the others along as theirs would, not as a host disconnecting.
    if (outcome) this.departed(lobby, id, outcome, session.closedFor === CloseReason.SEAL_COMPLETE);
  }

  /** Announces that member `id` left `lobby` (PEER_DISCONNECT, or every other member closed when it was the host). */
  departed(lobby: string, id: number, outcome: LeaveOutcome, sealComplete = false): void {
    const [code, reason] = sealComplete ? [CloseCode.NORMAL, CloseReason.SEAL_COMPLETE] : [CloseCode.PROTOCOL_ERROR, CloseReason.HOST_DISCONNECTED];
    for (const other of outcome.others) {
      if (outcome.hostLeft) this.#close(lobby, other, code, reason);
      else if (canTalk(outcome.mesh, id, other.id)) this.#send(lobby, other, MessageType.PEER_DISCONNECT, id);
    }
    if (outcome.hostLeft) this.#log(`lobby ${lobby} closed`);
  }

  /** Hands an envelope from the store to the member it is for, or holds it while that member's join completes. */
  deliver(envelope: Envelope): void {
    const key = keyOf(envelope.lobby, envelope.to);
    const session = this.#local.get(key);
    if (!session) return this.#hold(key, envelope);
    if (envelope.kind === "close") return session.close(envelope.code, envelope.reason);
    session.send(envelope.type, envelope.from, envelope.data);
    if (envelope.type === MessageType.SEAL) session.sealIn(this.#sealTimeout);
  }

  /** Drops held envelopes older than `EARLY_ENVELOPE_MS` (called every ping round). */
  sweep(now = performance.now()): void {
    for (const [key, held] of this.#early) {
      if (now - held.at < EARLY_ENVELOPE_MS) continue;
      this.#early.delete(key);
      this.#earlyCount -= held.envelopes.length;
      this.undeliverable += held.envelopes.length;
    }
  }

  async #join(session: PeerSession, { id, data, resume }: SignalingMessage): Promise<void> {
    // Godot's server lets a member JOIN another lobby by name; one socket is one peer in one lobby here.
    if (session.membership) return session.fail(CloseReason.ALREADY_IN_LOBBY);
    const seat = resume ? this.#resume.tokens.read(resume) : null;
    if (resume && (!seat || !this.#store.resume)) return session.fail(CloseReason.RESUME_REFUSED);
    const outcome = seat ? await this.#store.resume!(seat.lobby, seat.id, seat.mesh) : await this.#store.join(data, id === 0);
    if (!outcome.joined) return session.fail(outcome.reason);
    const { lobby, mesh } = outcome;
    // A seat still held here (lost socket within the grace, or a live one now replaced): the others never heard it left.
    const wasHeld = seat !== null && (this.#takeSeat(keyOf(lobby, outcome.id)) || outcome.previous !== undefined);
    // Held by another instance sharing the store: it lets go of the seat (its grace timer's leave then finds none).
    if (outcome.previous !== undefined && outcome.previous !== this.#store.instance) this.#close(lobby, { id: outcome.id, instance: outcome.previous }, CloseCode.PROTOCOL_ERROR, CloseReason.RESUMED_ELSEWHERE);
    // Recorded even if the socket closed meanwhile: the leave queued behind this join then undoes it.
    session.joined({ lobby, id: outcome.id, mesh });
    session.send(MessageType.ID, outcome.id, mesh ? "true" : "");
    for (const other of outcome.others) {
      if (!canTalk(mesh, outcome.id, other.id)) continue;
      if (!wasHeld) this.#send(lobby, other, MessageType.PEER_CONNECT, outcome.id);
      session.send(MessageType.PEER_CONNECT, other.id);
    }
    const key = keyOf(lobby, outcome.id);
    this.#local.set(key, session);
    if (resume === undefined) session.send(MessageType.JOIN, 0, lobby);
    else {
      this.#resumable.add(session);
      session.send(MessageType.JOIN, 0, lobby, this.#resume.tokens.issue({ lobby, id: outcome.id, mesh }));
    }
    if (outcome.created) this.#log(`lobby ${lobby} created (${mesh ? "mesh" : "client/server"}); open lobbies: ${this.#store.lobbyCount}`);
    this.#log(`peer ${outcome.id} joined lobby ${lobby} (${outcome.others.length + 1} peers)`);
    const held = this.#early.get(key);
    if (!held) return;
    this.#early.delete(key);
    this.#earlyCount -= held.envelopes.length;
    for (const envelope of held.envelopes) this.deliver(envelope);
  }

  /** Takes a resumed seat over from whatever held it here: its grace timer, or a live socket (closed). */
  #takeSeat(key: string): boolean {
    const timer = this.#held.get(key);
    const holder = this.#local.get(key);
    if (timer !== undefined) clearTimeout(timer);
    this.#held.delete(key);
    if (holder === undefined) return false;
    this.#local.delete(key);
    if (timer === undefined) holder.fail(CloseReason.RESUMED_ELSEWHERE);
    return true;
  }

  async #seal(session: PeerSession): Promise<void> {
    const { lobby, id } = session.membership!;
    if (id !== HOST_ID) return session.fail(CloseReason.ONLY_HOST_CAN_SEAL);
    const members = await this.#store.seal(lobby);
    if (members === "gone") return session.fail(CloseReason.SERVER_ERROR);
    if (members === null) return;
    for (const member of members) this.#send(lobby, member, MessageType.SEAL, 0);
    this.#log(`lobby ${lobby} sealed with ${members.length} peers`);
  }

  #send(lobby: string, to: MemberAddress, type: number, from: number): void {
    this.#store.post(to.instance, { kind: "send", lobby, to: to.id, type, from, data: "" });
  }

  #close(lobby: string, to: MemberAddress, code: number, reason: string): void {
    this.#store.post(to.instance, { kind: "close", lobby, to: to.id, code, reason });
  }

  #hold(key: string, envelope: Envelope): void {
    // Only announcements (PEER_CONNECT/DISCONNECT, SEAL, closes) can overtake a join; a relay cannot, since nobody
    // hears of a member before its join completes: one is for a member gone, dropped, and holding stays small.
    if ((envelope.kind === "send" && envelope.data !== "") || this.#earlyCount >= MAX_EARLY_ENVELOPES) {
      this.undeliverable++;
      return;
    }
    const held = this.#early.get(key) ?? { envelopes: [], at: performance.now() };
    held.envelopes.push(envelope);
    this.#early.set(key, held);
    this.#earlyCount++;
  }
}
