import { registerConsoleShell, signInWordsOf } from "@pes/http/console";
import type { App } from "../context.js";
import { hubConsoleAssets } from "./assets.js";
import { MESSAGES } from "./i18n.js";
import { consolePage, PAGES, type Page } from "./page.js";
import { closeSession, openSession, sessionOperator } from "./session.js";

/**
 * The operator console at /console: server-rendered shells whose scripts read the same /v1 API an
 * operator's own tools call (with the session cookie), so a number on a page is the API's number.
 */
export function registerConsole(app: App): void {
  registerConsoleShell(app, {
    pages: PAGES,
    landing: "streams",
    assets: hubConsoleAssets,
    signInWords: (_c, lang) => signInWordsOf(MESSAGES[lang], MESSAGES[lang]["app.title"]),
    open: openSession,
    close: closeSession,
    signedIn: sessionOperator,
    render: (_c, page, lang, operator) => consolePage({ lang, operator, page: page as Page }),
  });
}
