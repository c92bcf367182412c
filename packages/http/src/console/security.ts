import type { Context, Env } from "hono";
import { problem } from "../problem.js";

/** Scripts and styles only from the service itself; ECharts sets inline styles on the charts it draws. */
export const CONSOLE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

/** A console page: never cached, never framed, scripts only from the service. */
export function securedHtml(c: Context, body: string | Promise<string>, status: 200 | 401 = 200) {
  c.header("Content-Security-Policy", CONSOLE_CSP);
  c.header("X-Content-Type-Options", "nosniff");
  c.header("Referrer-Policy", "same-origin");
  c.header("Cache-Control", "no-store");
  return c.html(body, status);
}

/**
 * Why a form POST did not come from the console's own pages, or undefined. Browsers say where a
 * request comes from (Sec-Fetch-Site; Origin on every POST — the console's Referrer-Policy is
 * same-origin, so a real origin, not "null"): another site (login CSRF, which would sign the
 * user into the attacker's session) is refused. A request without either header is not a
 * browser's (curl, a script) and is let through, as it cannot carry someone else's cookies anyway.
 */
export function crossSiteProblem(c: Context): string | undefined {
  const site = c.req.header("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return `a ${site} request`;
  const origin = c.req.header("origin");
  if (origin === undefined) return undefined;
  let from: string;
  try {
    from = new URL(origin).host;
  } catch {
    return "an opaque origin";
  }
  // Behind a proxy the browser saw the proxy's host; a cross-site page cannot set this header.
  const own = c.req.header("x-forwarded-host")?.split(",")[0]?.trim() || new URL(c.req.url).host;
  return from === own ? undefined : "another origin";
}

export const refuseCrossSite = <E extends Env>(c: Context<E>, what: string) =>
  problem(c, {
    status: 403,
    code: "cross-site-form",
    detail: `The console's ${what} form must be sent from its own pages, not from ${crossSiteProblem(c)}`,
  });
