import { consoleHead as head, otherLanguage, scriptJson } from "@pes/http/console";
import { FUJIAN_CITIES, FUJIAN_DIVISIONS } from "@pes/schemas";
import { html } from "hono/html";
import type { Operator } from "../context.js";
import { type Language, MESSAGES, type MessageKey } from "./i18n.js";

export const PAGES = [
  "overview",
  "streams",
  "indicators",
  "needs",
  "vouchers",
  "warnings",
  "assessment",
  "reporting",
] as const;
export type Page = (typeof PAGES)[number];
/** Pages that draw charts load ECharts (1 MB) ; the others do not. */
const CHARTS: ReadonlySet<Page> = new Set(["streams", "indicators", "vouchers"]);

/** Every console page: header, navigation, language switch, and the page's own script. */
export function consolePage(opts: { lang: Language; operator: Operator; page: Page }) {
  const t = (k: MessageKey) => MESSAGES[opts.lang][k];
  const other = otherLanguage(opts.lang);
  const config = {
    lang: opts.lang,
    cities: FUJIAN_CITIES,
    divisions: FUJIAN_DIVISIONS,
    operator: { name: opts.operator.name, role: opts.operator.role },
  };
  return html`<!doctype html>
<html lang="${opts.lang}">
  <head>
    ${head(`${t(`nav.${opts.page}`)} · ${t("app.title")}`)}
    ${CHARTS.has(opts.page) ? html`<script src="/console/assets/echarts.min.js" defer></script>` : ""}
    <script type="module" src="/console/assets/${opts.page}.js"></script>
  </head>
  <body>
    <header class="top">
      <a class="brand" href="/console/streams">${t("app.short")}</a>
      <nav>
        ${PAGES.map(
          (p) =>
            html`<a href="/console/${p}" class="${p === opts.page ? "active" : ""}">${t(`nav.${p}`)}</a>`,
        )}
        <a href="/docs">${t("nav.docs")}</a>
      </nav>
      <span class="who">${opts.operator.name} · ${opts.operator.role}</span>
      <a class="lang" href="/console/language?to=${other}&amp;back=/console/${opts.page}">${t("nav.language")}</a>
      <form method="post" action="/console/logout"><button type="submit">${t("nav.logout")}</button></form>
    </header>
    <main id="page" data-page="${opts.page}"><p class="muted">${t("common.loading")}</p></main>
    <script type="application/json" id="pes-messages">${scriptJson(MESSAGES[opts.lang])}</script>
    <script type="application/json" id="pes-config">${scriptJson(config)}</script>
  </body>
</html>`;
}
