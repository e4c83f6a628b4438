import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Redis as RedisClient, RedisOptions } from "ioredis";
import { CloseReason } from "../signaling/protocol";
import type { Envelope, JoinOutcome, LeaveOutcome, LobbyStore, Location, MemberAddress, StoreEvents, StoreLimits } from "./lobby-store";
import { newLobbyName, newMemberId } from "./memory-lobby-store";
import { ADMIT, JOIN, LEAVE, REAP, RESUME, SEAL } from "./redis-scripts";

/** How a Redis store connects and how fast it notices a dead instance. */
export interface RedisStoreOptions extends StoreLimits {
  /** `redis://host:port` (or `rediss://`). */
  readonly url: string;
  /** Prefix of every key and channel, so several deployments can share one Redis. */
  readonly prefix: string;
  /** Heartbeat period; an instance silent for 3 periods is reaped within one more. */
  readonly heartbeatInterval: number;
  readonly log: (message: string) => void;
}

type Reply = (string | number | Reply)[] | string | number | null;
type Scripted = RedisClient & Record<"signalingJoin" | "signalingResume" | "signalingLeave" | "signalingSeal" | "signalingAdmit" | "signalingReap", (...args: (string | number)[]) => Promise<Reply>>;

/** Attempts at a fresh lobby name or member id before a JOIN fails (each tries one name and four ids). */
const JOIN_ATTEMPTS = 5;

/**
 * Lobbies in one Redis shared by several instances. Joins, leaves, seals and admissions are Lua scripts (atomic);
 * each instance subscribes to a channel of its own and receives there the envelopes for the members it holds,
 * published by the other instances in the order they sent them. Instances heartbeat a key that expires: a
 * survivor reaps a silent one and announces its members gone. Losing Redis is reported as `lost` (every socket
 * closed with 1011); the store rejoins by itself once Redis answers again.
 * @internal
 */
export class RedisLobbyStore implements LobbyStore {
  readonly instance = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  readonly #options: RedisStoreOptions;
  #command: Scripted | null = null;
  #subscriber: RedisClient | null = null;
  #events: StoreEvents | null = null;
  #timer: ReturnType<typeof setInterval> | undefined;
  #available = false;
  #rejoining: Promise<void> | null = null;
  #closed = false;
  #admitted = 0;
  #lobbyCount = 0;

  constructor(options: RedisStoreOptions) {
    this.#options = options;
  }

  get lobbyCount(): number {
    return this.#lobbyCount;
  }

  get available(): boolean {
    return this.#available;
  }

  async start(events: StoreEvents): Promise<void> {
    this.#events = events;
    const { Redis } = await import("ioredis").catch(() => {
      throw new Error('the "redis" option needs the ioredis package: npm install ioredis');
    });
    // Fail fast while disconnected (no offline queue, no retried commands): a socket is closed, not kept waiting.
    const settings: RedisOptions = { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: (times) => Math.min(100 * times, 1000) };
    const command = new Redis(this.#options.url, settings) as Scripted;
    const subscriber = new Redis(this.#options.url, settings);
    this.#command = command;
    this.#subscriber = subscriber;
    const scripts = { signalingJoin: JOIN, signalingResume: RESUME, signalingLeave: LEAVE, signalingSeal: SEAL, signalingAdmit: ADMIT, signalingReap: REAP };
    for (const [name, lua] of Object.entries(scripts)) command.defineCommand(name, { numberOfKeys: 0, lua });
    for (const client of [command, subscriber]) {
      client.on("error", (error: Error) => this.#options.log(`redis: ${error.message}`));
      client.on("close", () => this.#drop("connection to Redis closed"));
      client.on("ready", () => void this.#rejoin());
    }
    subscriber.on("message", (_channel: string, text: string) => this.#receive(text));
    await Promise.all([command.connect(), subscriber.connect()]);
    await this.#rejoin();
    if (!this.#available) throw new Error(`cannot register with Redis at ${this.#options.url}`);
    this.#timer = setInterval(() => void this.#beat(), this.#options.heartbeatInterval);
    this.#timer.unref();
  }

  async admit(): Promise<boolean> {
    const { prefix, maxPeers } = this.#options;
    if ((await this.#redis().signalingAdmit(prefix, this.instance, maxPeers)) !== 1) return false;
    this.#admitted++;
    return true;
  }

  release(): void {
    this.#admitted = Math.max(0, this.#admitted - 1);
    if (this.#available) this.#redis().hincrby(`${this.#options.prefix}peers`, this.instance, -1).catch(() => {});
  }

  async join(name: string, mesh: boolean): Promise<JoinOutcome> {
    const { prefix, maxLobbies, maxPeersPerLobby } = this.#options;
    for (let attempt = 0; attempt < JOIN_ATTEMPTS; attempt++) {
      const ids = [newMemberId(), newMemberId(), newMemberId(), newMemberId()];
      const reply = (await this.#redis().signalingJoin(prefix, name, mesh ? "1" : "0", this.instance, maxLobbies, maxPeersPerLobby, newLobbyName(), ...ids)) as string[];
      const [kind, lobby = "", id = "", lobbyMesh = "1"] = reply;
      if (kind === "taken") continue;
      if (kind === "refused") return { joined: false, reason: CloseReason[lobby as keyof typeof CloseReason] };
      if (kind === "created") this.#lobbyCount++;
      return { joined: true, lobby, created: kind === "created", id: Number(id), mesh: lobbyMesh === "1", others: pairs(reply.slice(4)) };
    }
    throw new Error(`no free lobby name or member id after ${JOIN_ATTEMPTS} attempts`);
  }

  async resume(name: string, id: number, mesh: boolean): Promise<JoinOutcome> {
    const { prefix, maxLobbies, maxPeersPerLobby } = this.#options;
    const reply = (await this.#redis().signalingResume(prefix, name, String(id), mesh ? "1" : "0", this.instance, maxLobbies, maxPeersPerLobby)) as string[];
    const [kind, lobby = "", , lobbyMesh = "1", previous = ""] = reply;
    if (kind === "refused") return { joined: false, reason: CloseReason[lobby as keyof typeof CloseReason] };
    if (kind === "created") this.#lobbyCount++;
    const others = pairs(reply.slice(5));
    return { joined: true, lobby, created: kind === "created", id, mesh: lobbyMesh === "1", others, ...(previous ? { previous } : {}) };
  }

  async leave(name: string, id: number): Promise<LeaveOutcome | null> {
    const reply = (await this.#redis().signalingLeave(this.#options.prefix, name, String(id), this.instance)) as string[] | null;
    if (!reply) return null;
    const outcome = leaveOutcome(reply);
    if (outcome.hostLeft) this.#lobbyCount = Math.max(0, this.#lobbyCount - 1);
    return outcome;
  }

  async seal(name: string): Promise<readonly MemberAddress[] | null | "gone"> {
    const reply = await this.#redis().signalingSeal(this.#options.prefix, name);
    if (reply === "gone") return "gone";
    return reply === "sealed" ? null : pairs(reply as string[]);
  }

  async locate(name: string, id: number): Promise<Location> {
    const { prefix } = this.#options;
    const where = await this.#redis().hget(`${prefix}members:${name}`, String(id));
    if (where !== null) return where;
    return (await this.#redis().exists(`${prefix}lobby:${name}`)) === 1 ? null : "gone";
  }

  post(instance: string, envelope: Envelope): void {
    if (instance === this.instance) return this.#events?.deliver(envelope);
    // One connection publishes everything in call order, and Redis keeps that order per channel.
    this.#command?.publish(this.#channel(instance), JSON.stringify(envelope)).catch((error: Error) => this.#options.log(`redis publish: ${error.message}`));
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    if (this.#available) {
      await this.#reap(this.instance).catch(() => {});
      await this.#command?.del(`${this.#options.prefix}alive:${this.instance}`).catch(() => {});
    }
    this.#available = false;
    this.#command?.disconnect();
    this.#subscriber?.disconnect();
    this.#events = null;
  }

  #redis(): Scripted {
    if (!this.#command || !this.#available) throw new Error("Redis unavailable");
    return this.#command;
  }

  #channel(instance: string): string {
    return `${this.#options.prefix}deliver:${instance}`;
  }

  /** (Re)registers this instance once both connections are ready, first reaping what it held before a loss. */
  #rejoin(): Promise<void> {
    this.#rejoining ??= this.#register().finally(() => (this.#rejoining = null));
    return this.#rejoining;
  }

  async #register(): Promise<void> {
    const command = this.#command;
    if (this.#closed || this.#available || !command || command.status !== "ready" || this.#subscriber?.status !== "ready") return;
    const { prefix, heartbeatInterval } = this.#options;
    try {
      await this.#subscriber.subscribe(this.#channel(this.instance));
      for (const entry of ((await command.signalingReap(prefix, this.instance)) ?? []) as string[][]) this.#departed(entry);
      await command.set(`${prefix}alive:${this.instance}`, "1", "PX", 3 * heartbeatInterval);
      await command.sadd(`${prefix}instances`, this.instance);
      await command.hset(`${prefix}peers`, this.instance, 0);
      this.#admitted = 0;
      this.#lobbyCount = await command.scard(`${prefix}lobbies`);
      this.#available = true;
      this.#options.log(`registered with Redis as ${this.instance}`);
    } catch (error) {
      this.#options.log(`redis: could not register (${error instanceof Error ? error.message : String(error)}); retrying on reconnect`);
    }
  }

  #drop(why: string): void {
    if (!this.#available || this.#closed) return;
    this.#available = false;
    this.#events?.lost(why);
    void this.#rejoin();
  }

  /** Refreshes this instance's key and slot count, and reaps every instance whose key expired. */
  async #beat(): Promise<void> {
    const command = this.#command;
    if (!this.#available) return void this.#rejoin();
    if (!command) return;
    const { prefix, heartbeatInterval } = this.#options;
    try {
      // Stalled past its key's expiry (a long pause, a partition), it was reaped: its members were announced gone.
      if ((await command.sismember(`${prefix}instances`, this.instance)) === 0) return this.#drop("reaped by another instance after missing heartbeats");
      await command.set(`${prefix}alive:${this.instance}`, "1", "PX", 3 * heartbeatInterval);
      await command.hset(`${prefix}peers`, this.instance, this.#admitted);
      const others = (await command.smembers(`${prefix}instances`)).filter((instance) => instance !== this.instance);
      const alive = others.length > 0 ? await command.mget(others.map((instance) => `${prefix}alive:${instance}`)) : [];
      for (const [i, instance] of others.entries()) if (alive[i] === null) await this.#reap(instance);
      this.#lobbyCount = await command.scard(`${prefix}lobbies`);
    } catch (error) {
      this.#options.log(`redis heartbeat: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  async #reap(instance: string): Promise<void> {
    const gone = (await this.#redis().signalingReap(this.#options.prefix, instance)) as string[][] | null;
    if (!gone) return;
    if (instance !== this.instance) this.#options.log(`reaped instance ${instance}: ${gone.length} members announced gone`);
    for (const entry of gone) this.#departed(entry);
  }

  #departed([lobby = "", id = "", ...rest]: string[]): void {
    this.#events?.departed(lobby, Number(id), leaveOutcome(rest));
  }

  #receive(text: string): void {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(text) as Envelope;
    } catch {
      return this.#options.log("redis: dropped an unreadable envelope");
    }
    if (typeof envelope?.lobby !== "string" || !Number.isInteger(envelope.to)) return this.#options.log("redis: dropped a malformed envelope");
    this.#events?.deliver(envelope);
  }
}

function pairs(flat: readonly string[]): MemberAddress[] {
  const out: MemberAddress[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push({ id: Number(flat[i]), instance: flat[i + 1]! });
  return out;
}

function leaveOutcome([hostLeft, mesh, ...others]: string[]): LeaveOutcome {
  return { hostLeft: hostLeft === "1", mesh: mesh === "1", others: pairs(others) };
}
