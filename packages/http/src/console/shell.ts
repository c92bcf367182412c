import type { Context, Env, Hono } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { html, raw } from "hono/html";
import type { consoleAssets } from "./assets.js";
import { crossSiteProblem, refuseCrossSite, securedHtml } from "./security.js";

/** Chinese first: the staff and operators read zh-CN; en is for visitors and reviewers. */
export const LANGUAGES = ["zh-CN", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
export const languageOf = (value: string | undefined): Language =>
  LANGUAGES.find((l) => l === value) ?? "zh-CN";
export const otherLanguage = (lang: Language): Language => (lang === "zh-CN" ? "en" : "zh-CN");
const LANG_COOKIE = "pes_lang";

/** JSON inside <script>: "</script>" in a value must not end the element. */
export const scriptJson = (value: unknown) => raw(JSON.stringify(value).replace(/</g, "\\u003c"));

export function consoleHead(title: string) {
  return html`<meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${title}</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="/console/assets/console.css" />`;
}

/** The sign-in form's words, in the page's language. */
export interface SignInWords {
  app: string;
  title: string;
  token: string;
  hint: string;
  submit: string;
  failed: string;
  /** The link to the other language, in that language. */
  language: string;
}

function loginPage(lang: Language, w: SignInWords, failed: boolean) {
  return html`<!doctype html>
<html lang="${lang}">
  <head>
    ${consoleHead(`${w.title} · ${w.app}`)}
  </head>
  <body class="login">
    <form class="card" method="post" action="/console/login">
      <h1>${w.app}</h1>
      <h2>${w.title}</h2>
      ${failed ? html`<p class="error" role="alert">${w.failed}</p>` : ""}
      <label>${w.token} <input name="token" type="password" autocomplete="current-password" required /></label>
      <button type="submit">${w.submit}</button>
      <p class="muted">${w.hint}</p>
      <a class="lang" href="/console/language?to=${otherLanguage(lang)}&amp;back=/console/login">${w.language}</a>
    </form>
  </body>
</html>`;
}

/** The words every console's frame and sign-in page use, under the same keys in each console's table. */
export type FrameWords = Record<
  | "login.title"
  | "login.token"
  | "login.hint"
  | "login.submit"
  | "login.failed"
  | "nav.docs"
  | "nav.logout"
  | "nav.language"
  | "common.loading",
  string
>;

/** The sign-in form's words from a console's table; `app` names the console. */
export const signInWordsOf = (m: FrameWords, app: string): SignInWords => ({
  app,
  title: m["login.title"],
  token: m["login.token"],
  hint: m["login.hint"],
  submit: m["login.submit"],
  failed: m["login.failed"],
  language: m["nav.language"],
});

/**
 * Every console page: header (brand, navigation, who is signed in, language switch, sign-out), the
 * page's own script, and its words and settings as JSON for the script.
 */
export function framePage(opts: {
  lang: Language;
  page: string;
  title: string;
  brand: { href: string; text: string };
  nav: ReadonlyArray<{ page: string; label: string }>;
  who: string;
  words: FrameWords;
  /** The whole table of the page's language, for its script. */
  messages: Record<string, string>;
  config: unknown;
  /** Scripts the page loads before its own (ECharts). */
  scripts?: readonly string[];
}) {
  const w = opts.words;
  return html`<!doctype html>
<html lang="${opts.lang}">
  <head>
    ${consoleHead(opts.title)}
    ${(opts.scripts ?? []).map((src) => html`<script src="${src}" defer></script>`)}
    <script type="module" src="/console/assets/${opts.page}.js"></script>
  </head>
  <body>
    <header class="top">
      <a class="brand" href="${opts.brand.href}">${opts.brand.text}</a>
      <nav>
        ${opts.nav.map(
          (n) =>
            html`<a href="/console/${n.page}" class="${n.page === opts.page ? "active" : ""}">${n.label}</a>`,
        )}
        <a href="/docs">${w["nav.docs"]}</a>
      </nav>
      <span class="who">${opts.who}</span>
      <a class="lang" href="/console/language?to=${otherLanguage(opts.lang)}&amp;back=/console/${opts.page}">${w["nav.language"]}</a>
      <form method="post" action="/console/logout"><button type="submit">${w["nav.logout"]}</button></form>
    </header>
    <main id="page" data-page="${opts.page}"><p class="muted">${w["common.loading"]}</p></main>
    <script type="application/json" id="pes-messages">${scriptJson(opts.messages)}</script>
    <script type="application/json" id="pes-config">${scriptJson(opts.config)}</script>
  </body>
</html>`;
}

export interface ConsoleShell<E extends Env, P> {
  /** The console's pages, each at /console/<page>; the first page after sign-in is `landing`. */
  pages: readonly string[];
  landing: string;
  assets: ReturnType<typeof consoleAssets>;
  signInWords: (c: Context<E>, lang: Language) => SignInWords;
  /** Signs in with the user's own token (a session token of its own in a cookie), or undefined. */
  open: (c: Context<E>, token: string) => Promise<P | undefined>;
  close: (c: Context<E>) => Promise<void>;
  /** The user of the request's session, or undefined. */
  signedIn: (c: Context<E>) => Promise<P | undefined>;
  render: (c: Context<E>, page: string, lang: Language, user: P) => string | Promise<string>;
}

/**
 * A console at /console: sign-in and sign-out (forms from its own pages only), the language switch
 * (Chinese first, whatever the browser prefers), its assets, and its pages for a signed-in user.
 */
export function registerConsoleShell<E extends Env, P>(app: Hono<E>, shell: ConsoleShell<E, P>): void {
  const lang = (c: Context<E>) => languageOf(getCookie(c, LANG_COOKIE));
  const signIn = (c: Context<E>, failed: boolean) =>
    securedHtml(c, loginPage(lang(c), shell.signInWords(c, lang(c)), failed), failed ? 401 : 200);
  app.get("/console", (c) => c.redirect(`/console/${shell.landing}`));
  app.get("/console/login", (c) => signIn(c, false));
  app.post("/console/login", async (c) => {
    if (crossSiteProblem(c)) return refuseCrossSite(c, "login");
    const form = await c.req.parseBody();
    const token = typeof form.token === "string" ? form.token : "";
    const user = token ? await shell.open(c, token) : undefined;
    if (!user) return signIn(c, true);
    return c.redirect(`/console/${shell.landing}`, 303);
  });
  app.post("/console/logout", async (c) => {
    if (crossSiteProblem(c)) return refuseCrossSite(c, "logout");
    await shell.close(c);
    return c.redirect("/console/login", 303);
  });
  app.get("/console/language", (c) => {
    setCookie(c, LANG_COOKIE, languageOf(c.req.query("to")), {
      path: "/console",
      sameSite: "Lax",
      maxAge: 365 * 86400,
    });
    const back = c.req.query("back") ?? "";
    // Only back to a console page: never an open redirect.
    return c.redirect(/^\/console\/[a-z-]+$/.test(back) ? back : `/console/${shell.landing}`, 303);
  });
  app.get("/console/assets/:name", (c) => shell.assets.serve(c, c.req.param("name")));
  for (const page of shell.pages)
    app.get(`/console/${page}`, async (c) => {
      const user = await shell.signedIn(c);
      if (!user) return c.redirect("/console/login");
      return securedHtml(c, await shell.render(c, page, lang(c), user));
    });
}
