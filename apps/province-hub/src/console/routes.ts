import { problem } from "@pes/http";
import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { App, AppEnv } from "../context.js";
import { consoleAssets } from "./assets.js";
import { type Language, languageOf } from "./i18n.js";
import { consolePage, loginPage, PAGES, type Page } from "./page.js";
import { closeSession, openSession, sessionOperator } from "./session.js";

const LANG_COOKIE = "pes_lang";
/** Scripts and styles only from the hub; ECharts sets inline styles on the charts it draws. */
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

/** Chinese first, whatever the browser prefers: English only once an operator switches to it. */
const languageOfRequest = (c: Context<AppEnv>): Language => languageOf(getCookie(c, LANG_COOKIE));

function secured(c: Context<AppEnv>, body: string | Promise<string>, status: 200 | 401 = 200) {
  c.header("Content-Security-Policy", CSP);
  c.header("X-Content-Type-Options", "nosniff");
  c.header("Referrer-Policy", "same-origin");
  c.header("Cache-Control", "no-store");
  return c.html(body, status);
}

/**
 * Why a form POST did not come from the console's own pages, or undefined. Browsers say where a
 * request comes from (Sec-Fetch-Site; Origin on every POST — the console's Referrer-Policy is
 * same-origin, so a real origin, not "null"): another site (login CSRF, which would sign the
 * operator into the attacker's session) is refused. A request without either header is not a
 * browser's (curl, a script) and is let through, as it cannot carry someone else's cookies anyway.
 */
function crossSiteProblem(c: Context<AppEnv>): string | undefined {
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

const refuseCrossSite = (c: Context<AppEnv>, what: string) =>
  problem(c, {
    status: 403,
    code: "cross-site-form",
    detail: `The console's ${what} form must be sent from its own pages, not from ${crossSiteProblem(c)}`,
  });

/**
 * The operator console at /console: server-rendered shells whose scripts read the same /v1 API an
 * operator's own tools call (with the session cookie), so a number on a page is the API's number.
 */
export function registerConsole(app: App): void {
  app.get("/console", (c) => c.redirect("/console/streams"));
  app.get("/console/login", (c) => secured(c, loginPage({ lang: languageOfRequest(c) })));
  app.post("/console/login", async (c) => {
    if (crossSiteProblem(c)) return refuseCrossSite(c, "login");
    const form = await c.req.parseBody();
    const token = typeof form.token === "string" ? form.token : "";
    const operator = token ? await openSession(c, token) : undefined;
    if (!operator) return secured(c, loginPage({ lang: languageOfRequest(c), failed: true }), 401);
    return c.redirect("/console/streams", 303);
  });
  app.post("/console/logout", async (c) => {
    if (crossSiteProblem(c)) return refuseCrossSite(c, "logout");
    await closeSession(c);
    return c.redirect("/console/login", 303);
  });
  app.get("/console/language", (c) => {
    const lang = languageOf(c.req.query("to"));
    setCookie(c, LANG_COOKIE, lang, { path: "/console", sameSite: "Lax", maxAge: 365 * 86400 });
    const back = c.req.query("back") ?? "";
    // Only back to a console page: never an open redirect.
    return c.redirect(/^\/console\/[a-z]+$/.test(back) ? back : "/console/streams", 303);
  });
  app.get("/console/assets/:name", (c) => {
    const asset = consoleAssets().get(c.req.param("name"));
    if (!asset) return c.notFound();
    const headers: Record<string, string> = {
      "Content-Type": asset.type,
      ETag: asset.etag,
      "Cache-Control": "no-cache",
      Vary: "Accept-Encoding",
      "X-Content-Type-Options": "nosniff",
    };
    if (c.req.header("if-none-match") === asset.etag) return c.body(null, 304, headers);
    const gzip = c.req.header("accept-encoding")?.includes("gzip");
    if (gzip) headers["Content-Encoding"] = "gzip";
    return c.body(gzip ? asset.gzip : asset.body, 200, headers);
  });
  for (const page of PAGES)
    app.get(`/console/${page}`, async (c) => {
      const operator = await sessionOperator(c);
      if (!operator) return c.redirect("/console/login");
      return secured(c, consolePage({ lang: languageOfRequest(c), operator, page: page as Page }));
    });
}
