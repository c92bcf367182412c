import { columnsOf, type PiiCipher, rowsOf, sealRecord } from "@pes/sync";
import type { Database } from "@pes/sync/db";
import { sql } from "drizzle-orm";
import { hubRecords } from "../../db/tables/records.js";
import type { AppliedRecord, StoredRecord } from "./types.js";

/**
 * Upserts the records in one statement and returns those stored: new, or a newer revision than the
 * hub had. The person travels only as its key; who it is lives encrypted in hub_persons, and any
 * other personal data of the record (a contact mobile, a family's members) is kept sealed in place.
 * `records` must hold each record id once.
 */
export async function storeNewest(
  tx: Database,
  cipher: PiiCipher,
  records: readonly AppliedRecord[],
): Promise<AppliedRecord[]> {
  if (records.length === 0) return [];
  const col = columnsOf(records);
  const stored = rowsOf<{ record_id: string; inserted: boolean }>(
    await tx.execute(sql`insert into ${hubRecords}
        (record_id, type, revision, city_code, district_code, person_key, source, event_id, event_time, data)
      select id, type, rev, city, district, person, source, event, time::timestamptz, data::jsonb
      from unnest(${col((r) => r.recordId)}::text[], ${col((r) => r.type)}::text[], ${col((r) => r.revision)}::int[],
        ${col((r) => r.cityCode)}::text[], ${col((r) => r.districtCode)}::text[], ${col((r) => r.personKey)}::text[],
        ${col((r) => r.source)}::text[], ${col((r) => r.eventId)}::text[],
        ${col((r) => r.time.toISOString())}::text[], ${col((r) => dataToKeep(cipher, r))}::text[])
        as x(id, type, rev, city, district, person, source, event, time, data)
      order by id
      on conflict (record_id) do update set revision = excluded.revision, district_code = excluded.district_code,
        event_id = excluded.event_id, event_time = excluded.event_time, data = excluded.data, received_at = now()
      where ${hubRecords.revision} < excluded.revision
      returning record_id, (xmax = 0) as inserted`),
  );
  const inserted = new Map(stored.map((r) => [r.record_id, r.inserted]));
  return records
    .filter((r) => inserted.has(r.recordId))
    .map((r) => ({ ...r, firstSeen: inserted.get(r.recordId) === true }));
}

function dataToKeep(cipher: PiiCipher, r: AppliedRecord): string {
  const { person: _person, ...rest } = r.data;
  return JSON.stringify(sealRecord(cipher, r.type, rest));
}

/**
 * The provincial timelines of `personKeys`: every stored record of each, one query for all. Personal
 * fields stay sealed (openRecord opens them): the rules read none but the needs' contact mobile.
 */
export async function loadTimelines(
  tx: Database,
  personKeys: readonly string[],
): Promise<Map<string, StoredRecord[]>> {
  const timelines = new Map<string, StoredRecord[]>(personKeys.map((k) => [k, []]));
  if (personKeys.length === 0) return timelines;
  const rows = rowsOf<{
    type: string;
    record_id: string;
    city_code: string;
    district_code: string | null;
    person_key: string;
    source: string;
    event_time: string | Date;
    data: Record<string, unknown>;
  }>(
    await tx.execute(sql`select type, record_id, city_code, district_code, person_key, source, event_time, data
      from ${hubRecords} where person_key = any(${sql.param([...personKeys])}::text[])`),
  );
  for (const r of rows)
    timelines.get(r.person_key)?.push({
      type: r.type,
      recordId: r.record_id,
      cityCode: r.city_code,
      districtCode: r.district_code,
      personKey: r.person_key,
      source: r.source,
      time: new Date(r.event_time),
      data: r.data,
    });
  return timelines;
}

/**
 * Holds each person of the chunk until it commits: a chunk from another city about the same person
 * waits, then reads a timeline that includes this chunk's records, so neither derives from a stale one.
 * In hash order, so two chunks cannot deadlock.
 */
export async function lockPersons(tx: Database, records: readonly AppliedRecord[]): Promise<void> {
  const keys = [...new Set(records.flatMap((r) => (r.personKey ? [r.personKey] : [])))];
  if (keys.length === 0) return;
  await tx.execute(sql`select pg_advisory_xact_lock(h) from (
    select distinct hashtextextended(k, 11) as h from unnest(${sql.param(keys)}::text[]) as k order by h) as ordered`);
}
