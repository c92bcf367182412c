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
