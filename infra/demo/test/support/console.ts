import type { Page } from "playwright-core";

/** Numbers as the console writes them (common.js num()), for comparing a page with the API. */
const numbers = new Intl.NumberFormat("zh-CN", { maximumFractionDigits: 4 });
export const asShown = (n: number | null) => (n === null ? "—" : numbers.format(n));

type IndicatorTable = {
  groups: Array<{ indicators: Array<{ code: string; actual: number | null; target: number | null }> }>;
};

/** code → [actual, target] as the API's table would be shown. */
export function shownFromApi(body: IndicatorTable): Record<string, [string, string]> {
  return Object.fromEntries(
    body.groups.flatMap((g) => g.indicators).map((r) => [r.code, [asShown(r.actual), asShown(r.target)]]),
  );
}

/** code → [actual, target] as the indicator page shows them. */
export async function shownOnPage(page: Page): Promise<Record<string, [string, string]>> {
  return page.$$eval("tr[data-code]", (rows) =>
    Object.fromEntries(
      rows.map((tr) => [
        (tr as HTMLElement).dataset.code,
        [
          tr.querySelector("[data-testid=actual]")?.textContent ?? "",
          tr.querySelector("[data-testid=target]")?.textContent ?? "",
        ],
      ]),
    ),
  );
}

/** The page's "received since start" figure, as a number. */
export async function consumedTotal(page: Page): Promise<number> {
  const text = (await page.textContent("[data-testid=consumed-total]")) ?? "";
  return Number(text.replace(/[^\d]/g, "") || "-1");
}
