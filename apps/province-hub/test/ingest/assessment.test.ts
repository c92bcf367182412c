import { randomUUID } from "node:crypto";
import { chinaToday } from "@pes/core";
import { periodBounds } from "@pes/schemas";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  fromCity,
  operatorHeaders,
  type Person,
  person,
  provider,
  skillsPolicy,
  type TestHub,
  testApp,
  unemployment,
  type VoucherHub,
  voucherHub,
} from "../support/index.js";

let hub: TestHub;
beforeAll(async () => {
  hub = await testApp("hubassess");
});
afterAll(async () => {
  await hub?.close();
});

describe("the quarterly assessment of service points (annex 3)", () => {
  it("counts each point's registrations, services, placements after referral and satisfied ratings in the quarter", async () => {
    const a = person();
    const b = person();
    const sp = "sp-assess-1";
    await hub.ingest(unemployment("350200", a, "2025-02-10", { servicePointId: sp }));
    await hub.ingest(unemployment("350200", b, "2025-04-02", { servicePointId: sp })); // next quarter
    const serve = (who: typeof a, serviceType: string, servedAt: string) =>
      hub.ingest(
        fromCity("350200", "service-record", {
          id: randomUUID(),
          person: who,
          servicePointId: sp,
          serviceType,
          servedAt,
        }),
      );
    await serve(a, "career-guidance", "2025-02-11T01:00:00Z");
    await serve(a, "job-recommendation", "2025-02-20T01:00:00Z");
    await serve(a, "job-recommendation", "2025-03-31T17:00:00Z"); // 1 April in China: next quarter
    await hub.ingest(
      fromCity("350200", "employment-registration", {
        id: randomUUID(),
        person: a,
        startedOn: "2025-03-01",
        registeredOn: "2025-03-02",
        servicePointId: sp,
      }),
    );
    const rate = (score: number) =>
      hub.ingest(
        fromCity("350200", "service-rating", {
          id: randomUUID(),
          person: a,
          servicePointId: sp,
          rating: { scale: "five-point", score },
          ratedAt: "2025-03-05T02:00:00Z",
        }),
      );
    await rate(5);
    await rate(4);
    await rate(1);

    const app = hub.app;
    const res = await app.request("/v1/assessments/service-points?city=350200&quarter=2025-Q1", {
      headers: await operatorHeaders(hub.db, "viewer"),
    });
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as { items: Array<Record<string, unknown>> };
    expect(items.find((i) => i.servicePointId === sp)).toEqual({
      servicePointId: sp,
      registrations: { employment: 1, unemployment: 1, jobSeeker: 0, difficultyRecognition: 0 },
      services: { "career-guidance": 1, "job-recommendation": 1 },
      outcomes: { placedAfterReferral: 1, ratings: 3, satisfiedRatings: 2, satisfiedRate: 66.7 },
    });
    expect(
      (
        await app.request("/v1/assessments/service-points?city=350200&quarter=2025-13", {
          headers: await operatorHeaders(hub.db, "viewer"),
        })
      ).status,
    ).toBe(400);

    // The same figures as XLSX, a column per figure.
    const file = await app.request("/v1/assessments/service-points.xlsx?city=350200&quarter=2025-Q1", {
      headers: await operatorHeaders(hub.db, "viewer"),
    });
    expect(file.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await file.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const line = [...Array(sheet.rowCount).keys()]
      .map((i) => sheet.getRow(i + 1))
      .find((r) => r.getCell(1).value === sp)!;
    const cell = (name: string) => line.getCell(header.indexOf(name) + 1).value;
    expect(cell("unemployment_registrations")).toBe(1);
    expect(cell("services_career-guidance")).toBe(1);
    expect(cell("placed_after_referral")).toBe(1);
    expect(cell("satisfied_rate")).toBe(66.7);
  });
});

describe("the assessment's area figures (annex 3): vouchers, start-ups, graduates, per city and district", () => {
  let vh: VoucherHub;
  const quarter = quarterOf(chinaToday());
  const { start } = periodBounds(quarter);
  const first = start.slice(0, 10);
  beforeAll(async () => {
    vh = await voucherHub("hubassessarea");
    await vh.market("xm-siming");
    expect(
      (await vh.post("/v1/voucher-providers", provider("xm-siming", "gig-market", [vh.gatewayId]))).status,
    ).toBe(201);
    expect((await vh.post("/v1/voucher-policies", skillsPolicy("area-skills", ["xm-siming"]))).status).toBe(
      201,
    );
  });
  afterAll(async () => vh?.close());

  const area = async (query: string) => {
    const res = await vh.app.request(`/v1/assessments/service-points?${query}`, {
      headers: await operatorHeaders(vh.db, "viewer"),
    });
    return { status: res.status, body: (await res.json()) as { area: Record<string, unknown> } };
  };
  const record = (name: string, who: Person, district: string, fields: Record<string, unknown>) =>
    vh.ingest(fromCity("350200", name, { id: randomUUID(), person: who, districtCode: district, ...fields }));
  const employed = (who: Person, district: string, form: string) =>
    record("employment-registration", who, district, {
      form,
      ...(form === "self-employed" ? { unit: undefined } : {}),
      startedOn: first,
      registeredOn: first,
    });
  const training = (who: Person, kind: string, enrolledOn: string) =>
    record("training-record", who, "350203", {
      kind,
      stage: "enrolled",
      enrolledOn,
      completedOn: undefined,
      passed: undefined,
      subsidised: false,
      subsidyFen: undefined,
      certificate: undefined,
    });

  it("counts the quarter's redeemed vouchers and their amount, start-up trainees, start-ups and graduates helped", async () => {
    // Vouchers: three holders in 思明, one in 湖里; two of 思明's and 湖里's redeemed.
    const holders = [person(), person(), person(), person()];
    for (const [i, who] of holders.entries())
      await vh.onLedger(who, "rural-migrant", "350200", i < 3 ? "350203" : "350206");
    expect((await vh.post("/v1/voucher-policies/area-skills/issue-runs", {})).body.issued).toBe(4);
    for (const [i, who] of holders.entries()) {
      const [v] = (await vh.get(`/v1/vouchers?personKey=${who.key}&policyId=area-skills`)).body.items;
      expect(
        (await vh.post(`/v1/vouchers/${v.id}/claim`, { idNumber: who.idNumber }, vh.as.gateway)).status,
      ).toBe(200);
      if (i === 2) continue;
      const redeemed = await vh.post(
        `/v1/vouchers/${v.id}/redemption`,
        { providerId: "xm-siming", personKey: who.key, serviceRef: `area-${i}` },
        vh.as.gateway,
      );
      expect(redeemed.status).toBe(200);
    }
    // Start-up training: two persons in the quarter (one of them twice), one in skills training, one the quarter before.
    const [t1, t2, t3, t4] = [person(), person(), person(), person()];
    await training(t1, "entrepreneurship", first);
    await training(t1, "entrepreneurship", first);
    await training(t2, "entrepreneurship", first);
    await training(t3, "employment-skills", first);
    await training(t4, "entrepreneurship", periodBounds(previousQuarter(quarter)).start.slice(0, 10));
    // Start-ups in 湖里: one self-employed, one founder; a unit employee is not one.
    await employed(person(), "350206", "self-employed");
    await employed(person(), "350206", "business-founder");
    await employed(person(), "350206", "unit-employee");
    // Graduates: one served and then employed (helped), one employed without a service, and a served non-graduate.
    const [g1, g2, other] = [person(), person(), person()];
    await vh.onLedger(g1, "college-graduate");
    await vh.onLedger(g2, "college-graduate");
    const served = `${first}T00:30:00+08:00`;
    await record("service-record", g1, "350203", { serviceType: "career-guidance", servedAt: served });
    await record("service-record", other, "350203", { serviceType: "career-guidance", servedAt: served });
    for (const who of [g1, g2, other]) await employed(who, "350203", "unit-employee");

    const city = await area(`city=350200&quarter=${quarter}`);
    expect(city.status).toBe(200);
    expect(city.body.area).toEqual({
      areaCode: "350200",
      vouchersRedeemed: { count: 3, amountFen: 300_000 },
      startupTrainees: 2,
      startups: 2,
      graduatesHelped: 1,
      network: null, // the node has sent no network yet
    });
    expect((await area(`city=350200&district=350203&quarter=${quarter}`)).body.area).toEqual({
      areaCode: "350203",
      vouchersRedeemed: { count: 2, amountFen: 200_000 },
      startupTrainees: 2,
      startups: 0,
      graduatesHelped: 1,
      network: null,
    });
    expect((await area(`city=350200&district=350206&quarter=${quarter}`)).body.area).toEqual({
      areaCode: "350206",
      vouchersRedeemed: { count: 1, amountFen: 100_000 },
      startupTrainees: 0,
      startups: 2,
      graduatesHelped: 0,
      network: null,
    });
    // The same figures on the workbook's area sheet.
    const file = await vh.app.request(
      `/v1/assessments/service-points.xlsx?city=350200&district=350203&quarter=${quarter}`,
      { headers: await operatorHeaders(vh.db, "viewer") },
    );
    expect(file.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await file.arrayBuffer());
    const sheet = workbook.getWorksheet("area")!;
    const figures = Object.fromEntries(
      [...Array(sheet.rowCount).keys()].map((i) => [
        sheet.getRow(i + 1).getCell(1).value,
        sheet.getRow(i + 1).getCell(2).value,
      ]),
    );
    expect(figures).toMatchObject({
      area: "350203",
      vouchers_redeemed: 2,
      vouchers_redeemed_amount_fen: 200_000,
      startup_trainees: 2,
      startups: 0,
      graduates_helped: 1,
    });
    // The quarter before: nothing redeemed, the one earlier trainee.
    expect((await area(`city=350200&quarter=${previousQuarter(quarter)}`)).body.area).toMatchObject({
      vouchersRedeemed: { count: 0, amountFen: 0 },
      startupTrainees: 1,
    });
  });

  it("takes coverage and staffing from the newest network the city's node sent", async () => {
    const network = (asOf: string, covered: number) =>
      fromCity(
        "350200",
        "service-network",
        {
          id: randomUUID(),
          asOf,
          divisions: ["350203001001", "350203001002", "350206001001"].map((code) => ({
            code,
            population: 4_500,
          })),
          servicePoints: ["350203001001", "350203001002", "350206001001"]
            .slice(0, covered)
            .map((code, i) => ({
              id: `net-${i}`,
              kind: "public",
              divisionCode: code,
              active: true,
              staff: 1,
            })),
        },
        { topic: "pes.city.350200.master" },
      );
    await vh.ingest(network("2026-11-01T08:00:00+08:00", 1));
    await vh.ingest(network("2026-12-01T08:00:00+08:00", 2));
    expect((await area(`city=350200&quarter=${quarter}`)).body.area.network).toMatchObject({
      asOf: "2026-12-01T08:00:00+08:00",
      communities: 3,
      covered: 2,
      coverageRate: 66.7,
      coverageMet: false,
      points: 2,
      staff: 2,
      population: 13_500,
      peoplePerStaff: 6_750,
      staffingMet: false,
    });
    expect((await area(`city=350200&district=350203&quarter=${quarter}`)).body.area.network).toMatchObject({
      communities: 2,
      covered: 2,
      coverageRate: 100,
      coverageMet: true,
      everyPointStaffed: true,
      peoplePerStaff: 4_500,
    });
  });

  it("refuses a district of another city, naming the field", async () => {
    const res = await vh.app.request(
      `/v1/assessments/service-points?city=350200&district=350102&quarter=${quarter}`,
      {
        headers: await operatorHeaders(vh.db, "viewer"),
      },
    );
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(JSON.stringify(await res.json())).toContain("district");
  });
});

/** "2026-Q4" of a day. */
function quarterOf(day: string): string {
  return `${day.slice(0, 4)}-Q${Math.ceil(Number(day.slice(5, 7)) / 3)}`;
}
function previousQuarter(quarter: string): string {
  const index = Number(quarter.slice(0, 4)) * 4 + Number(quarter.slice(6)) - 2;
  return `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
}
