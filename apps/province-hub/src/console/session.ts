import { hashToken } from "@pes/http";
import {
  SESSION_HOURS,
  sessionCookie,
  refuseCrossSiteWrites as writesOnlyFromConsole,
} from "@pes/http/console";
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
const cookie = sessionCookie("pes_console");
export const SESSION_COOKIE = cookie.name;

export const sessionToken = (c: Context) => cookie.token(c);

/** The operator of the request's session cookie, or undefined. */
export async function sessionOperator(c: Context<AppEnv>): Promise<Operator | undefined> {
  const token = sessionToken(c);
  return token ? operatorOfToken(c.get("services").db.db, token) : undefined;
}

/** Logs in with an operator token: issues the session's token and sets the cookie. */
export async function openSession(c: Context<AppEnv>, operatorToken: string): Promise<Operator | undefined> {
  const db = c.get("services").db.db;
  const operator = await operatorOfToken(db, operatorToken.trim());
  if (!operator) return undefined;
  const expiresAt = new Date(Date.now() + SESSION_HOURS * 3600_000);
  const token = await issueToken(db, operator.id, "console session", expiresAt);
  cookie.set(c, token, expiresAt);
  return operator;
}

export async function closeSession(c: Context<AppEnv>): Promise<void> {
  const token = sessionToken(c);
  const db = c.get("services").db.db;
  if (token)
    await db
      .update(operatorTokens)
      .set({ revokedAt: new Date() })
      .where(eq(operatorTokens.tokenHash, hashToken(token)));
  cookie.clear(c);
}

/** Writes by session cookie only from the console's scripts (its header). */
export const refuseCrossSiteWrites = () => writesOnlyFromConsole<AppEnv>(sessionToken);
