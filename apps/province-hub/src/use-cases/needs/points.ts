import { openMasked, type PiiCipher, rowsOf } from "@pes/sync";
import type { Database } from "@pes/sync/db";
import { sql } from "drizzle-orm";
import { type Shortfall131, sentNeeds } from "../../db/tables/needs.js";
import { hubPersons, hubRecords } from "../../db/tables/records.js";
import type { UseCaseContext } from "../context.js";
import type { Reason } from "../flowback/needs.js";
import { countColumns, countsOf, type NeedCounts } from "./districts.js";

export type PointKind = "service-point" | "community" | "unassigned";

export interface PointPerson {
  personKey: string;
  /** Masked; null only if the hub lost the person (never seen in practice). */
  name: string | null;
  idNumber: string | null;
  reasons: Reason[];
  shortfall131?: Shortfall131;
  since: string | null;
}

export type PointNeeds = {
  kind: PointKind;
  servicePointId: string;
  personCount: number;
  truncated: boolean;
  persons: PointPerson[];
} & NeedCounts;

/** The order the flow-back lists reasons in. */
const REASONS = sql`array['131-shortfall', 'zero-employment-family', 'graduate-without-contact']`;

/**
 * The open needs of one district (as districtNeeds keys them) per place that acts on them: a 131
 * shortfall at the registration's service point, a zero-employment family at its community (or
 * "unassigned"), an uncontacted graduate at the service point of their registration (or
 * "unassigned": the ledger names no point). A person with several reasons is listed at each place,
 * with the reasons that place them there and the earliest date among them. One query for the
 * places and the first `cap` persons of each (longest waiting first), one to mask those persons.
 */
export async function pointNeeds(
  { db, cipher }: Pick<UseCaseContext, "db" | "cipher">,
  {
    city,
    districtCode: district,
    perPoint: cap,
  }: {
    city: string;
    districtCode: string;
    /** At most this many persons listed per place, longest waiting first. */
    perPoint: number;
  },
): Promise<PointNeeds[]> {
  // Each lookup runs only for persons with a reason that needs it (the gate inside the subquery).
  const anchor = (type: string, state: string, reasons: string[]) => sql`left join lateral (
      select data from ${hubRecords} r where r.person_key = o.person_key and r.type = ${type}
        and r.data->>'state' = ${state} and o.reasons && ${sql.param(reasons)}::text[]
      order by r.event_time desc limit 1)`;
  const rows = rowsOf<
    Parameters<typeof countsOf>[0] & {
      kind: PointKind;
      point: string;
      person_key: string;
      reasons: Reason[];
      since: string | null;
      shortfall131: Shortfall131 | null;
      person_count: string;
    }
  >(
    await db.execute(sql`with open as (
        select person_key, reasons, shortfall131 from ${sentNeeds}
        where status = 'open' and city_code = ${city} and coalesce(area_code, city_code) = ${district}
      ), placed as (
        select o.person_key, o.shortfall131, x.reason, x.point, x.since,
          case when x.point is null then 'unassigned' else x.kind end as kind
        from open o
        ${anchor("unemployment-registration", "registered", ["131-shortfall", "graduate-without-contact"])} reg on true
        ${anchor("zero-employment-family", "identified", ["zero-employment-family"])} fam on true
        left join lateral (
          select data from ${hubRecords} r where r.person_key = o.person_key and r.type = 'key-group-membership'
            and r.data->>'group' = 'college-graduate' and r.data->>'endedOn' is null
            and 'graduate-without-contact' = any(o.reasons)
          order by r.event_time desc limit 1) grad on true
        cross join lateral (values
          ('131-shortfall', 'service-point', reg.data->>'servicePointId', reg.data->>'registeredOn'),
          ('zero-employment-family', 'community', fam.data->>'communityCode', fam.data->>'identifiedOn'),
          ('graduate-without-contact', 'service-point', reg.data->>'servicePointId', grad.data->>'startedOn')
        ) as x(reason, kind, point, since)
        where x.reason = any(o.reasons)
      ), at_point as (
        select kind, coalesce(point, 'unassigned') as point, person_key,
          array_agg(reason order by array_position(${REASONS}, reason)) as reasons,
          min(since) as since,
          (array_agg(shortfall131) filter (where reason = '131-shortfall'))[1] as shortfall131
        from placed group by 1, 2, 3
      ), ranked as (
        select *, ${countColumns(sql`over w`)}, count(*) over w as person_count,
          row_number() over (partition by kind, point order by since nulls last, person_key) as rn
        from at_point window w as (partition by kind, point)
      )
      select * from ranked where rn <= ${cap}
      order by kind = 'unassigned', point, kind, rn`),
  );
  const masked = await maskedPersons(db, cipher, [...new Set(rows.map((r) => r.person_key))]);
  const points = new Map<string, PointNeeds>();
  for (const row of rows) {
    const id = `${row.kind}|${row.point}`;
    let point = points.get(id);
    if (!point) {
      const personCount = Number(row.person_count);
      point = {
        kind: row.kind,
        servicePointId: row.point,
        ...countsOf(row),
        personCount,
        truncated: personCount > cap,
        persons: [],
      };
      points.set(id, point);
    }
    const who = masked.get(row.person_key);
    point.persons.push({
      personKey: row.person_key,
      name: who?.name ?? null,
      idNumber: who?.idNumber ?? null,
      reasons: row.reasons,
      ...(row.shortfall131 ? { shortfall131: row.shortfall131 } : {}),
      since: row.since,
    });
  }
  return [...points.values()];
}

/** Decrypted only to be masked: a clear name or ID number never leaves this function. */
async function maskedPersons(db: Database, cipher: PiiCipher, keys: string[]) {
  if (keys.length === 0) return new Map<string, { name: string; idNumber: string }>();
  const rows = await db
    .select({ key: hubPersons.personKey, nameEnc: hubPersons.nameEnc, idNumberEnc: hubPersons.idNumberEnc })
    .from(hubPersons)
    .where(sql`${hubPersons.personKey} = any(${sql.param(keys)}::text[])`);
  return new Map(
    rows.map((p) => {
      const { name, idNumber } = openMasked(cipher, p);
      return [p.key, { name, idNumber }];
    }),
  );
}
