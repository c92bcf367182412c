import { birthDateOfResidentId } from "@pes/schemas";
import { columnsOf, type PiiCipher, rowsOf } from "@pes/sync";
import type { Database } from "@pes/sync/db";
import { and, eq, inArray, lte, sql } from "drizzle-orm";
import {
  indicatorContributions,
  indicatorDeclarations,
  indicatorTargets,
} from "../../db/tables/indicators.js";
import { gigMarkets } from "../../db/tables/needs.js";
import { hubPersons, hubRecords } from "../../db/tables/records.js";
import {
  BUILT_IN_TARGET_LABEL,
  BUILT_IN_TARGETS,
  CATALOGUE,
  GIG_MARKETS_COMPONENT,
} from "../../domain/indicators/catalogue.js";
import {
  computeTable,
  type Declaration,
  gigMarketFigure,
  type IndicatorRow,
  type Scope,
  type TargetTable,
} from "../../domain/indicators/compute.js";
import { declarationOf, deriveContributions } from "../../domain/indicators/derive.js";
import type { UseCaseContext } from "../context.js";
import { loadTimelines, lockPersons } from "../ingest/store.js";
import type { AppliedRecord, IngestChunk, IngestExtension, StoredRecord } from "../ingest/types.js";
import { figuresAsOf, holdingHistory, releasingHistory } from "./history.js";
import { type CountedRow, countedRowsOf, figures, moveTotals, PROVINCE_CODE } from "./totals.js";

/** Record types whose contributions depend on the person's other records (read at service time, since…). */
const PERSON_TYPES = [
  "employment-registration",
  "unemployment-registration",
  "key-group-membership",
  "difficulty-recognition",
  "service-record",
  "training-record",
  "service-rating",
  "zero-employment-family",
  "gig-placement",
  "gig-rating",
];

const COUNTED = new Set(PERSON_TYPES);

/**
 * The birth dates the hub kept of the persons (hub_persons.birth_date); given the cipher, also of the
 * persons kept without one (a producer may leave the optional birthDate out), from their ID number.
 */
async function birthDatesOf(
  tx: Database,
  personKeys: readonly string[],
  cipher?: PiiCipher,
): Promise<Map<string, string>> {
  if (personKeys.length === 0) return new Map();
  const rows = await tx
    .select({
      key: hubPersons.personKey,
      birthDate: hubPersons.birthDate,
      idNumberEnc: hubPersons.idNumberEnc,
    })
    .from(hubPersons)
    .where(
      sql`${hubPersons.personKey} = any(${sql.param([...personKeys])}::text[])${cipher ? sql`` : sql` and ${hubPersons.birthDate} is not null`}`,
    );
  const out = new Map<string, string>();
  for (const r of rows) {
    if (r.birthDate) out.set(r.key, String(r.birthDate));
    else if (cipher) {
      const idNumber = cipher.decrypt(r.idNumberEnc);
      if (idNumber.length === 18) out.set(r.key, birthDateOfResidentId(idNumber));
    }
  }
  return out;
}

/**
 * The engine's entry point on the ingest path, in the consumer's transaction: called with the
 * records the hub has just stored as their newest revisions and their persons' timelines. A
 * declaration is kept as declared; any other record (re)derives the contributions of its person's
 * whole timeline, so a record that arrives late (a ledger line after the service it qualifies)
 * corrects what was counted before it. Only the contributions that changed are written.
 */
export async function applyChunk(
  tx: Database,
  { records, timelines }: IngestChunk,
  opts: { cipher?: PiiCipher } = {},
): Promise<void> {
  for (const r of records)
    if (r.type === "declared-indicator-value") await storeDeclaration({ db: tx }, declarationOf(r));
  const counted = records.filter((r) => r.type !== "declared-indicator-value");
  // The records in hand win over their stored rows: callers may apply before (or without) storing.
  const byId = new Map<string, StoredRecord>();
  for (const r of counted) {
    if (!r.personKey) continue;
    for (const t of timelines.get(r.personKey) ?? []) if (COUNTED.has(t.type)) byId.set(t.recordId, t);
  }
  for (const r of counted) byId.set(r.recordId, r);
  const all = [...byId.values()];
  if (all.length === 0) return;
  const derived = deriveContributions(
    all,
    await birthDatesOf(tx, [...new Set(all.flatMap((r) => (r.personKey ? [r.personKey] : [])))], opts.cipher),
  );
  const wanted = new Map<string, ContributionRow>();
  for (const r of all)
    for (const c of derived.get(r.recordId) ?? [])
      wanted.set(keyOf(r.recordId, c), { ...c, recordId: r.recordId, source: r.source, eventTime: r.time });
  await writeChanges(
    tx,
    all.map((r) => r.recordId),
    wanted,
  );
}

/** applyChunk for records outside the ingest (tests, tools): reads their persons' timelines first. */
export async function applyRecords(tx: Database, records: readonly AppliedRecord[]): Promise<void> {
  const keys = [...new Set(records.flatMap((r) => (r.personKey ? [r.personKey] : [])))];
  await applyChunk(tx, { records, timelines: await loadTimelines(tx, keys) });
}

/** One record at a time (tests, tools). */
export const applyRecord = (tx: Database, record: AppliedRecord) => applyRecords(tx, [record]);

type ContributionRow = typeof indicatorContributions.$inferInsert;
const keyOf = (recordId: string, c: { component: string; month: string; subject: string }) =>
  `${recordId}|${c.component}|${c.month}|${c.subject}`;
const sameRow = (a: ContributionRow, b: ContributionRow) =>
  a.value === b.value &&
  a.cityCode === b.cityCode &&
  (a.districtCode ?? null) === (b.districtCode ?? null) &&
  a.source === b.source &&
  a.eventTime.getTime() === b.eventTime.getTime();

/** Replaces the contributions of `recordIds` with `wanted`, touching only the rows that differ. */
async function writeChanges(tx: Database, recordIds: string[], wanted: Map<string, ContributionRow>) {
  const existing = await tx
    .select()
    .from(indicatorContributions)
    .where(sql`${indicatorContributions.recordId} = any(${sql.param(recordIds)}::text[])`);
  const stale: ContributionRow[] = [];
  for (const row of existing) {
    const key = keyOf(row.recordId, row);
    const want = wanted.get(key);
    if (want && sameRow(row, want)) wanted.delete(key);
    else stale.push(row);
  }
  const changes: Array<{ row: CountedRow; delta: 1 | -1 }> = [];
  // Only rows this transaction really deleted or inserted move the totals: a chunk of another city
  // re-deriving the same person at the same time may have done it first.
  if (stale.length) {
    const col = columnsOf(stale);
    const deleted = await tx.execute(
      releasingHistory(sql`delete from ${indicatorContributions} c
        using unnest(${col((r) => r.recordId)}::text[], ${col((r) => r.component)}::text[],
          ${col((r) => r.month)}::text[], ${col((r) => r.subject)}::text[]) as x(r, k, m, s)
        where c.record_id = x.r and c.component = x.k and c.month = x.m and c.subject = x.s
        returning c.*`),
    );
    for (const row of countedRowsOf(deleted)) changes.push({ row, delta: -1 });
  }
  const rows = [...wanted.values()];
  for (let i = 0; i < rows.length; i += 1000) {
    const part = rows.slice(i, i + 1000);
    const col = columnsOf(part);
    const inserted = await tx.execute(
      holdingHistory(sql`insert into ${indicatorContributions}
          (record_id, component, city_code, district_code, month, subject, value, source, event_time)
        select r, k, c, d, m, s, v::float8, src, t::timestamptz
        from unnest(${col((r) => r.recordId)}::text[], ${col((r) => r.component)}::text[],
          ${col((r) => r.cityCode)}::text[], ${col((r) => r.districtCode ?? null)}::text[], ${col((r) => r.month)}::text[],
          ${col((r) => r.subject)}::text[], ${col((r) => String(r.value))}::text[], ${col((r) => r.source)}::text[],
          ${col((r) => r.eventTime.toISOString())}::text[]) as x(r, k, c, d, m, s, v, src, t)
        on conflict (record_id, component, month, subject) do nothing
        returning *`),
    );
    for (const row of countedRowsOf(inserted)) changes.push({ row, delta: 1 });
  }
  await moveTotals(tx, changes);
}

/** The engine as an ingest extension: `ingestBatchHandler({ extensions: [indicatorExtension()] })`. */
export function indicatorExtension(): IngestExtension {
  return (tx, chunk) => applyChunk(tx, chunk);
}

/** Keeps a declaration unless a newer revision of it is already kept. */
export async function storeDeclaration({ db }: Pick<UseCaseContext, "db">, d: Declaration): Promise<void> {
  const values = { ...d, declaredAt: new Date(d.declaredAt) };
  await db
    .insert(indicatorDeclarations)
    .values(values)
    .onConflictDoUpdate({
      target: indicatorDeclarations.recordId,
      set: {
        revision: sql`excluded.revision`,
        code: sql`excluded.code`,
        period: sql`excluded.period`,
        value: sql`excluded.value`,
        declaredBy: sql`excluded.declared_by`,
        declaredAt: sql`excluded.declared_at`,
        source: sql`excluded.source`,
      },
      setWhere: sql`${indicatorDeclarations.revision} < excluded.revision`,
    });
}

/** The declarations kept; with `asOf`, those whose kept revision was declared by then. */
async function declarations(db: Database, scope: Scope, period: string, asOf?: Date): Promise<Declaration[]> {
  const periods = [...new Set([period, period.slice(0, 4)])];
  const rows = await db
    .select()
    .from(indicatorDeclarations)
    .where(
      and(
        inArray(indicatorDeclarations.period, periods),
        scope.level === "city" ? eq(indicatorDeclarations.cityCode, scope.cityCode) : sql`true`,
        asOf ? lte(indicatorDeclarations.declaredAt, asOf) : sql`true`,
      ),
    );
  return rows.map((r) => ({ ...r, declaredAt: r.declaredAt.toISOString() }));
}

/**
 * The targets that apply: a table loaded for the area and year; for a city without one, Xiamen's
 * built-in 2023 table; for a district without one, its city's targets of the rates (shares do not
 * scale down to a district, quantities do not); for the province, only a table loaded for 350000.
 */
export async function targetTableFor(db: Database, scope: Scope, year: number): Promise<TargetTable | null> {
  const area = scope.level === "province" ? PROVINCE_CODE : (scope.districtCode ?? scope.cityCode);
  const loaded = await loadedTargets(db, area, year);
  if (loaded || scope.level === "province") return loaded;
  const city = (await loadedTargets(db, scope.cityCode, year)) ?? {
    label: BUILT_IN_TARGET_LABEL,
    targets: BUILT_IN_TARGETS,
  };
  if (!scope.districtCode) return city;
  const rates = new Set(CATALOGUE.filter((d) => d.unit === "%").map((d) => d.code));
  return {
    label: `${city.label} (rates only, for the district)`,
    targets: Object.fromEntries(Object.entries(city.targets).filter(([code]) => rates.has(code))),
  };
}

async function loadedTargets(db: Database, areaCode: string, year: number): Promise<TargetTable | null> {
  const rows = await db
    .select()
    .from(indicatorTargets)
    .where(and(eq(indicatorTargets.areaCode, areaCode), eq(indicatorTargets.year, year)));
  if (rows.length === 0) return null;
  const { loadedBy, loadedAt } = rows[0]!;
  return {
    label: `${areaCode}/${year} loaded by ${loadedBy} at ${loadedAt.toISOString()}`,
    targets: Object.fromEntries(rows.map((r) => [r.code, r.target])),
  };
}

/** Replaces the target table of an area and year. */
export async function loadTargets(
  { db }: Pick<UseCaseContext, "db">,
  input: { areaCode: string; year: number; targets: Record<string, number>; loadedBy: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .delete(indicatorTargets)
      .where(and(eq(indicatorTargets.areaCode, input.areaCode), eq(indicatorTargets.year, input.year)));
    const rows = Object.entries(input.targets).map(([code, target]) => ({
      areaCode: input.areaCode,
      year: input.year,
      code,
      target,
      loadedBy: input.loadedBy,
    }));
    if (rows.length) await tx.insert(indicatorTargets).values(rows);
  });
}

/**
 * The indicator table of a scope and period, from the incremental state; with `asOf`, from the
 * contributions the hub held at that instant (history.ts) and the declarations made by then.
 */
export async function indicatorTable(
  { db }: Pick<UseCaseContext, "db">,
  input: { scope: Scope; period: string; asOf?: Date | undefined },
): Promise<IndicatorRow[]> {
  const { scope, period, asOf } = input;
  const [f, d, targets, markets] = await Promise.all([
    asOf ? figuresAsOf(db, scope, period, asOf) : figures(db, scope, period),
    declarations(db, scope, period, asOf),
    targetTableFor(db, scope, Number(period.slice(0, 4))),
    db.select().from(gigMarkets),
  ]);
  f[GIG_MARKETS_COMPONENT] = gigMarketFigure(
    markets.map((m) => ({ ...m, lastSeenAt: m.lastSeenAt?.toISOString() ?? null })),
    scope,
  );
  return computeTable({ figures: f, declarations: d, targets, scope, period });
}

/**
 * Derives every contribution afresh from the stored records (after the definitions changed): a
 * person's timeline at a time, `batchSize` persons per transaction, so memory and each transaction
 * stay bounded however large the province. Each batch holds its persons as the ingest does, so a
 * chunk about the same person (another replica's consumer) cannot interleave with it. Writes only
 * what differs from the stored contributions, so running it again (after an interrupted run)
 * completes it. Birth dates come from hub_persons, and from the ID number given the cipher.
 */
export async function rederiveContributions(
  db: Database,
  opts: { batchSize?: number; cipher?: PiiCipher } = {},
): Promise<void> {
  const batchSize = opts.batchSize ?? 500;
  let after = "";
  for (;;) {
    const keys = rowsOf<{ person_key: string }>(
      await db.execute(sql`select distinct person_key from ${hubRecords}
        where person_key is not null and person_key > ${after} order by person_key limit ${batchSize}`),
    ).map((r) => r.person_key);
    if (keys.length === 0) break;
    await db.transaction(async (tx) => {
      await lockPersons(
        tx,
        keys.map((personKey) => ({ personKey }) as AppliedRecord),
      );
      const timelines = await loadTimelines(tx, keys);
      const records = [...timelines.values()].flat();
      await applyChunk(tx, { records: records as unknown as AppliedRecord[], timelines }, opts);
    });
    after = keys.at(-1)!;
  }
  // Records about no person (vacancies, gig postings, declarations).
  let afterId = "";
  for (;;) {
    const rows = await db
      .select()
      .from(hubRecords)
      .where(sql`${hubRecords.personKey} is null and ${hubRecords.recordId} > ${afterId}`)
      .orderBy(hubRecords.recordId)
      .limit(batchSize * 10);
    if (rows.length === 0) break;
    const records = rows.map((r) => ({ ...r, time: r.eventTime })) as unknown as AppliedRecord[];
    await db.transaction((tx) => applyChunk(tx, { records, timelines: new Map() }));
    afterId = rows.at(-1)!.recordId;
  }
}
