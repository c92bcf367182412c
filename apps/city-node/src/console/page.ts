import { consoleHead as head, otherLanguage, scriptJson } from "@pes/http/console";
import { html } from "hono/html";
import type { Caller } from "../context.js";
import { type Language, MESSAGES, type MessageKey } from "./i18n.js";

export const PAGES = ["work-list", "status"] as const;
export type Page = (typeof PAGES)[number];

export interface NodeOfPage {
  cityCode: string;
  cityName: string;
}

/** Every page of the city console: header, navigation, language switch, and the page's own script. */
export function consolePage(opts: { lang: Language; caller: Caller; node: NodeOfPage; page: Page }) {
  const t = (k: MessageKey) => MESSAGES[opts.lang][k];
  const other = otherLanguage(opts.lang);
  const config = {
    lang: opts.lang,
    node: opts.node,
    staff: { name: opts.caller.name, role: opts.caller.role, divisionCode: opts.caller.divisionCode },
  };
  return html`<!doctype html>
<html lang="${opts.lang}">
  <head>
    ${head(`${t(`nav.${opts.page}`)} · ${opts.node.cityName} · ${t("app.title")}`)}
    <script type="module" src="/console/assets/${opts.page}.js"></script>
  </head>
  <body>
    <header class="top">
      <a class="brand" href="/console/work-list">${opts.node.cityName} · ${t("app.title")}</a>
      <nav>
        ${PAGES.map(
          (p) =>
            html`<a href="/console/${p}" class="${p === opts.page ? "active" : ""}">${t(`nav.${p}`)}</a>`,
        )}
        <a href="/docs">${t("nav.docs")}</a>
      </nav>
      <span class="who">${opts.caller.name} · ${opts.caller.role} · ${opts.caller.divisionCode}</span>
      <a class="lang" href="/console/language?to=${other}&amp;back=/console/${opts.page}">${t("nav.language")}</a>
      <form method="post" action="/console/logout"><button type="submit">${t("nav.logout")}</button></form>
    </header>
    <main id="page" data-page="${opts.page}"><p class="muted">${t("common.loading")}</p></main>
    <script type="application/json" id="pes-messages">${scriptJson(MESSAGES[opts.lang])}</script>
    <script type="application/json" id="pes-config">${scriptJson(config)}</script>
  </body>
</html>`;
}
