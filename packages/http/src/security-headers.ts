import type { MiddlewareHandler } from "hono";

/**
 * What every answer carries unless its route set its own (the hub console sets a fuller
 * Content-Security-Policy and Referrer-Policy: same-origin, which its login's Origin check needs):
 * no MIME sniffing, never framed (clickjacking), no Referer to other sites.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "Content-Security-Policy": "frame-ancestors 'none'",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "no-referrer",
};

/** Adds SECURITY_HEADERS to the answer, keeping any the route set itself. */
export const securityHeaders = (): MiddlewareHandler =>
  async function setSecurityHeaders(c, next) {
    await next();
    const missing = Object.entries(SECURITY_HEADERS).filter(([name]) => !c.res.headers.has(name));
    if (missing.length === 0) return;
    // A Response made elsewhere (fetched, or Response.redirect) has immutable headers: copy it once.
    try {
      for (const [name, value] of missing) c.res.headers.set(name, value);
    } catch {
      const copy = new Response(c.res.body, c.res);
      for (const [name, value] of missing) copy.headers.set(name, value);
      c.res = copy;
    }
  };
