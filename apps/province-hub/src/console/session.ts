import { DomainError } from "@pes/core";
import { hashToken } from "@pes/http";
import { eq } from "drizzle-orm";
import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { issueToken, operatorOfToken } from "../auth/tokens.js";
import type { AppEnv, Operator } from "../context.js";
import { operatorTokens } from "../db/tables/operators.js";

/**
 * A console session is an operator token of its own, short-lived, kept in an HttpOnly cookie: the
 * operator's long-lived token is shown once at login and never stored by the browser, and logging
 * out revokes the session's token at the hub.
 */
export const SESSION_COOKIE = "pes_console";
export const SESSION_HOURS = 8;
/** Sent by the console's own scripts on every write: a cross-site form cannot set it. */
export const CONSOLE_HEADER = "x-pes-console";

export const sessionToken = (c: Context) => getCookie(c, SESSION_COOKIE);

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
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "Strict",
    // Behind a TLS-terminating proxy the hub sees http: the proxy's header says what the browser used.
    secure: new URL(c.req.url).protocol === "https:" || c.req.header("x-forwarded-proto") === "https",
    path: "/",
    expires: expiresAt,
  });
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
  deleteCookie(c, SESSION_COOKIE, { path: "/" });
}

/**
 * A write authenticated by the session cookie must come from the console's scripts (SameSite=Strict
 * already keeps other sites' requests cookie-less; the header is the second lock).
 */
export function refuseCrossSiteWrites(): MiddlewareHandler<AppEnv> {
  return async function consoleWritesOnly(c, next) {
    const safe = c.req.method === "GET" || c.req.method === "HEAD";
    const byCookie = c.req.header("authorization") === undefined && sessionToken(c) !== undefined;
    if (!safe && byCookie && c.req.header(CONSOLE_HEADER) !== "1")
      throw new DomainError(
        "forbidden",
        "console-header-missing",
        `A console write must send ${CONSOLE_HEADER}: 1`,
      );
    await next();
  };
}
