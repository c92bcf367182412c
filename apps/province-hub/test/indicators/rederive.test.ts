import { randomUUID } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { birthDateOfResidentId } from "@pes/schemas";
import type { IncomingEvent } from "@pes/sync";
import { rowsOf } from "@pes/sync";
import { type Database, migrateDatabase, openDatabase } from "@pes/sync/db";
import { createTestDatabase } from "@pes/sync/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIGRATIONS_FOLDER } from "../../src/db/index.js";
import { indicatorDeclarations } from "../../src/db/tables/indicators.js";
import { gigMarkets } from "../../src/db/tables/needs.js";
import { hubPersons, hubRecords } from "../../src/db/tables/records.js";
import type { Scope } from "../../src/domain/indicators/compute.js";
import { ensureTotals } from "../../src/use-cases/indicators/ensure-totals.js";
import { applyRecords, indicatorExtension, indicatorTable } from "../../src/use-cases/indicators/store.js";
import {
  cipher,
  fromCity,
  openTestDatabase,
  person,
  type TestDatabase,
  testDatabase,
  unemployment,
} from "../support/index.js";
import { EVENTS, type FixtureEvent, MARKETS } from "./fixture.js";
import { ingestDirect } from "./ingest-direct.js";

/**
 * Migration 0013 empties the contributions, totals and subjects; at start (src/run.ts) ensureTotals
 * sees records but no contributions and derives everything afresh. What it derives must be what the
 * ingest would have built record by record.
 */

type Hub = TestDatabase;

const SCOPES: Scope[] = [
  { level: "province" },
  { level: "city", cityCode: "350200" },
  { level: "city", cityCode: "350200", districtCode: "350203" },
  { level: "city", cityCode: "350200", districtCode: "350206" },
  { level: "city", cityCode: "350100" },
];
const PERIODS = ["2025-01", "2025-02", "2025-03", "2025-04", "2025-Q1", "2025-Q2", "2025-H1", "2025"];

const ingestFixture = ingestDirect;

/** Contract records through the real ingest handler: persons with birth dates (youth), revisions, a late ledger line. */
function contractEvents(): IncomingEvent[] {
  const withBirth = (born: string) => {
    const p = person(born);
    return { ...p, birthDate: birthDateOfResidentId(p.idNumber) };
  };
  const youth = withBirth("2005-06-01"); // 19 in 2025: a difficult unemployed youth
  const adult = withBirth("1980-02-02");
  const graduate = withBirth("2002-09-09");
  // A person sent without the (optional) birth date: the ingest ages them by the ID number in hand,
  // the hub keeps no birth date, so re-deriving needs the cipher to do the same.
  const unknownAge = person("2006-03-03");
  const unknownAgeReg = unemployment("350200", unknownAge, "2025-02-02", { districtCode: "350206" });
  const youthReg = unemployment("350200", youth, "2025-01-06", { districtCode: "350203" });
  const youthRegId = (youthReg.data as { id: string }).id;
  const adultReg = unemployment("350100", adult, "2025-02-03");
  const service = (who: typeof youth, cityCode: string, serviceType: string, servedAt: string) =>
    fromCity(cityCode, "service-record", {
      id: randomUUID(),
      person: who,
      serviceType,
      channel: "desk",
      servedAt,
    });
  return [
    youthReg,
    fromCity("350200", "difficulty-recognition", {
      id: randomUUID(),
      person: youth,
      districtCode: "350203",
      unemploymentRegistrationId: youthRegId,
      appliedOn: "2025-01-10",
      decidedOn: "2025-01-20",
      validUntil: "2027-01-19",
    }),
    service(youth, "350200", "career-guidance", "2025-02-11T02:00:00Z"),
    fromCity("350200", "employment-registration", {
      id: randomUUID(),
      person: youth,
      startedOn: "2025-04-14",
      registeredOn: "2025-04-16",
    }),
    unknownAgeReg,
    fromCity("350200", "key-group-membership", {
      id: randomUUID(),
      person: unknownAge,
      districtCode: "350206",
      group: "employment-difficulty",
      startedOn: "2025-02-02",
      source: "registration",
    }),
    adultReg,
    service(adult, "350100", "job-recommendation", "2025-02-20T02:00:00Z"),
    // The adult's registration closed by a newer revision.
    fromCity("350100", "unemployment-registration", {
      ...(adultReg.data as Record<string, unknown>),
      revision: 2,
      state: "closed",
      closedOn: "2025-03-10",
      closeReason: "employed",
    }),
    // The graduate: a service first, the ledger line that covers it later.
    service(graduate, "350200", "career-guidance", "2025-03-03T02:00:00Z"),
    fromCity("350200", "key-group-membership", {
      id: randomUUID(),
      person: graduate,
      group: "college-graduate",
      startedOn: "2025-03-01",
      graduatedOn: "2024-07-01",
      source: "education-department",
    }),
  ];
}

/** Everything the indicator engine keeps, and the tables it answers, in a comparable order. */
async function snapshot(db: Database) {
  const tables: Record<string, unknown> = {};
  for (const scope of SCOPES)
    for (const period of PERIODS)
      tables[`${JSON.stringify(scope)} ${period}`] = await indicatorTable({ db }, { scope, period });
  const contributions = rowsOf(
    await db.execute(sql`select record_id, component, city_code, district_code, month, subject, value, source,
      event_time from hub_indicator_contributions order by record_id, component, month, subject`),
  );
  // A total or subject moved up and back down by revisions stays as a row of zeros: not a difference.
  const totals = rowsOf(
    await db.execute(sql`select component, area_code, period, source, value, records
      from hub_indicator_totals where value <> 0 or records <> 0 order by area_code, period, component, source`),
  );
  const subjects = rowsOf(
    await db.execute(sql`select component, area_code, year, subject, refs from hub_indicator_subjects
      where exists (select 1 from unnest(refs) as r where r <> 0) order by area_code, year, component, subject`),
  );
  return { tables, contributions, totals, subjects };
}

/** What migration 0013 does to the engine's tables. */
async function wipeAsMigration0013(db: Database) {
  await db.execute(sql`truncate hub_indicator_contributions, hub_indicator_totals, hub_indicator_subjects`);
}

const count = async (db: Database, table: string) =>
  Number(rowsOf<{ n: number }>(await db.execute(sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n);

describe("re-deriving the contributions at start (after migration 0013)", () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await testDatabase("hubrederive", [indicatorExtension()]);
    for (const e of EVENTS) await ingestFixture(hub.db.db, e);
    for (const e of contractEvents()) await hub.ingest(e);
    await hub.db.db.insert(gigMarkets).values(
      MARKETS.map((m) => ({
        ...m,
        districtCodes: [...m.districtCodes],
        lastSeenAt: m.lastSeenAt ? new Date(m.lastSeenAt) : null,
      })),
    );
  });
  afterAll(async () => {
    await hub?.close();
  });

  it("gives the tables the ingest built, and a second start changes nothing", async () => {
    const before = await snapshot(hub.db.db);
    expect(before.contributions.length).toBeGreaterThan(50);
    const youth = (before.tables[`${JSON.stringify(SCOPES[2])} 2025-Q1`] as Array<{ code: string }>).find(
      (r) => r.code === "one_on_one_contact_rate",
    );
    expect(youth).toMatchObject({ denominator: 1, numerator: 1 }); // the difficult youth, contacted 11 Feb
    const unknownAge = (
      before.tables[`${JSON.stringify(SCOPES[3])} 2025-Q1`] as Array<{ code: string }>
    ).find((r) => r.code === "one_on_one_contact_rate");
    // P4, P5 and the difficult youth kept without a birth date.
    expect(unknownAge).toMatchObject({ denominator: 3 });

    await wipeAsMigration0013(hub.db.db);
    expect(await count(hub.db.db, "hub_indicator_contributions")).toBe(0);
    await ensureTotals(hub.db.db, { cipher });
    expect(await snapshot(hub.db.db)).toEqual(before);

    // A second start: contributions and totals exist, so nothing is derived or rebuilt again. Marked
    // so either would show: a contribution removed (a re-derivation would put it back) and a total
    // moved (a rebuild from the contributions would undo it).
    const db = hub.db.db;
    await db.execute(sql`delete from hub_indicator_contributions where record_id = 'e-p7'`);
    await db.execute(sql`update hub_indicator_totals set records = records + 1000
      where area_code = '350000' and period = '2025'`);
    const marked = await snapshot(db);
    await ensureTotals(db);
    expect(await snapshot(db)).toEqual(marked);
  });
});

/** `persons` persons of three cities' districts, a few records each: about 3.5 records a person. */
function largeSet(persons: number): FixtureEvent[] {
  const out: FixtureEvent[] = [];
  const places = [
    { cityCode: "350200", districtCode: "350203" },
    { cityCode: "350200", districtCode: "350206" },
    { cityCode: "350100", districtCode: null },
  ];
  const time = new Date("2025-07-01T00:00:00Z");
  const rec = (
    type: string,
    recordId: string,
    personKey: string,
    place: (typeof places)[number],
    data: Record<string, unknown>,
    revision = 1,
  ): FixtureEvent => ({
    type,
    recordId,
    revision,
    firstSeen: revision === 1,
    ...place,
    personKey,
    source: `/city/${place.cityCode}`,
    eventId: `${recordId}@${revision}`,
    time,
    data: { id: recordId, revision, cityCode: place.cityCode, ...data },
  });
  for (let i = 0; i < persons; i++) {
    const p = `L${String(i).padStart(5, "0")}`;
    const place = places[i % 3]!;
    const month = String(1 + (i % 6)).padStart(2, "0");
    const closed = i % 3 === 0;
    out.push(
      rec(
        "unemployment-registration",
        `u-${p}`,
        p,
        place,
        closed
          ? {
              placeBasis: "residence",
              servicePointId: "sp-1",
              state: "closed",
              registeredOn: `2025-${month}-10`,
              closedOn: `2025-${String(3 + (i % 6)).padStart(2, "0")}-05`,
              closeReason: "employed",
            }
          : {
              placeBasis: "residence",
              servicePointId: "sp-1",
              state: "registered",
              registeredOn: `2025-${month}-10`,
            },
        closed ? 2 : 1,
      ),
      rec("service-record", `s-${p}`, p, place, {
        serviceType: i % 2 ? "career-guidance" : "job-recommendation",
        channel: i % 4 ? "desk" : "online",
        servedAt: `2025-${month}-15T02:00:00Z`,
        servicePointId: "sp-1",
        staffId: "st-1",
      }),
    );
    if (i % 2 === 0)
      out.push(
        rec("employment-registration", `e-${p}`, p, place, {
          form: "flexible",
          startedOn: `2025-${String(2 + (i % 6)).padStart(2, "0")}-01`,
          registeredOn: `2025-${String(2 + (i % 6)).padStart(2, "0")}-03`,
        }),
      );
    if (i % 5 === 0)
      out.push(
        rec("key-group-membership", `m-${p}`, p, place, {
          group: "college-graduate",
          startedOn: `2025-${month}-01`,
          graduatedOn: "2024-07-01",
          source: "education-department",
        }),
      );
    if (i % 7 === 0)
      out.push(
        rec("training-record", `t-${p}`, p, place, {
          kind: "employment-skills",
          course: "电工",
          enrolledOn: "2025-01-02",
          stage: "completed",
          completedOn: `2025-${month}-20`,
          subsidised: true,
          ...(i % 14 === 0 ? { certificate: { type: "skill-level" } } : {}),
        }),
      );
  }
  return out;
}

describe("re-deriving a larger database", () => {
  const PERSONS = 1500;
  let hub: Hub;
  let records: FixtureEvent[];
  beforeAll(async () => {
    hub = await testDatabase("hubrederivelarge");
    records = largeSet(PERSONS);
    // Stored and applied in chunks, as the consumer does.
    for (let i = 0; i < records.length; i += 400) {
      const chunk = records.slice(i, i + 400);
      await hub.db.db.transaction(async (tx) => {
        await tx.insert(hubRecords).values(chunk.map((e) => ({ ...e, eventTime: e.time })));
        await applyRecords(tx, chunk);
      });
    }
  });
  afterAll(async () => {
    await hub?.close();
  });

  it("derives thousands of records in batches of persons to the same tables", async () => {
    expect(records.length).toBeGreaterThan(4000);
    const db = hub.db.db;
    const before = await snapshot(db);
    expect(before.contributions.length).toBeGreaterThan(records.length);
    await wipeAsMigration0013(db);
    await ensureTotals(db); // 500 persons a transaction: three batches
    expect(await snapshot(db)).toEqual(before);
  });

  it("finishes a re-derivation a previous start left half-way", async () => {
    const db = hub.db.db;
    const before = await snapshot(db);
    await wipeAsMigration0013(db);
    // The first start marked the re-derivation and committed its first batch of persons, then stopped.
    await db.execute(sql`insert into hub_indicator_totals (component, area_code, period, source)
      values ('~rederiving', '', '', '')`);
    const firstBatch = records.filter((r) => r.personKey! < "L00300");
    await db.transaction((tx) => applyRecords(tx, firstBatch));
    expect(await count(db, "hub_indicator_contributions")).toBeGreaterThan(0);
    await ensureTotals(db);
    expect(await snapshot(db)).toEqual(before);
    expect(await count(db, "hub_indicator_totals where area_code = ''")).toBe(0);
  });
});

/** The migrations folder as it was at 0012: the files, the journal cut after 0012. */
function migrationsUpTo0012(): string {
  const folder = mkdtempSync(join(tmpdir(), "hub-migrations-0012-"));
  cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalPath = join(folder, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as {
    entries: Array<{ idx: number; tag: string }>;
  };
  journal.entries = journal.entries.filter((e) => e.idx <= 12);
  expect(journal.entries.at(-1)!.tag).toBe("0012_dead_letter_index");
  writeFileSync(journalPath, JSON.stringify(journal));
  return folder;
}

describe("upgrading a database at migration 0012 that holds records", () => {
  let fresh: Hub;
  let old: Awaited<ReturnType<typeof createTestDatabase>>;
  let folder: string;
  beforeAll(async () => {
    fresh = await testDatabase("hubupgradefresh", [indicatorExtension()]);
    for (const e of EVENTS) await ingestFixture(fresh.db.db, e);
    for (const e of contractEvents()) await fresh.ingest(e);
    // Not the kit's testDatabase, which migrates to the newest: this one is migrated by hand to 0012.
    old = await createTestDatabase("hubupgrade0012");
    folder = migrationsUpTo0012();
  });
  afterAll(async () => {
    await fresh?.close();
    await old?.drop();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it("empties the engine's tables, and the start derives what a fresh ingest of the same records built", async () => {
    // The database as a hub at 0012 left it: the same records, persons and declarations, contributions
    // of the old definitions, a gig market learned from its events.
    const at0012 = await openDatabase({ url: old.url });
    try {
      await migrateDatabase(at0012, folder);
      const tables = rowsOf<{ t: string }>(
        await at0012.db.execute(sql`select table_name as t from information_schema.columns
          where table_name = 'hub_gig_markets' and column_name = 'standardised'`),
      );
      expect(tables).toEqual([]); // 0013 not applied
      await at0012.db.insert(hubRecords).values(await fresh.db.db.select().from(hubRecords));
      await at0012.db.insert(hubPersons).values(await fresh.db.db.select().from(hubPersons));
      await at0012.db
        .insert(indicatorDeclarations)
        .values(await fresh.db.db.select().from(indicatorDeclarations));
      await at0012.db.execute(sql`insert into hub_gig_markets (market_id, city_code, district_codes)
        values ('M9', '350200', '{350206}')`);
      await at0012.db.execute(sql`insert into hub_indicator_contributions
        (record_id, component, city_code, district_code, month, subject, value, source, event_time)
        values ('u-p1', 'registered_unemployed', '350200', '350203', '2025-01', 'P1', 1, '/city/350200', now())`);
      await at0012.db.execute(sql`insert into hub_indicator_totals (component, area_code, period, source, value, records)
        values ('registered_unemployed', '350200', '2025-01', '/city/350200', 1, 1)`);
      await at0012.db.execute(sql`insert into hub_indicator_subjects (component, area_code, year, subject, refs)
        values ('new_employment', '350200', '2025', 'P1', '{1,0,0,0,0,0,0,0,0,0,0,0}')`);
    } finally {
      await at0012.close();
    }

    // The service's start: open (applies 0013), then ensureTotals, as src/run.ts does.
    const upgraded = await openTestDatabase(old.url);
    try {
      const db = upgraded.db;
      expect(await count(db, "hub_indicator_contributions")).toBe(0);
      expect(await count(db, "hub_indicator_totals")).toBe(0);
      expect(await count(db, "hub_indicator_subjects")).toBe(0);
      expect(await db.select().from(gigMarkets)).toMatchObject([
        { marketId: "M9", districtCode: "350206", standardised: false, name: null },
      ]);
      await ensureTotals(db, { cipher });
      // The same registry on both sides, as the migration left it.
      await fresh.db.db.insert(gigMarkets).values(await db.select().from(gigMarkets));
      const expected = await snapshot(fresh.db.db);
      expect(expected.contributions.length).toBeGreaterThan(50);
      expect(await snapshot(db)).toEqual(expected);
    } finally {
      await upgraded.close();
    }
  });
});
