/**
 * Findings 1 and 6 of issue 12 on PostgreSQL: a stock equals, for every area and period end, the
 * registrations open at that instant, whatever the opens, closes, revisions and late arrivals; the
 * totals agree with the in-memory reference and with a rebuild.
 */
import type { DatabaseHandle } from "@pes/sync/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { indicatorContributions } from "../../src/db/tables/indicators.js";
import { figuresOf, type Scope, type StoredContribution } from "../../src/domain/indicators/compute.js";
import { applyRecord, indicatorTable } from "../../src/use-cases/indicators/store.js";
import { figures, rebuildTotals } from "../../src/use-cases/indicators/totals.js";
import type { AppliedRecord } from "../../src/use-cases/ingest/types.js";
import { type TestDatabase, testDatabase } from "../support/index.js";

let testDb: TestDatabase;
let db: DatabaseHandle;

type Reg = {
  id: string;
  p: string;
  district: string;
  registeredOn: string;
  closedOn?: string;
  revision: number;
};
const event = (r: Reg): AppliedRecord => ({
  type: "unemployment-registration",
  recordId: r.id,
  revision: r.revision,
  firstSeen: false,
  cityCode: "350200",
  districtCode: r.district,
  personKey: r.p,
  source: "/city/350200",
  eventId: `${r.id}@${r.revision}`,
  time: new Date("2025-06-30T00:00:00Z"),
  data: {
    id: r.id,
    state: r.closedOn ? "closed" : "registered",
    registeredOn: r.registeredOn,
    ...(r.closedOn ? { closedOn: r.closedOn } : {}),
  },
});

// Arrival order: a closing before its opening, a same-month open/close, a revision that reopens.
const EVENTS: Reg[] = [
  { id: "u1", p: "A", district: "350206", registeredOn: "2025-01-05", closedOn: "2025-01-25", revision: 2 },
  { id: "u1", p: "A", district: "350206", registeredOn: "2025-01-05", revision: 1 }, // late, older: ignored
  { id: "u2", p: "B", district: "350206", registeredOn: "2025-01-10", revision: 1 },
  { id: "u3", p: "C", district: "350203", registeredOn: "2025-02-01", closedOn: "2025-02-14", revision: 1 },
  { id: "u4", p: "D", district: "350203", registeredOn: "2025-02-03", closedOn: "2025-04-02", revision: 1 },
  { id: "u5", p: "E", district: "350206", registeredOn: "2025-03-01", closedOn: "2025-03-31", revision: 1 },
  { id: "u5", p: "E", district: "350206", registeredOn: "2025-03-01", revision: 2 }, // a correction reopens it
  { id: "u5", p: "E", district: "350206", registeredOn: "2025-03-01", closedOn: "2025-05-05", revision: 3 },
];

/** What is open at the end of each month, straight from the newest revisions. */
function expectedOpen(month: string, district?: string): number {
  const newest = new Map<string, Reg>();
  for (const e of EVENTS) if ((newest.get(e.id)?.revision ?? 0) < e.revision) newest.set(e.id, e);
  const end = `${month}-31`;
  return [...newest.values()].filter(
    (r) =>
      (!district || r.district === district) &&
      r.registeredOn <= end &&
      (!r.closedOn || r.closedOn.slice(0, 7) > month),
  ).length;
}

beforeAll(async () => {
  testDb = await testDatabase("hubstocks");
  db = testDb.db;
  const seen = new Map<string, number>();
  for (const e of EVENTS) {
    if ((seen.get(e.id) ?? 0) >= e.revision) continue; // as the ingest: only a newer revision is applied
    seen.set(e.id, e.revision);
    await db.db.transaction((tx) => applyRecord(tx, event(e)));
  }
});
afterAll(async () => testDb?.close());

const MONTHS = ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05"];

describe("registered_unemployed on PostgreSQL", () => {
  it("equals the registrations open at every month's end, per city and district", async () => {
    for (const district of [undefined, "350206", "350203"]) {
      const scope: Scope = {
        level: "city",
        cityCode: "350200",
        ...(district ? { districtCode: district } : {}),
      };
      for (const month of MONTHS) {
        const row = (await indicatorTable({ db: db.db }, { scope, period: month })).find(
          (r) => r.code === "registered_unemployed",
        )!;
        expect(row.numerator, `${district ?? "city"} ${month}`).toBe(expectedOpen(month, district));
      }
    }
    // Quarters end with their last month.
    const q1 = (
      await indicatorTable({ db: db.db }, { scope: { level: "city", cityCode: "350200" }, period: "2025-Q1" })
    ).find((r) => r.code === "registered_unemployed")!;
    expect(q1.numerator).toBe(expectedOpen("2025-03"));
    expect(expectedOpen("2025-01")).toBe(1); // u1 opened and closed in January: not open, and never below
  });

  it("agrees with the in-memory reference and with a rebuild", async () => {
    const rows = (await db.db.select().from(indicatorContributions)).map((r) => ({
      ...r,
      eventTime: r.eventTime.toISOString(),
    })) as unknown as StoredContribution[];
    const scope: Scope = { level: "city", cityCode: "350200" };
    for (const period of [...MONTHS, "2025-Q1", "2025-Q2", "2025"]) {
      const sql = await figures(db.db, scope, period);
      const ref = figuresOf(rows, scope, period);
      expect(sql["unemployment.open"]?.value ?? 0, period).toBe(ref["unemployment.open"]?.value ?? 0);
    }
    const before = await figures(db.db, scope, "2025-03");
    await rebuildTotals(db.db);
    expect((await figures(db.db, scope, "2025-03"))["unemployment.open"]?.value).toBe(
      before["unemployment.open"]?.value,
    );
  });
});
