import { hashToken } from "@pes/http";
import { consoleSessions } from "@pes/http/console";
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
const sessions = consoleSessions<AppEnv, Caller>("pes_city_console", {
  // An unknown, expired or revoked token is no caller (callerOfToken throws for it).
  resolve: (c, token) => callerOfToken(c.get("services").db.db, token).catch(() => undefined),
  issue: (c, caller, expiresAt) =>
    issueToken(c.get("services").db.db, caller.staffId, "console session", expiresAt),
  revoke: async (c, token) => {
    await c
      .get("services")
      .db.db.update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(eq(apiTokens.tokenHash, hashToken(token)));
  },
});

export const SESSION_COOKIE = sessions.cookieName;
export const sessionToken = (c: Context) => sessions.token(c);
/** The staff member of the request's session cookie, or undefined (none, expired, revoked). */
export const sessionCaller = sessions.who;
/** Signs in with a staff token: issues the session's token and sets the cookie. */
export const openSession = sessions.open;
export const closeSession = sessions.close;
/** Writes by session cookie only from the console's scripts (its header). */
export const refuseCrossSiteWrites = sessions.refuseCrossSiteWrites;
