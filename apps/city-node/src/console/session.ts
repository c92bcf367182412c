import { hashToken } from "@pes/http";
import {
  SESSION_HOURS,
  sessionCookie,
  refuseCrossSiteWrites as writesOnlyFromConsole,
} from "@pes/http/console";
import { eq } from "drizzle-orm";
import type { Context } from "hono";
import { callerOfToken, issueToken } from "../auth/tokens.js";
import type { AppEnv, Caller } from "../context.js";
import { apiTokens } from "../db/tables/network.js";

/**
 * A console session is a staff token of its own, short-lived, in an HttpOnly cookie: the staff
 * member's own token is typed in once at sign-in and never kept by the browser; signing out revokes
 * the session's token. Its reads are audited as the staff member's, as with their own token.
 */
const cookie = sessionCookie("pes_city_console");
export const SESSION_COOKIE = cookie.name;
export const sessionToken = (c: Context) => cookie.token(c);

/** The staff member of the request's session cookie, or undefined (none, expired, revoked). */
export async function sessionCaller(c: Context<AppEnv>): Promise<Caller | undefined> {
  const token = sessionToken(c);
  return token ? callerOfToken(c.get("services").db.db, token).catch(() => undefined) : undefined;
}

/** Signs in with a staff token: issues the session's token and sets the cookie. */
export async function openSession(c: Context<AppEnv>, staffToken: string): Promise<Caller | undefined> {
  const db = c.get("services").db.db;
  const caller = await callerOfToken(db, staffToken.trim()).catch(() => undefined);
  if (!caller) return undefined;
  const expiresAt = new Date(Date.now() + SESSION_HOURS * 3600_000);
  cookie.set(c, await issueToken(db, caller.staffId, "console session", expiresAt), expiresAt);
  return caller;
}

export async function closeSession(c: Context<AppEnv>): Promise<void> {
  const token = sessionToken(c);
  if (token)
    await c
      .get("services")
      .db.db.update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(eq(apiTokens.tokenHash, hashToken(token)));
  cookie.clear(c);
}

/** Writes by session cookie only from the console's scripts (its header). */
export const refuseCrossSiteWrites = () => writesOnlyFromConsole<AppEnv>(sessionToken);
