import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnTsx, type TestProcess } from "@pes/http/child";
import { makeCreditCode, makeResidentId, maskResidentId, personKeyOf } from "@pes/schemas";
import { createTestDatabase, waitFor } from "@pes/sync/testing";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Credentials } from "../../scripts/bootstrap.js";
import { launchChromium, screenshot } from "./support/browser.js";
import { asShown, consumedTotal, shownFromApi, shownOnPage } from "./support/console.js";
import {
  cityStaff,
  overviewFromApi,
  overviewOnPage,
  signIn,
  workListFromApi,
  workListOnPage,
} from "./support/consoles.js";

// pnpm start's platform, as start.sh runs it once Kafka is there: its own ports, data folder, consumer
// groups and person-key secret, so it runs beside a developer's platform and ignores earlier runs' records.
const root = new URL("../../../", import.meta.url);
const dir = mkdtempSync(join(tmpdir(), "pes-platform-"));
const base = 20_000 + Math.floor(Math.random() * 400) * 20;
const secret = `platform-test-${randomUUID()}`;
const groupTag = `platform-test-${randomUUID()}`;
/** The registration the test makes at 泉州, looked for again in the console. */
let registered: { idNumber: string } | undefined;
let platform: TestProcess;
let creds: Credentials;
let pids: number[] = [];
const databases: Array<{ drop(): Promise<void> }> = [];
const SERVICES = ["PROVINCE_HUB", "CITY_NODE_350100", "CITY_NODE_350200", "CITY_NODE_350500", "GIG_MARKET"];

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function get(url: string, token: string) {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("the start command", () => {
  beforeAll(async () => {
    // Fresh PostgreSQL databases: on a busy machine five embedded ones take minutes to create.
    const urls: Record<string, string> = {};
    for (const s of SERVICES) {
      const db = await createTestDatabase(`platform${s.toLowerCase().replace(/_/g, "")}`);
      databases.push(db);
      urls[`PES_DATABASE_URL_${s}`] = db.url;
    }
    platform = spawnTsx(root, "infra/scripts/platform.ts", {
      ...urls,
      PES_PORT_BASE: String(base),
      PES_PLATFORM_DIR: dir,
      PES_PLATFORM_GROUP_TAG: groupTag,
      PES_PERSON_KEY_SECRET: secret,
      PES_DEMO_RATE: "5",
      PES_LOG_LEVEL: "warn",
    });
    await platform.waitUntil(() => /PES_PLATFORM_PIDS=\S+/.test(platform.output), "the platform up", 230_000);
    pids = /PES_PLATFORM_PIDS=(\S+)/.exec(platform.output)![1]!.split(",").map(Number);
    creds = JSON.parse(readFileSync(join(dir, "demo/credentials.json"), "utf8"));
  });

  afterAll(async () => {
    // Ctrl-C first, so a failed test does not orphan the children; then whatever is left.
    if (platform && !platform.exit) {
      platform.signal("SIGINT");
      await platform.waitForExit("the platform stopping", 60_000).catch(() => platform.kill());
    }
    for (const pid of pids) if (alive(pid)) process.kill(pid, "SIGKILL");
    rmSync(dir, { recursive: true, force: true });
    for (const db of databases) await db.drop().catch(() => {});
  });

  it("brings every service up and prints its URL, the console's and the credentials file", async () => {
    const urls = [creds.urls!.hub, ...Object.values(creds.urls!.cities), creds.urls!.gig];
    expect(urls).toHaveLength(5);
    for (const url of urls) {
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      expect(platform.output).toContain(`${url}/docs`);
    }
    expect(platform.output).toContain("console");
    expect(platform.output).toContain(join(dir, "demo/credentials.json"));
    expect(pids).toHaveLength(6); // five services and the generator
  });

  it("takes a registration made at a city node to the hub", async () => {
    const city = (path: string, body: unknown, method = "POST") =>
      fetch(`${creds.urls!.cities["350500"]}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${creds.cityTokens["350500"]}`,
          "content-type": "application/json",
        },
        body: JSON.stringify(body),
      });
    // The generator puts up the same service point; PUT is idempotent, and this test need not wait for it.
    const point = { id: "demo-sp-350502001", name: "演示服务站", kind: "public", divisionCode: "350502001" };
    expect((await city("/v1/service-points", point, "PUT")).status).toBe(200);
    const idNumber = makeResidentId("350502", "1990-04-12", Math.floor(Math.random() * 1000));
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const res = await city("/v1/unemployment-registrations", {
      person: { idNumber, name: "郑测试", divisionCode: "350502001001" },
      ableToWork: true,
      wantsWork: true,
      currentlyEmployed: false,
      placeBasis: "residence",
      servicePointId: "demo-sp-350502001",
      appliedOn: today,
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const registration = await city(`/v1/unemployment-registrations/${id}/register`, { registeredOn: today });
    expect(registration.status, await registration.clone().text()).toBe(200);
    registered = { idNumber };
    const key = personKeyOf(idNumber, secret);
    await waitFor(
      async () =>
        (await get(`${creds.urls!.hub}/v1/persons/${key}/timeline`, creds.hubAdminToken!)).status === 200,
      { timeoutMs: 200_000, what: "the person's timeline at the hub" },
    );
  });

  it("keeps demo traffic flowing to the gig market and through the hub", async () => {
    // The gig market's database is this run's alone, so its postings are the generator's.
    await waitFor(
      async () =>
        ((await get(`${creds.urls!.gig}/v1/postings?limit=1`, creds.market!.key)).body.items as unknown[])
          .length > 0,
      { timeoutMs: 120_000, what: "the generator's postings at the gig market" },
    );
    // The hub reads the broker from its start: its throughput shows what it consumes, the generator's among it.
    await waitFor(
      async () => {
        const { body } = await get(`${creds.urls!.hub}/v1/streams/throughput`, creds.hubAdminToken!);
        return (body.items as Array<{ total: { consumed: number } }>).some((r) => r.total.consumed > 0);
      },
      { timeoutMs: 120_000, what: "records consumed at the hub" },
    );
  });

  describe("the operator console, in headless Chromium", () => {
    let chromium: Awaited<ReturnType<typeof launchChromium>>;
    let page: Page;
    const scriptErrors: string[] = [];
    const hub = () => creds.urls!.hub;
    const month = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);

    beforeAll(async () => {
      chromium = await launchChromium();
      page = await chromium.browser.newPage({ viewport: { width: 1400, height: 900 } });
      page.on("pageerror", (e) => scriptErrors.push(e.message));
    });
    // Before Ctrl-C: the pages' live streams are closed with the browser.
    afterAll(() => chromium?.close());

    it("lets an operator log in, in Chinese first", async () => {
      await page.goto(`${hub()}/console`);
      expect(new URL(page.url()).pathname).toBe("/console/login");
      await screenshot(page, "login");
      await page.fill("input[name=token]", creds.hubAdminToken!);
      await Promise.all([page.waitForURL("**/console/streams"), page.click("button[type=submit]")]);
      expect(await page.textContent("h1")).toBe("数据流监控");
    });

    it("shows traffic moving on the stream page, live", async () => {
      await page.waitForSelector("[data-testid=live-status].live", { timeout: 30_000 });
      let first = -1;
      await waitFor(
        async () => {
          first = await consumedTotal(page);
          return first > 0;
        },
        {
          timeoutMs: 60_000,
          what: "records received on the stream page",
        },
      );
      // No reload: the number moves by server-sent events.
      await waitFor(async () => (await consumedTotal(page)) > first, {
        timeoutMs: 60_000,
        what: "the received count to move",
      });
      expect(await page.locator("[data-testid=by-stream] tbody tr").count()).toBeGreaterThan(0);
      await screenshot(page, "streams");
    });

    it("shows the registration made at 泉州 among the 131 shortfalls of its service point, masked", async () => {
      const { idNumber } = registered!;
      const shown = async () => {
        await page.goto(`${hub()}/console/needs?city=350500&district=350502`);
        await page.waitForSelector("[data-testid=service-points] details", { timeout: 20_000 });
        return (await page.textContent("[data-testid=service-points]")) ?? "";
      };
      await waitFor(async () => (await shown()).includes(maskResidentId(idNumber)), {
        timeoutMs: 90_000,
        what: "the registration in the console's 131 drill-down",
      });
      expect(await page.content()).not.toContain(idNumber);
      await page.locator("[data-service-point=demo-sp-350502001]").evaluate((d) => {
        (d as HTMLDetailsElement).open = true;
      });
      await screenshot(page, "needs");
    });

    /** The page's table equals the API's for `query`: compared at a quiet moment, as records keep arriving. */
    async function pageAgreesWithApi(query: string) {
      let onPage: Record<string, [string, string]> = {};
      let fromApi: Record<string, [string, string]> = {};
      await waitFor(
        async () => {
          onPage = await shownOnPage(page);
          const res = await get(`${hub()}/v1/indicators?${query}`, creds.hubAdminToken!);
          fromApi = shownFromApi(res.body as Parameters<typeof shownFromApi>[0]);
          return JSON.stringify(onPage) === JSON.stringify(fromApi);
        },
        { timeoutMs: 90_000, what: `the page and the API to agree for ${query}` },
      );
      expect(Object.keys(onPage)).toHaveLength(27);
      expect(onPage).toEqual(fromApi);
      return onPage;
    }

    it("shows on the indicator page the hub API's numbers for the same city (and district) and period", async () => {
      const period = month();
      await page.goto(`${hub()}/console/indicators?city=350200&period=${period}`);
      await page.waitForSelector("tr[data-code]");
      const city = await pageAgreesWithApi(`city=350200&period=${period}`);
      expect(city.new_employment?.[1]).toBe("16"); // the demo's targets: Xiamen's table
      await page.click("tr[data-code=new_employment]");
      await page.waitForSelector("section canvas");
      await screenshot(page, "indicators");
      // 思明区, where the generator registers Xiamen's people.
      await page.selectOption("[data-testid=district]", "350203");
      await page.waitForURL(/district=350203/);
      await pageAgreesWithApi(`city=350200&district=350203&period=${period}`);
    });

    it("shows each indicator's definition, and says in Chinese why a value is not measurable", async () => {
      const period = month();
      type Text = { zh: string; en: string };
      const { body } = await get(`${hub()}/v1/indicators/definitions`, creds.hubAdminToken!);
      const definitions = body.indicators as Array<{
        code: string;
        numerator: Text;
        period: Text;
        area: Text;
      }>;
      expect(definitions).toHaveLength(27);
      // The province: a declared share (skilled_worker_share) never adds up there, so some row is not measurable.
      await page.goto(`${hub()}/console/indicators?city=&period=${period}`);
      await page.waitForSelector("tr[data-code] [data-testid=definition-toggle]");
      await page.click("tr[data-code=new_employment] [data-testid=definition-toggle]");
      const shown = page.locator("tr[data-definition=new_employment]");
      await shown.waitFor({ state: "visible" });
      const text = (await shown.textContent()) ?? "";
      const newEmployment = definitions.find((d) => d.code === "new_employment")!;
      for (const part of [newEmployment.numerator, newEmployment.period, newEmployment.area])
        expect(text).toContain(part.zh);
      // Opening a definition does not select the row for the chart.
      expect(await page.locator("tr.selected").count()).toBe(0);
      expect(await page.locator("tr[data-definition]:visible").count()).toBe(1);
      await screenshot(page, "indicators-definition");

      const reasons = await page.$$eval("[data-testid=reason]", (els) => els.map((e) => e.textContent ?? ""));
      expect(reasons.length).toBeGreaterThan(0);
      for (const reason of reasons) expect(reason).not.toMatch(/[A-Za-z]{3}/);
      // None of the API's English reasons is on the Chinese page.
      const table = await get(`${hub()}/v1/indicators?period=${period}`, creds.hubAdminToken!);
      const english = (table.body.groups as Array<{ indicators: Array<{ reason: string | null }> }>)
        .flatMap((g) => g.indicators)
        .flatMap((r) => (r.reason ? [r.reason] : []));
      expect(english.length).toBeGreaterThan(0);
      const onPage = (await page.textContent("[data-testid=indicator-table]")) ?? "";
      for (const reason of english) expect(onPage).not.toContain(reason);
    });

    it("replays a dead letter from the stream page", async () => {
      // This platform's hub's letters only: the broker's dead-letter topic is shared with every
      // other test's consumers, whose refusals would push this platform's off the page's first 50.
      const group = `province-hub-${groupTag}`;
      await page.goto(`${hub()}/console/streams?group=${encodeURIComponent(group)}`);
      // The generator sends an invalid record now and then.
      const button = `tr[data-group="${group}"] button[data-testid=replay]:not([disabled])`;
      await page.waitForSelector(button, { timeout: 120_000 });
      const groups = await page.$$eval("[data-testid=dead-letters] tr[data-group]", (rows) =>
        rows.map((r) => r.getAttribute("data-group")),
      );
      expect(new Set(groups)).toEqual(new Set([group]));
      const row = page
        .locator(`tr[data-group="${group}"]`)
        .filter({ has: page.locator("button[data-testid=replay]:not([disabled])") })
        .first();
      const letter = await row.getAttribute("data-letter");
      await row.locator("button[data-testid=replay]").click();
      const replaysOf = async () => {
        for (let page = 1; page <= 100; page++) {
          const { body } = await get(
            `${hub()}/v1/dead-letters?pageSize=200&page=${page}&group=${encodeURIComponent(group)}`,
            creds.hubAdminToken!,
          );
          const items = body.items as Array<{ partition: number; offset: string; replays: unknown[] }>;
          const found = items.find((d) => `${d.partition}/${d.offset}` === letter);
          if (found) return found.replays.length;
          if (items.length < 200) return undefined;
        }
        return undefined;
      };
      await waitFor(async () => (await replaysOf()) === 1, {
        timeoutMs: 30_000,
        what: "the replay recorded at the hub",
      });
      // The page marks the row when the replay's answer reaches it, which may come after the hub has
      // recorded it: wait for the mark rather than read the row at once.
      await page.waitForSelector(`tr[data-letter="${letter}"]:has-text("已重放")`, { timeout: 30_000 });
      expect(await page.textContent(`tr[data-letter="${letter}"]`)).toContain("已重放");
      await screenshot(page, "dead-letter-replayed");
    });

    it("shows the voucher loop and switches to English", async () => {
      await page.goto(`${hub()}/console/vouchers`);
      await page.waitForSelector("tr[data-policy=demo-gig-introduction]");
      await screenshot(page, "vouchers");
      await page.click("a.lang");
      await page.waitForFunction(
        () => document.querySelector("h1")?.textContent === "Employment voucher loop",
      );
      expect(await page.textContent("nav")).toContain("Indicators");
      await screenshot(page, "vouchers-en");
    });

    it("raised no script error on any page", () => {
      expect(scriptErrors).toEqual([]);
    });
  });

  describe("the province overview and the city console (issue 20), in headless Chromium", () => {
    let chromium: Awaited<ReturnType<typeof launchChromium>>;
    const scriptErrors: string[] = [];
    const month = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    const context = async () => {
      const c = await chromium.browser.newContext({ viewport: { width: 1400, height: 900 } });
      c.on("page", (p) => p.on("pageerror", (e) => scriptErrors.push(e.message)));
      return c;
    };

    beforeAll(async () => {
      chromium = await launchChromium();
    });
    afterAll(() => chromium?.close());

    it("shows the whole province on one screen, each city's figures as the API gives them", async () => {
      const hub = creds.urls!.hub;
      const page = await signIn(await context(), hub, creds.hubAdminToken!, "/console/streams");
      const period = month();
      await page.goto(`${hub}/console/overview?period=${period}`);
      await page.waitForSelector("td[data-testid=cell]");
      expect(await page.locator("tbody tr[data-area]").count()).toBe(11); // the province, nine cities, 平潭
      const areas = ["350200", "350500"];
      let onPage: Record<string, Record<string, string>> = {};
      let fromApi: Record<string, Record<string, string>> = {};
      // At a quiet moment: records keep arriving, and the page reloads as they do.
      await waitFor(
        async () => {
          onPage = await overviewOnPage(page, areas);
          fromApi = await overviewFromApi(hub, creds.hubAdminToken!, areas, period);
          return JSON.stringify(onPage) === JSON.stringify(fromApi);
        },
        { timeoutMs: 90_000, what: "the overview and the API to agree" },
      );
      expect(Object.keys(onPage["350200"]!)).toHaveLength(27);
      expect(onPage).toEqual(fromApi);
      // Sorted by an indicator's ranking: the cities' ranks never go down the table.
      await page.click("th[data-sort=new_employment]");
      await page.waitForURL(/sort=new_employment/);
      const ranks = await page.$$eval(
        "tbody tr[data-area]:not([data-area='350000']) td[data-code=new_employment]",
        (tds) =>
          tds.map((td) => Number(td.querySelector("[data-testid=rank]")?.textContent?.slice(1) ?? "99")),
      );
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
      await screenshot(page, "overview");
      await Promise.all([
        page.waitForURL(/\/console\/indicators\?city=350200/),
        page.click("tr[data-area='350200'] a[data-testid=area-link]"),
      ]);
    });

    it("shows the reporting, assessment and warning pages with the API's figures", async () => {
      const hub = creds.urls!.hub;
      const token = creds.hubAdminToken!;
      const page = await signIn(await context(), hub, token, "/console/streams");
      const get = async (path: string) =>
        (await (
          await fetch(`${hub}${path}`, { headers: { authorization: `Bearer ${token}` } })
        ).json()) as Record<string, unknown>;
      // 上报及时性: this month's status of two cities as the API gives it (the last column of the year).
      const period = month();
      await page.goto(`${hub}/console/reporting`);
      await page.waitForSelector("[data-testid=reporting] tr[data-city]");
      const reporting = (await get(`/v1/streams/reporting?period=${period}`)).items as Array<{
        cityCode: string;
        status: string;
      }>;
      for (const city of ["350200", "350500"]) {
        const status = reporting.find((r) => r.cityCode === city)!.status;
        const pills = page.locator(`tr[data-city="${city}"] span.pill`);
        expect(await pills.last().getAttribute("class")).toBe(`pill ${status}`);
      }
      await screenshot(page, "reporting");
      // 服务站点评估: each point of the quarter, for two cities.
      const quarter = `${period.slice(0, 4)}-Q${Math.ceil(Number(period.slice(5)) / 3)}`;
      for (const city of ["350200", "350500"]) {
        await page.goto(`${hub}/console/assessment?city=${city}&quarter=${quarter}`);
        await page.waitForSelector("[data-testid=assessment] table");
        const onPage = await page.$$eval("tr[data-point]", (rows) =>
          rows.map((r) => (r as HTMLElement).dataset.point),
        );
        const items = (await get(`/v1/assessments/service-points?city=${city}&quarter=${quarter}`))
          .items as Array<{ servicePointId: string }>;
        // Records keep arriving: a point may appear between the two reads, never vanish.
        expect(onPage.length).toBeGreaterThan(0);
        for (const id of onPage) expect(items.map((i) => i.servicePointId)).toContain(id);
      }
      await screenshot(page, "assessment");
      // The area's figures (vouchers, start-ups, graduates, the network) for a city and one of its
      // districts, once 厦门's node has published its network (the generator loads it as it starts).
      await waitFor(
        async () =>
          (
            (await get(`/v1/assessments/service-points?city=350200&quarter=${quarter}`)).area as {
              network?: unknown;
            }
          )?.network,
        { timeoutMs: 60_000, what: "厦门's service network at the hub" },
      );
      for (const [city, district] of [
        ["350200", ""],
        ["350200", "350203"],
      ] as const) {
        const scope = `city=${city}${district ? `&district=${district}` : ""}&quarter=${quarter}`;
        await page.goto(`${hub}/console/assessment?${scope}`);
        await page.waitForSelector("[data-testid=assessment] table");
        const figures = async () =>
          Object.fromEntries(
            await Promise.all(
              ["vouchers-redeemed", "startup-trainees", "startups", "graduates-helped"].map(
                async (id) =>
                  [id, Number((await page.textContent(`[data-testid=${id}]`))!.replace(/,/g, ""))] as const,
              ),
            ),
          );
        const area = (await get(`/v1/assessments/service-points?${scope}`)).area as {
          vouchersRedeemed: { count: number };
          startupTrainees: number;
          startups: number;
          graduatesHelped: number;
          network: { communities: number; covered: number; coverageRate: number } | null;
        };
        // The demo's street has three communities, one with a station of its own (generator.ts).
        expect(area.network).toMatchObject({ communities: 3, covered: 1, coverageRate: 33.3 });
        expect(await page.textContent("[data-testid=coverage]")).toMatch(/^33\.3%/);
        // Vouchers are redeemed as the demo runs: the page, read first, never shows more than the API.
        const shown = await figures();
        expect(shown["vouchers-redeemed"]).toBeLessThanOrEqual(area.vouchersRedeemed.count);
        expect(shown).toMatchObject({
          "startup-trainees": area.startupTrainees,
          startups: area.startups,
          "graduates-helped": area.graduatesHelped,
        });
      }
      await screenshot(page, "assessment-area");

      // 预警: a large layoff filed at 厦门's desk warns on the province's page at once.
      const xiamen = creds.urls!.cities["350200"]!;
      const filed = await fetch(`${xiamen}/v1/enterprise-layoff-reports`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${creds.cityTokens["350200"]!}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({
          divisionCode: "350203",
          enterprise: {
            name: "厦门测试电子有限公司",
            // A new enterprise each run: nine random digits as its organisation code.
            creditCode: makeCreditCode({
              division: "350203",
              organisation: String(Math.floor(Math.random() * 1e9)).padStart(9, "0"),
            }),
            industry: "C3911",
          },
          kind: "layoff",
          persons: 60,
          workforce: 400,
          effectiveOn: new Date(Date.now() + 8 * 3_600_000 + 30 * 86_400_000).toISOString().slice(0, 10),
        }),
      });
      expect(filed.status).toBe(201);
      const { id: layoffId } = (await filed.json()) as { id: string };
      await page.goto(`${hub}/console/warnings?area=350200`);
      await waitFor(
        async () => {
          await page.reload();
          await page.waitForSelector("[data-testid=layoffs] :is(table, p)");
          return (await page.locator(`tr[data-layoff="${layoffId}"]`).count()) === 1;
        },
        { timeoutMs: 60_000, what: "the layoff warning on the page" },
      );
      const layoffs = (await get("/v1/warnings/layoffs?area=350200")).items as Array<{
        recordId: string;
        persons: number;
      }>;
      expect(layoffs.find((w) => w.recordId === layoffId)?.persons).toBe(60);
      expect(await page.textContent(`tr[data-layoff="${layoffId}"]`)).toContain("60");
      expect(await page.textContent(`tr[data-layoff="${layoffId}"]`)).toContain("15%");
      await page.waitForSelector("[data-testid=warnings] table");
      const warnings = (await get("/v1/warnings?area=350200")).items as unknown[];
      expect(await page.locator("[data-testid=warnings] tr[data-area]").count()).toBe(warnings.length);
      await screenshot(page, "warnings");
      // By industry: the page's rows are the API's.
      await page.goto(`${hub}/console/warnings?area=350200&dimension=industry`);
      await page.waitForSelector("[data-testid=warnings] table");
      const byIndustry = (await get("/v1/warnings?area=350200&dimension=industry")).items as Array<{
        areaCode: string;
        category: string;
      }>;
      const rows = await page.$$eval("[data-testid=warnings] tr[data-area]", (trs) =>
        trs.map((tr) => `${(tr as HTMLElement).dataset.area}/${(tr as HTMLElement).dataset.category}`),
      );
      expect(rows.sort()).toEqual(byIndustry.map((w) => `${w.areaCode}/${w.category}`).sort());
    });

    it("gives a 思明 clerk the work list of 思明 only, as the API gives it, and 湖里's clerk none of it", async () => {
      const xiamen = creds.urls!.cities["350200"]!;
      const admin = creds.cityTokens["350200"]!;
      const siming = await cityStaff(xiamen, admin, {
        name: "思明社区专员",
        role: "clerk",
        divisionCode: "350203",
      });
      const huli = await cityStaff(xiamen, admin, {
        name: "湖里社区专员",
        role: "clerk",
        divisionCode: "350206",
      });
      const page = await signIn(await context(), xiamen, siming, "/console/work-list");
      // The generator registers Xiamen's people in 思明: their 131 needs flow back to the node.
      let api = await workListFromApi(xiamen, siming);
      await waitFor(
        async () => {
          await page.reload();
          await page.waitForSelector("[data-testid=work-list] table, [data-testid=work-list] p");
          api = await workListFromApi(xiamen, siming);
          return api.total > 0 && JSON.stringify(await workListOnPage(page)) === JSON.stringify(api.ids);
        },
        { timeoutMs: 180_000, what: "思明's work list on the page, as the API gives it" },
      );
      expect(api.areas.every((a) => a.startsWith("350203"))).toBe(true);
      expect(await page.textContent("[data-testid=work-total]")).toBe(asShown(api.total));
      // Masked as a list is: no ID number in clear on the page.
      const cells = await page.$$eval("[data-testid=work-list] td", (tds) =>
        tds.map((td) => td.textContent ?? ""),
      );
      for (const cell of cells) expect(cell).not.toMatch(/\d{17}[\dX]/);
      await screenshot(page, "work-list");
      await screenshot(page, "work-list-window", { fullPage: false });
      expect((await workListFromApi(xiamen, huli)).total).toBe(0);
      const other = await signIn(await context(), xiamen, huli, "/console/work-list");
      await other.waitForSelector("[data-testid=work-list] p");
      expect(await other.locator("tr[data-notice]").count()).toBe(0);
    });

    it("closes the loop from the page: the person leaves the work list once the visits are recorded", async () => {
      const quanzhou = creds.urls!.cities["350500"]!;
      const clerk = await cityStaff(quanzhou, creds.cityTokens["350500"]!, {
        name: "鲤城社区专员",
        role: "clerk",
        divisionCode: "350502",
        servicePointId: "demo-sp-350502001",
      });
      const page = await signIn(await context(), quanzhou, clerk, "/console/work-list");
      const masked = maskResidentId(registered!.idNumber);
      const row = page.locator("tr[data-notice]", { hasText: masked });
      await waitFor(
        async () => {
          await page.reload();
          await page.waitForSelector("[data-testid=work-list] table, [data-testid=work-list] p");
          return (await row.count()) === 1;
        },
        { timeoutMs: 180_000, what: "the registration made at 泉州 on its clerk's work list" },
      );
      const notice = (await row.getAttribute("data-notice"))!;
      expect((await workListFromApi(quanzhou, clerk)).ids).toContain(notice);
      // Every part of 131 it owes: one click per service, the button counting down until done.
      for (const button of await row.locator("button[data-service]").all())
        while (!(await button.evaluate((b) => b.classList.contains("done")))) {
          await button.click();
          await page.waitForFunction(
            (b) => !(b as HTMLButtonElement).disabled || (b as HTMLElement).classList.contains("done"),
            await button.elementHandle(),
          );
        }
      await screenshot(page, "work-list-recorded");
      await waitFor(async () => !(await workListFromApi(quanzhou, clerk)).ids.includes(notice), {
        timeoutMs: 180_000,
        what: "the province to say the need is met",
      });
      await page.reload();
      await page.waitForSelector("[data-testid=work-list] table, [data-testid=work-list] p");
      expect(await page.locator(`tr[data-notice="${notice}"]`).count()).toBe(0);
    });

    it("shows the node's status: outbox, what was published and applied", async () => {
      const quanzhou = creds.urls!.cities["350500"]!;
      const page = await signIn(await context(), quanzhou, creds.cityTokens["350500"]!, "/console/work-list");
      await page.goto(`${quanzhou}/console/status`);
      await page.waitForSelector("[data-testid=outbox-pending]");
      expect(await page.textContent("[data-testid=last-published]")).not.toBe("—");
      expect(await page.textContent("[data-testid=last-flowback]")).not.toBe("—");
      await screenshot(page, "node-status");
    });

    it("raised no script error on any page", () => {
      expect(scriptErrors).toEqual([]);
    });
  });

  it("stops every process on Ctrl-C", async () => {
    platform.signal("SIGINT");
    const exit = await platform.waitForExit("the platform stopping", 60_000);
    expect(exit.code).toBe(0);
    expect(pids.filter(alive)).toEqual([]);
    // Nothing else was left running on the platform's data folder either.
    expect(execFileSync("ps", ["-eo", "args"]).toString()).not.toContain(dir);
  });
});
