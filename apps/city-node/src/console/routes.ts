import { consoleAssets, crossSiteProblem, refuseCrossSite, securedHtml } from "@pes/http/console";
import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { App, AppEnv } from "../context.js";
import { type Language, languageOf } from "./i18n.js";
import { consolePage, loginPage, PAGES } from "./page.js";
import { closeSession, openSession, sessionCaller } from "./session.js";

const LANG_COOKIE = "pes_lang";
const assets = consoleAssets(new URL("../../console/", import.meta.url));

/** Chinese first, whatever the browser prefers: English only once a staff member switches to it. */
const languageOfRequest = (c: Context<AppEnv>): Language => languageOf(getCookie(c, LANG_COOKIE));
const nodeOf = (c: Context<AppEnv>) => c.get("services").config;

/**
 * The city console at /console, for city and grassroots staff: server-rendered shells whose scripts
 * read the node's own /v1 API with the session cookie, so what a page shows is what the API answers
 * the same staff member — their area, masked as their role allows, every read audited.
 */
export function registerConsole(app: App): void {
  app.get("/console", (c) => c.redirect("/console/work-list"));
  app.get("/console/login", (c) =>
    securedHtml(c, loginPage({ lang: languageOfRequest(c), node: nodeOf(c) })),
  );
  app.post("/console/login", async (c) => {
    if (crossSiteProblem(c)) return refuseCrossSite(c, "login");
    const form = await c.req.parseBody();
    const token = typeof form.token === "string" ? form.token : "";
    const caller = token ? await openSession(c, token) : undefined;
    if (!caller)
      return securedHtml(c, loginPage({ lang: languageOfRequest(c), node: nodeOf(c), failed: true }), 401);
    return c.redirect("/console/work-list", 303);
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
    return c.redirect(/^\/console\/[a-z-]+$/.test(back) ? back : "/console/work-list", 303);
  });
  app.get("/console/assets/:name", (c) => assets.serve(c, c.req.param("name")));
  for (const page of PAGES)
    app.get(`/console/${page}`, async (c) => {
      const caller = await sessionCaller(c);
      if (!caller) return c.redirect("/console/login");
      return securedHtml(c, consolePage({ lang: languageOfRequest(c), caller, node: nodeOf(c), page }));
    });
}
