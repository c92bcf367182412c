import { crossSiteProblem, refuseCrossSite, securedHtml as secured } from "@pes/http/console";
import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { App, AppEnv } from "../context.js";
import { hubConsoleAssets } from "./assets.js";
import { type Language, languageOf } from "./i18n.js";
import { consolePage, loginPage, PAGES, type Page } from "./page.js";
import { closeSession, openSession, sessionOperator } from "./session.js";

const LANG_COOKIE = "pes_lang";

/** Chinese first, whatever the browser prefers: English only once an operator switches to it. */
const languageOfRequest = (c: Context<AppEnv>): Language => languageOf(getCookie(c, LANG_COOKIE));

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
  app.get("/console/assets/:name", (c) => hubConsoleAssets.serve(c, c.req.param("name")));
  for (const page of PAGES)
    app.get(`/console/${page}`, async (c) => {
      const operator = await sessionOperator(c);
      if (!operator) return c.redirect("/console/login");
      return secured(c, consolePage({ lang: languageOfRequest(c), operator, page: page as Page }));
    });
}
