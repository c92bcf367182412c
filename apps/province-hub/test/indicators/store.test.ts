import type { DatabaseHandle } from "@pes/sync/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gigMarkets } from "../../src/db/tables/needs.js";
import type { Scope } from "../../src/domain/indicators/compute.js";
import { indicatorTable, loadTargets } from "../../src/use-cases/indicators/store.js";
import { type TestDatabase, testDatabase } from "../support/index.js";
import { EVENTS, EXPECTED_XIAMEN_Q1, type FixtureEvent, MARKETS } from "./fixture.js";
import { ingestDirect } from "./ingest-direct.js";

let testDb: TestDatabase;
let db: DatabaseHandle;

const ingest = (e: FixtureEvent) => ingestDirect(db.db, e);

beforeAll(async () => {
  testDb = await testDatabase("hubindicators");
  db = testDb.db;
  for (const e of EVENTS) await ingest(e);
  await db.db.insert(gigMarkets).values(
    MARKETS.map((m) => ({
      ...m,
      districtCodes: [...m.districtCodes],
      lastSeenAt: m.lastSeenAt ? new Date(m.lastSeenAt) : null,
    })),
  );
});
afterAll(async () => testDb?.close());

const xiamen: Scope = { level: "city", cityCode: "350200" };
const actuals = async (scope: Scope, period: string) =>
  Object.fromEntries((await indicatorTable({ db: db.db }, { scope, period })).map((r) => [r.code, r.actual]));

describe("the indicator engine on PostgreSQL", () => {
  it("answers the hand-computed table from the stored contributions", async () => {
    const rows = await indicatorTable({ db: db.db }, { scope: xiamen, period: "2025-Q1" });
    for (const row of rows) {
      const expected = EXPECTED_XIAMEN_Q1[row.code]!;
      expect({ code: row.code, actual: row.actual, attainment: row.attainment }).toEqual({
        code: row.code,
        actual: expected.actual,
        attainment: expected.attainment,
      });
    }
    const brands = rows.find((r) => r.code === "labor_brands")!;
    expect(brands.provenance.declarations[0]).toMatchObject({ value: 4, declaredBy: "staff-b" });
  });

  it("changes nothing when every event arrives again", async () => {
    const before = await indicatorTable({ db: db.db }, { scope: xiamen, period: "2025-Q1" });
    for (const e of EVENTS) await ingest(e);
    expect(await indicatorTable({ db: db.db }, { scope: xiamen, period: "2025-Q1" })).toEqual(before);
  });

  it("rolls up per district and for the province, and keeps a stock per month", async () => {
    const ne = async (scope: Scope) => (await actuals(scope, "2025-Q1")).new_employment;
    expect(await ne({ level: "city", cityCode: "350200", districtCode: "350203" })).toBe(0.0001);
    expect(await ne({ level: "city", cityCode: "350200", districtCode: "350206" })).toBe(0.0002);
    expect(await ne({ level: "province" })).toBe(0.0004); // P1 counted once across Xiamen and Fuzhou
    expect((await actuals(xiamen, "2025-01")).registered_unemployed).toBe(0.0003);
    expect((await actuals(xiamen, "2025")).one_stop_policy_visits).toBe(0.0002);
  });

  it("replaces a record's contributions by its newer revision", async () => {
    const p8 = (revision: number, data: Record<string, unknown>): FixtureEvent => ({
      type: "unemployment-registration",
      recordId: "u-p8",
      revision,
      firstSeen: revision === 1,
      eventId: `u-p8@${revision}`,
      cityCode: "350200",
      districtCode: "350206",
      personKey: "P8",
      source: "/city/350200",
      time: new Date(`2025-04-1${revision}T00:00:00Z`),
      data: { placeBasis: "residence", servicePointId: "sp-1", ...data },
    });
    await ingest(p8(1, { state: "registered", registeredOn: "2025-02-03" }));
    expect((await actuals(xiamen, "2025-Q1")).registered_unemployed).toBe(0.0002);
    await ingest(
      p8(2, {
        state: "closed",
        registeredOn: "2025-02-03",
        closedOn: "2025-03-01",
        closeReason: "withdrawn",
      }),
    );
    await ingest(p8(1, { state: "registered", registeredOn: "2025-02-03" })); // late, older
    expect((await actuals(xiamen, "2025-Q1")).registered_unemployed).toBe(0.0001);
    expect((await actuals(xiamen, "2025-02")).registered_unemployed).toBe(0.0003); // P3, P5 and P8 on 28 Feb
  });

  it("compares another city with the target table loaded for it", async () => {
    const fuzhou: Scope = { level: "city", cityCode: "350100" };
    await loadTargets(
      { db: db.db },
      {
        areaCode: "350100",
        year: 2025,
        targets: { new_employment: 0.0006 },
        loadedBy: "op-1",
      },
    );
    const row = (await indicatorTable({ db: db.db }, { scope: fuzhou, period: "2025-Q1" })).find(
      (r) => r.code === "new_employment",
    )!;
    expect(row).toMatchObject({
      actual: 0.0002,
      target: 0.0006,
      periodTarget: 0.00015,
      attainment: "on-track",
    });
    expect(row.targetSource).toMatch(/^350100\/2025 loaded by op-1/);
    const other = (await indicatorTable({ db: db.db }, { scope: fuzhou, period: "2025-Q1" })).find(
      (r) => r.code === "pes_satisfaction",
    )!;
    // Fuzhou sent records in Q1 (P1's and P7's jobs), none a rating: the denominator is 0
    expect(other).toMatchObject({ reasonCode: "denominator-zero", actual: null });
  });
});
