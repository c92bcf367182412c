import { rowsOf } from "@pes/sync";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NO_BROKER, type TestHub, testApp } from "../support/index.js";
import type { FixtureEvent } from "./fixture.js";
import { ingestDirect } from "./ingest-direct.js";

// GET /v1/indicators?…&asOf= (issue 19 #5): the table as it stood at an instant — only what the hub
// had received by then — beside the table as known today, with late and revised records around it.
// Known answers by construction: new_employment counts the persons with a 就业登记 registered in the
// period (distinct persons), so each figure below is counted by hand from the records.

let hub: TestHub;
let instant: string;

const employment = (id: string, person: string, registeredOn: string, revision = 1): FixtureEvent => ({
  type: "employment-registration",
  recordId: id,
  revision,
  firstSeen: revision === 1,
  cityCode: "350200",
  districtCode: "350206",
  personKey: person,
  source: "/city/350200",
  eventId: `${id}@${revision}`,
  time: new Date(`${registeredOn}T09:00:00+08:00`),
  data: { id, revision, cityCode: "350200", form: "flexible", startedOn: registeredOn, registeredOn },
});

/** An instant of the database's clock (which dates the hub's transactions), to the millisecond. */
async function databaseMs(query: ReturnType<typeof sql>): Promise<string> {
  const [row] = rowsOf<{ ms: string }>(await hub.db.db.execute(query));
  return new Date(Number(row!.ms)).toISOString();
}
const databaseNow = () => databaseMs(sql`select floor(extract(epoch from clock_timestamp()) * 1000) as ms`);
/** Just after the last contribution the hub holds was received. */
const afterLastReceived = () =>
  databaseMs(sql`select floor(extract(epoch from max(held_from)) * 1000) + 1 as ms
    from hub_indicator_contribution_history`);

/** Waits (with a deadline) until the database's clock has passed `instant`, so what follows is after it. */
async function pastInstant(at: string) {
  const deadline = Date.now() + 5_000;
  while ((await databaseNow()) <= at) if (Date.now() > deadline) throw new Error("the clock did not move");
}

beforeAll(async () => {
  hub = await testApp("hubindicatorsasof", { kafka: NO_BROKER });
  // Received before the instant: p1 and p2 registered in Q2.
  await ingestDirect(hub.db.db, employment("e1", "p1", "2025-05-10"));
  await ingestDirect(hub.db.db, employment("e2", "p2", "2025-06-01"));
  instant = await afterLastReceived();
  await pastInstant(instant);
  // Received after it: two late Q2 registrations (dated before the instant's quarter ended), and a
  // revision of p1's moving it to Q3.
  await ingestDirect(hub.db.db, employment("e3", "p3", "2025-06-20"));
  await ingestDirect(hub.db.db, employment("e4", "p4", "2025-06-30"));
  await ingestDirect(hub.db.db, employment("e1", "p1", "2025-07-02", 2));
});
afterAll(async () => hub?.close());

type Row = { code: string; numerator: number | null; actual: number | null };
type Groups = Array<{ indicators: Row[] }>;
interface Answer {
  groups: Groups;
  asOf?: {
    at: string;
    groups: Groups;
    changedSince: Array<{
      code: string;
      then: { numerator: number | null };
      now: { numerator: number | null };
    }>;
  };
}
const row = (groups: Groups, code: string) =>
  groups.flatMap((g) => g.indicators).find((r) => r.code === code)!;

async function table(query: string): Promise<{ status: number; body: Answer }> {
  const res = await hub.app.request(`/v1/indicators?${query}`, { headers: hub.as.viewer });
  return { status: res.status, body: (await res.json()) as Answer };
}

describe("the indicator table as of an instant", () => {
  it("counts only what was received by then, beside today's table with the late and revised records", async () => {
    const q2 = await table(`city=350200&period=2025-Q2&asOf=${encodeURIComponent(instant)}`);
    expect(q2.status).toBe(200);
    expect(row(q2.body.asOf!.groups, "new_employment").numerator).toBe(2); // p1, p2
    expect(row(q2.body.groups, "new_employment").numerator).toBe(3); // p2, p3, p4 (p1 moved to Q3)
    expect(q2.body.asOf!.at).toBe(instant);
    expect(q2.body.asOf!.changedSince.find((c) => c.code === "new_employment")).toEqual({
      code: "new_employment",
      atInstant: expect.objectContaining({ numerator: 2 }),
      today: expect.objectContaining({ numerator: 3 }),
    });

    const q3 = await table(`city=350200&period=2025-Q3&asOf=${encodeURIComponent(instant)}`);
    expect(row(q3.body.asOf!.groups, "new_employment").numerator).toBe(0);
    expect(row(q3.body.groups, "new_employment").numerator).toBe(1); // p1's revision
  });

  it("answers the same table as today's for an instant after the last record, and per district", async () => {
    const later = await afterLastReceived();
    const now = await table(`city=350200&district=350206&period=2025&asOf=${encodeURIComponent(later)}`);
    expect(now.body.asOf!.groups).toEqual(now.body.groups);
    expect(now.body.asOf!.changedSince).toEqual([]);
    expect(row(now.body.groups, "new_employment").numerator).toBe(4);
  });

  it("answers nothing received before the first record, in the +08:00 end-of-day form too", async () => {
    const before = await table("city=350200&period=2025&asOf=2025-06-30T24:00%2B08:00");
    expect(before.status).toBe(200);
    expect(before.body.asOf!.at).toBe("2025-06-30T16:00:00.000Z");
    expect(row(before.body.asOf!.groups, "new_employment").numerator).toBe(0);
    expect(row(before.body.groups, "new_employment").numerator).toBe(4);
  });

  it("refuses an instant without its offset or off the calendar, at the field", async () => {
    for (const bad of ["2025-06-30T24:00", "2025-02-30T10:00%2B08:00", "yesterday"]) {
      const res = await hub.app.request(`/v1/indicators?city=350200&period=2025&asOf=${bad}`, {
        headers: hub.as.viewer,
      });
      expect(res.status, bad).toBe(400);
      const problem = (await res.json()) as { errors?: Array<{ path: string }> };
      expect(problem.errors?.[0]?.path, bad).toBe("asOf");
    }
  });

  it("names the instant in an export's file", async () => {
    const res = await hub.app.request(
      `/v1/indicators/export.csv?city=350200&period=2025-Q2&asOf=${encodeURIComponent(instant)}`,
      { headers: hub.as.viewer },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain("-asof-");
    const csv = await res.text();
    expect(
      csv.split("\n").find((l) => l.startsWith("new_employment") || l.includes(",new_employment,")),
    ).toBeDefined();
  });
});
