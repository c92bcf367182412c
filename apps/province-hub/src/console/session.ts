import { hashToken } from "@pes/http";
import { consoleSessions } from "@pes/http/console";
import { eq } from "drizzle-orm";
import type { Context } from "hono";
import { issueToken, operatorOfToken } from "../auth/tokens.js";
import type { AppEnv, Operator } from "../context.js";
import { operatorTokens } from "../db/tables/operators.js";

/**
 * A console session is an operator token of its own, short-lived, kept in an HttpOnly cookie: the
 * operator's long-lived token is shown once at login and never stored by the browser, and logging
 * out revokes the session's token at the hub.
 */
const sessions = consoleSessions<AppEnv, Operator>("pes_console", {
  resolve: (c, token) => operatorOfToken(c.get("services").db.db, token),
  issue: (c, operator, expiresAt) =>
    issueToken(c.get("services").db.db, operator.id, "console session", expiresAt),
  revoke: async (c, token) => {
    await c
      .get("services")
      .db.db.update(operatorTokens)
      .set({ revokedAt: new Date() })
      .where(eq(operatorTokens.tokenHash, hashToken(token)));
  },
});

export const SESSION_COOKIE = sessions.cookieName;
export const sessionToken = (c: Context) => sessions.token(c);
/** The operator of the request's session cookie, or undefined. */
export const sessionOperator = sessions.who;
/** Logs in with an operator token: issues the session's token and sets the cookie. */
export const openSession = sessions.open;
export const closeSession = sessions.close;
/** Writes by session cookie only from the console's scripts (its header). */
export const refuseCrossSiteWrites = sessions.refuseCrossSiteWrites;
