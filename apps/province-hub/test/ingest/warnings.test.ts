import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_LAYOFF_RULE, isLargeLayoff } from "../../src/domain/warnings/layoff.js";
import { assessRise, previousMonths } from "../../src/domain/warnings/rule.js";
import { riskWarningExtension, slicesOf } from "../../src/use-cases/warnings/extension.js";
import { layoffWarningExtension } from "../../src/use-cases/warnings/layoffs.js";
import { fromCity, operatorHeaders, person, type TestHub, testApp, unemployment } from "../support/index.js";

const rule = { threshold: 0.5, baselineMonths: 3, minimumRegistrations: 4 };

describe("the warning rule", () => {
  it("warns on a rise above the threshold over the previous months' average, not on noise or a first month", () => {
    expect(assessRise(6, [4, 4, 4], rule)).toMatchObject({ baseline: 4, rise: 0.5, warn: true });
    expect(assessRise(5, [4, 4, 4], rule).warn).toBe(false); // +25%
    expect(assessRise(3, [1, 1, 2], rule).warn).toBe(false); // below the minimum count
    expect(assessRise(50, [0, 0, 0], rule).warn).toBe(false); // nothing to rise above
    expect(assessRise(8, [4, 4, undefined], rule).warn).toBe(false); // the area is new: not enough history
    expect(previousMonths("2025-02", 3)).toEqual(["2025-01", "2024-12", "2024-11"]);
  });

  it("counts a registration in its area, each of its key groups once, and its last job's industry section", () => {
    expect(slicesOf({ keyGroups: ["veteran", "veteran", "disabled"], lastJobIndustry: "C3911" })).toEqual([
      { dimension: "area", category: "" },
      { dimension: "group", category: "veteran" },
      { dimension: "group", category: "disabled" },
      { dimension: "industry", category: "C" },
    ]);
    expect(slicesOf({})).toEqual([{ dimension: "area", category: "" }]);
  });
});

describe("the layoff rule (Labour Contract Law art. 41)", () => {
  it("warns at 20 persons or more, or under 20 that are 10 % or more of the workforce", () => {
    const large = (persons: number, workforce?: number) =>
      isLargeLayoff(persons, workforce, DEFAULT_LAYOFF_RULE);
    // 裁减人员二十人以上
    expect(large(20, 5_000)).toBe(true);
    expect(large(20)).toBe(true);
    expect(large(19, 5_000)).toBe(false);
    // 裁减不足二十人但占企业职工总数百分之十以上: exactly 10 % counts
    expect(large(19, 190)).toBe(true);
    expect(large(19, 191)).toBe(false);
    expect(large(3, 30)).toBe(true);
    expect(large(3, 31)).toBe(false);
    // Without the workforce only the count can tell.
    expect(large(19)).toBe(false);
  });
});

describe("early warning from the streams", () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await testApp(
      "hubwarn",
      {},
      { extensions: [riskWarningExtension(rule), layoffWarningExtension(DEFAULT_LAYOFF_RULE)] },
    );
  });
  afterAll(async () => {
    await hub?.close();
  });

  const register = (district: string, month: string) =>
    hub.ingest(unemployment("350200", person(), `${month}-10`, { districtCode: district, id: randomUUID() }));

  it("raises a warning for the district and month whose registrations rose, and lists it", async () => {
    for (const month of ["2025-01", "2025-02", "2025-03"])
      for (let i = 0; i < 4; i++) await register("350206", month);
    for (let i = 0; i < 5; i++) await register("350206", "2025-04"); // +25%: no warning yet
    expect(await hub.query("select * from hub_risk_warnings")).toEqual([]);
    await register("350206", "2025-04"); // 6 against 4: +50%
    await register("350203", "2025-04"); // another district, no history
    const app = hub.app;
    const res = await app.request("/v1/warnings?area=350200", {
      headers: await operatorHeaders(hub.db, "viewer"),
    });
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as {
      items: { areaCode: string; month: string; registrations: number; baseline: number }[];
    };
    // The district rose 50%, and with it the city (7 against 4); the new district 350203 has no history yet.
    expect(items).toEqual([
      expect.objectContaining({ areaCode: "350200", month: "2025-04", registrations: 7, baseline: 4 }),
      expect.objectContaining({ areaCode: "350206", month: "2025-04", registrations: 6, baseline: 4 }),
    ]);
  });

  it("counts a registration once, however often it arrives, is revised, or arrives out of order", async () => {
    const who = person();
    const first = unemployment("350200", who, "2025-06-10", { districtCode: "350211" });
    await hub.ingest(first);
    await hub.ingest(first);
    await hub.ingest(
      unemployment("350200", who, "2025-06-10", {
        districtCode: "350211",
        id: (first.data as { id: string }).id,
        revision: 2,
        state: "closed",
        closedOn: "2025-07-01",
        closeReason: "employed",
      }),
    );
    // A registration whose later revision reaches the hub first is counted all the same, once.
    const late = person();
    const opened = unemployment("350200", late, "2025-06-12", { districtCode: "350211" });
    const lateId = (opened.data as { id: string }).id;
    await hub.ingest(
      unemployment("350200", late, "2025-06-12", {
        districtCode: "350211",
        id: lateId,
        revision: 2,
        state: "closed",
        closedOn: "2025-07-01",
        closeReason: "employed",
      }),
    );
    await hub.ingest(opened);
    const rows = await hub.query<{ dimension: string; category: string; registrations: number }>(
      `select dimension, category, registrations from hub_unemployment_inflow
        where area_code = '350211' and month = '2025-06' order by dimension, category`,
    );
    // Once in the area, and once in the key group the sample registration names.
    expect(rows).toEqual([
      { dimension: "area", category: "", registrations: 2 },
      { dimension: "group", category: "registered-unemployed", registrations: 2 },
    ]);
  });
});

describe("early warning by key group and industry, and of enterprise layoffs", () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await testApp(
      "hubwarnslice",
      {},
      { extensions: [riskWarningExtension(rule), layoffWarningExtension(DEFAULT_LAYOFF_RULE)] },
    );
  });
  afterAll(async () => {
    await hub?.close();
  });

  const warnings = async (query: string) => {
    const res = await hub.app.request(`/v1/warnings${query}`, {
      headers: await operatorHeaders(hub.db, "viewer"),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { items: Array<Record<string, unknown>> }).items;
  };
  const graduate = { keyGroups: ["college-graduate"], lastJobIndustry: "C3911" };
  const veteran = { keyGroups: ["veteran"], lastJobIndustry: "I6511" };
  const register = (month: string, slice: Record<string, unknown>, n: number) =>
    Promise.all(
      Array.from({ length: n }, () =>
        hub.ingest(unemployment("350500", person(), `${month}-10`, { districtCode: "350502", ...slice })),
      ),
    );

  it("warns for the group and the industry that rose, though the area as a whole did not", async () => {
    // Three months of 4 graduates (manufacturing) and 4 veterans (software) each…
    for (const month of ["2025-08", "2025-09", "2025-10"]) {
      await register(month, graduate, 4);
      await register(month, veteran, 4);
    }
    // …then 6 graduates and 2 veterans: the area flat (8 against 8), graduates and manufacturing +50 %.
    await register("2025-11", graduate, 6);
    await register("2025-11", veteran, 2);
    expect(await warnings("?area=350500")).toEqual([]);
    const byKey = (items: Array<Record<string, unknown>>) =>
      items
        .map((w) => [
          w.areaCode,
          w.dimension,
          w.category,
          w.categoryName,
          w.month,
          w.registrations,
          w.baseline,
          w.rise,
        ])
        .sort();
    expect(byKey(await warnings("?area=350500&dimension=group"))).toEqual([
      ["350500", "group", "college-graduate", "高校毕业生等青年", "2025-11", 6, 4, 0.5],
      ["350502", "group", "college-graduate", "高校毕业生等青年", "2025-11", 6, 4, 0.5],
    ]);
    expect(byKey(await warnings("?area=350502&dimension=industry"))).toEqual([
      ["350502", "industry", "C", "制造业", "2025-11", 6, 4, 0.5],
    ]);
  });

  const layoff = (overrides: Record<string, unknown>) =>
    fromCity(
      "350200",
      "enterprise-layoff-report",
      { id: randomUUID(), districtCode: "350203", ...overrides },
      { topic: "pes.city.350200.master" },
    );
  const layoffs = async (query: string) => {
    const res = await hub.app.request(`/v1/warnings/layoffs${query}`, {
      headers: await operatorHeaders(hub.db, "viewer"),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { items: Array<Record<string, unknown>> }).items;
  };

  it("warns at once of a large layoff report, and withdraws it when a revision brings it under the rule", async () => {
    const big = layoff({ persons: 25, workforce: 180, effectiveOn: "2025-12-20" });
    await hub.ingest(big);
    await hub.ingest(layoff({ persons: 19, workforce: 190, effectiveOn: "2025-12-10" })); // 10 %
    await hub.ingest(layoff({ persons: 19, workforce: 191, effectiveOn: "2025-12-11" })); // under 10 %
    await hub.ingest(layoff({ persons: 19, workforce: undefined, effectiveOn: "2025-12-12" }));
    const listed = await layoffs("?area=350200");
    expect(listed.map((w) => [w.persons, w.workforce, w.share, w.effectiveOn])).toEqual([
      [25, 180, 25 / 180, "2025-12-20"],
      [19, 190, 0.1, "2025-12-10"],
    ]);
    expect(listed[0]).toMatchObject({
      cityCode: "350200",
      districtCode: "350203",
      enterpriseName: "厦门示例科技有限公司",
      industry: "I6511",
      industryName: "信息传输、软件和信息技术服务业",
      kind: "layoff",
      revision: 1,
    });
    expect((await layoffs("?area=350203&since=2025-12-15")).map((w) => w.persons)).toEqual([25]);
    expect(await layoffs("?area=350500")).toEqual([]);
    // The enterprise corrects its report: 10 of 180 is under the rule.
    const id = (big.data as { id: string }).id;
    await hub.ingest(layoff({ id, revision: 2, persons: 10, workforce: 180, effectiveOn: "2025-12-20" }));
    expect((await layoffs("?area=350200")).map((w) => w.persons)).toEqual([19]);
  });
});
