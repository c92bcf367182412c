import { randomUUID } from "node:crypto";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromCity, operatorHeaders, person, type TestHub, testApp, unemployment } from "../support/index.js";

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
