import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Membership } from "./peer-session";

/**
 * The tokens of the resume extension: a member's seat (lobby, id, kind) signed with HMAC-SHA256, so a client
 * can prove it held that seat to this server, or to a restarted one given the same secret, which then gives the
 * seat back without having stored anything. A token is a bearer secret: whoever holds it can take the seat.
 * @internal
 */
export class ResumeTokens {
  readonly #secret: Buffer;

  /** With no secret, a random one: tokens then survive a dropped socket, not a restart of this process. */
  constructor(secret: string) {
    this.#secret = secret === "" ? randomBytes(32) : Buffer.from(secret, "utf8");
  }

  /** The token for `seat`. */
  issue(seat: Membership): string {
    const payload = Buffer.from(JSON.stringify([seat.lobby, seat.id, seat.mesh]), "utf8").toString("base64url");
    return `${payload}.${this.#mac(payload)}`;
  }

  /** The seat a token signs, or null when it is malformed or was not signed with this secret. */
  read(token: string): Membership | null {
    const [payload, mac, extra] = token.split(".");
    if (payload === undefined || mac === undefined || extra !== undefined) return null;
    const expected = Buffer.from(this.#mac(payload), "utf8");
    const given = Buffer.from(mac, "utf8");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      const seat: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
      if (!Array.isArray(seat) || seat.length !== 3) return null;
      const [lobby, id, mesh] = seat as unknown[];
      if (typeof lobby !== "string" || !Number.isInteger(id) || typeof mesh !== "boolean") return null;
      return { lobby, id: id as number, mesh };
    } catch {
      return null;
    }
  }

  #mac(payload: string): string {
    return createHmac("sha256", this.#secret).update(payload).digest("base64url");
  }
}
