import type { DatabaseHandle } from "@pes/sync/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { indicatorContributions } from "../../src/db/tables/indicators.js";
import { figuresOf, type Scope, type StoredContribution } from "../../src/domain/indicators/compute.js";
import { ensureTotals } from "../../src/use-cases/indicators/ensure-totals.js";
import { applyRecord } from "../../src/use-cases/indicators/store.js";
import { figures, periodsOfMonth, rebuildTotals } from "../../src/use-cases/indicators/totals.js";
import { type TestDatabase, testDatabase } from "../support/index.js";
import { EVENTS } from "./fixture.js";

let testDb: TestDatabase;
let db: DatabaseHandle;

beforeAll(async () => {
  testDb = await testDatabase("hubtotals");
  db = testDb.db;
  // Every event, then every event again in reverse: revisions, replays and late arrivals move the totals both ways.
  for (const e of [...EVENTS, ...[...EVENTS].reverse()]) await db.db.transaction((tx) => applyRecord(tx, e));
});
afterAll(async () => testDb?.close());

const SCOPES: Scope[] = [
  { level: "province" },
  { level: "city", cityCode: "350200" },
  { level: "city", cityCode: "350200", districtCode: "350206" },
  { level: "city", cityCode: "350100" },
];
const PERIODS = ["2025-01", "2025-03", "2025-04", "2025-Q1", "2025-Q2", "2025-H1", "2025"];

/** The in-memory reference over the contributions themselves. */
async function reference(scope: Scope, period: string) {
  const rows = (await db.db.select().from(indicatorContributions)).map((r) => ({
    ...r,
    eventTime: r.eventTime.toISOString(),
  })) as unknown as StoredContribution[];
  return figuresOf(rows, scope, period);
}

const comparable = (f: Awaited<ReturnType<typeof figures>>) =>
  Object.fromEntries(
    Object.entries(f).map(([k, v]) => [k, { value: v.value, records: v.records, sources: v.sources }]),
  );

describe("the indicator totals", () => {
  it("names the periods a month counts in", () => {
    expect(periodsOfMonth("2025-08")).toEqual(["2025-08", "2025-Q3", "2025-H2", "2025"]);
  });

  it("agree with the contributions for every area and period, and a rebuild gives the same", async () => {
    for (const scope of SCOPES)
      for (const period of PERIODS)
        expect(comparable(await figures(db.db, scope, period)), `${JSON.stringify(scope)} ${period}`).toEqual(
          comparable(await reference(scope, period)),
        );
    const before = await figures(db.db, { level: "province" }, "2025");
    expect(Object.keys(before).length).toBeGreaterThan(5);
    await rebuildTotals(db.db);
    expect(comparable(await figures(db.db, { level: "province" }, "2025"))).toEqual(comparable(before));
  });

  it("are built once for a database whose contributions predate them", async () => {
    const before = comparable(await figures(db.db, { level: "city", cityCode: "350200" }, "2025-Q1"));
    await db.db.execute("delete from hub_indicator_totals; delete from hub_indicator_subjects");
    expect(await figures(db.db, { level: "city", cityCode: "350200" }, "2025-Q1")).toEqual({});
    await ensureTotals(db.db);
    expect(comparable(await figures(db.db, { level: "city", cityCode: "350200" }, "2025-Q1"))).toEqual(
      before,
    );
  });
});
