import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assessRise, previousMonths } from "../../src/domain/warnings/rule.js";
import { riskWarningExtension } from "../../src/use-cases/warnings/extension.js";
import { operatorHeaders, person, type TestHub, testApp, unemployment } from "../support/index.js";

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
});

describe("early warning from the streams", () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await testApp("hubwarn", {}, { extensions: [riskWarningExtension(rule)] });
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
    const rows = await hub.query<{ registrations: number }>(
      `select registrations from hub_unemployment_inflow where area_code = '350211' and month = '2025-06'`,
    );
    expect(rows).toEqual([{ registrations: 2 }]);
  });
});
