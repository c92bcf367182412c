import { consoleAssets, registerConsoleShell, signInWordsOf } from "@pes/http/console";
import type { App } from "../context.js";
import { MESSAGES } from "./i18n.js";
import { consolePage, PAGES, type Page } from "./page.js";
import { closeSession, openSession, sessionCaller } from "./session.js";

/**
 * The staff console at /console, for city and grassroots staff: server-rendered shells whose scripts
 * read the node's own /v1 API with the session cookie, so what a page shows is what the API answers
 * the same staff member — their area, masked as their role allows, every read audited.
 */
export function registerConsole(app: App): void {
  registerConsoleShell(app, {
    pages: PAGES,
    landing: "work-list",
    assets: consoleAssets(new URL("../../console/", import.meta.url)),
    signInWords: (c, lang) =>
      signInWordsOf(MESSAGES[lang], `${c.get("services").config.cityName} · ${MESSAGES[lang]["app.title"]}`),
    open: openSession,
    close: closeSession,
    signedIn: sessionCaller,
    render: (c, page, lang, caller) =>
      consolePage({ lang, caller, node: c.get("services").config, page: page as Page }),
  });
}
