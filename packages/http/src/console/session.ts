import { DomainError } from "@pes/core";
import type { Context, Env, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";

/** Sent by the console's own scripts on every write: a cross-site form cannot set it. */
export const CONSOLE_HEADER = "x-pes-console";
export const SESSION_HOURS = 8;

/**
 * A console session is a token of its own, short-lived, kept in an HttpOnly cookie named `name`:
 * the user's long-lived token is typed in once at login and never stored by the browser.
 */
export function sessionCookie(name: string) {
  return {
    name,
    token: (c: Context) => getCookie(c, name),
    set(c: Context, token: string, expiresAt: Date) {
      setCookie(c, name, token, {
        httpOnly: true,
        sameSite: "Strict",
        // Behind a TLS-terminating proxy the service sees http: the proxy's header says what the browser used.
        secure: new URL(c.req.url).protocol === "https:" || c.req.header("x-forwarded-proto") === "https",
        path: "/",
        expires: expiresAt,
      });
    },
    clear: (c: Context) => deleteCookie(c, name, { path: "/" }),
  };
}

/**
 * A write authenticated by the session cookie must come from the console's scripts (SameSite=Strict
 * already keeps other sites' requests cookie-less; the header is the second lock).
 */
export function refuseCrossSiteWrites<E extends Env>(
  sessionToken: (c: Context) => string | undefined,
): MiddlewareHandler<E> {
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

/** Where a console's session tokens live: the service's own token table. */
export interface SessionStore<E extends Env, Who> {
  /** Whom a token stands for (the user's own token or a session's): undefined when unknown, expired or revoked. */
  resolve(c: Context<E>, token: string): Promise<Who | undefined>;
  /** A new token for `who`, valid until `expiresAt`: the session's. */
  issue(c: Context<E>, who: Who, expiresAt: Date): Promise<string>;
  revoke(c: Context<E>, token: string): Promise<void>;
}

/**
 * A console's sessions over its service's tokens: signing in with the user's own token issues a token
 * of the session's (SESSION_HOURS, in the cookie `cookieName`), signing out revokes it, and writes by
 * the cookie come only from the console's scripts.
 */
export function consoleSessions<E extends Env, Who>(cookieName: string, store: SessionStore<E, Who>) {
  const cookie = sessionCookie(cookieName);
  const token = (c: Context) => cookie.token(c);
  return {
    cookieName,
    token,
    /** Who the request's session cookie stands for, or undefined. */
    async who(c: Context<E>): Promise<Who | undefined> {
      const t = token(c);
      return t ? store.resolve(c, t) : undefined;
    },
    /** Signs in with the user's own token: issues the session's token and sets the cookie. */
    async open(c: Context<E>, userToken: string): Promise<Who | undefined> {
      const who = await store.resolve(c, userToken.trim());
      if (!who) return undefined;
      const expiresAt = new Date(Date.now() + SESSION_HOURS * 3600_000);
      cookie.set(c, await store.issue(c, who, expiresAt), expiresAt);
      return who;
    },
    async close(c: Context<E>): Promise<void> {
      const t = token(c);
      if (t) await store.revoke(c, t);
      cookie.clear(c);
    },
    refuseCrossSiteWrites: () => refuseCrossSiteWrites<E>(token),
  };
}
