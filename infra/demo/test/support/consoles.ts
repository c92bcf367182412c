import type { BrowserContext, Page } from "playwright-core";
import { asShown } from "./console.js";

/** A staff member made at a city node by its admin (POST /v1/staff), with a token of their own. */
export async function cityStaff(
  node: string,
  adminToken: string,
  staff: { name: string; role: "clerk" | "supervisor"; divisionCode: string; servicePointId?: string },
): Promise<string> {
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${node}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as { id?: string; token?: string };
    if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const { id } = await post("/v1/staff", staff);
  return (await post(`/v1/staff/${id}/tokens`, { label: "console test" })).token!;
}

/** Signs in at a console's form (hub or city node) in a context of its own: cookies are per host, not per port. */
export async function signIn(
  context: BrowserContext,
  base: string,
  token: string,
  landing: string,
): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${base}/console/login`);
  await page.fill("input[name=token]", token);
  await Promise.all([page.waitForURL(`**${landing}`), page.click("button[type=submit]")]);
  return page;
}

/** area → indicator code → the actual as the overview page shows it. */
export async function overviewOnPage(page: Page, areas: readonly string[]) {
  return page.$$eval(
    "td[data-testid=cell]",
    (cells, wanted) => {
      const out: Record<string, Record<string, string>> = {};
      for (const td of cells as HTMLElement[]) {
        const area = td.dataset.area!;
        if (!wanted.includes(area)) continue;
        out[area] ??= {};
        out[area][td.dataset.code!] = td.querySelector("[data-testid=actual]")?.textContent ?? "";
      }
      return out;
    },
    [...areas],
  );
}

type Table = { groups: Array<{ indicators: Array<{ code: string; actual: number | null }> }> };

/** The same, from GET /v1/indicators for each area. */
export async function overviewFromApi(hub: string, token: string, areas: readonly string[], period: string) {
  const out: Record<string, Record<string, string>> = {};
  for (const area of areas) {
    const res = await fetch(`${hub}/v1/indicators?city=${area}&period=${period}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = (await res.json()) as Table;
    out[area] = Object.fromEntries(
      body.groups.flatMap((g) => g.indicators).map((r) => [r.code, asShown(r.actual)]),
    );
  }
  return out;
}

/** The notice ids of the work list as the page shows it. */
export const workListOnPage = (page: Page) =>
  page.$$eval("tr[data-notice]", (rows) => rows.map((r) => (r as HTMLElement).dataset.notice!));

/** …and as GET /v1/work-list answers the same staff member, with the areas of its items. */
export async function workListFromApi(node: string, token: string) {
  const res = await fetch(`${node}/v1/work-list?limit=1000`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const body = (await res.json()) as { total: number; items: Array<{ noticeId: string; areaCode: string }> };
  return {
    total: body.total,
    ids: body.items.map((i) => i.noticeId),
    areas: body.items.map((i) => i.areaCode),
  };
}
