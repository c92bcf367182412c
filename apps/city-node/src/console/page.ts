import { framePage } from "@pes/http/console";
import type { Caller } from "../context.js";
import { type Language, MESSAGES, type MessageKey } from "./i18n.js";

export const PAGES = ["work-list", "status"] as const;
export type Page = (typeof PAGES)[number];

export interface NodeOfPage {
  cityCode: string;
  cityName: string;
}

/** Every page of the city console: the shared frame with the node's navigation and the page's settings. */
export function consolePage(opts: { lang: Language; caller: Caller; node: NodeOfPage; page: Page }) {
  const m = MESSAGES[opts.lang];
  const t = (k: MessageKey) => m[k];
  const { name, role, divisionCode } = opts.caller;
  return framePage({
    lang: opts.lang,
    page: opts.page,
    title: `${t(`nav.${opts.page}`)} · ${opts.node.cityName} · ${t("app.title")}`,
    brand: { href: "/console/work-list", text: `${opts.node.cityName} · ${t("app.title")}` },
    nav: PAGES.map((p) => ({ page: p, label: t(`nav.${p}`) })),
    who: `${name} · ${role} · ${divisionCode}`,
    words: m,
    messages: m,
    config: { lang: opts.lang, node: opts.node, staff: { name, role, divisionCode } },
  });
}
