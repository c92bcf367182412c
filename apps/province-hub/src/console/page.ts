import { framePage } from "@pes/http/console";
import { FUJIAN_CITIES, FUJIAN_DIVISIONS } from "@pes/schemas";
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

/** Every console page: the shared frame with the hub's navigation and the page's settings. */
export function consolePage(opts: { lang: Language; operator: Operator; page: Page }) {
  const m = MESSAGES[opts.lang];
  const t = (k: MessageKey) => m[k];
  return framePage({
    lang: opts.lang,
    page: opts.page,
    title: `${t(`nav.${opts.page}`)} · ${t("app.title")}`,
    brand: { href: "/console/streams", text: t("app.short") },
    nav: PAGES.map((p) => ({ page: p, label: t(`nav.${p}`) })),
    who: `${opts.operator.name} · ${opts.operator.role}`,
    words: m,
    messages: m,
    config: {
      lang: opts.lang,
      cities: FUJIAN_CITIES,
      divisions: FUJIAN_DIVISIONS,
      operator: { name: opts.operator.name, role: opts.operator.role },
    },
    scripts: CHARTS.has(opts.page) ? ["/console/assets/echarts.min.js"] : [],
  });
}
