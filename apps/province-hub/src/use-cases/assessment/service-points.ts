import { periodBounds } from "@pes/schemas";
import { rowsOf } from "@pes/sync";
import { sql } from "drizzle-orm";
import type { UseCaseContext } from "../context.js";

/** Annex 3 of the 2024 Fujian plan: a service point's quarter, counted from platform data (系统取数). */
export interface ServicePointQuarter {
  servicePointId: string;
  registrations: {
    employment: number;
    unemployment: number;
    jobSeeker: number;
    difficultyRecognition: number;
  };
  services: Record<string, number>;
  outcomes: {
    placedAfterReferral: number;
    ratings: number;
    satisfiedRatings: number;
    satisfiedRate: number | null;
  };
}

/**
 * Aggregates the provincial records of `cityCode` whose own dates fall in `quarter`, per service point.
 * A quarterly report reads the records of that quarter once; it is not on the ingest path.
 */
export async function assessServicePoints(
  { db }: Pick<UseCaseContext, "db">,
  { city: cityCode, district, quarter }: { city: string; district?: string | undefined; quarter: string },
): Promise<ServicePointQuarter[]> {
  const { start, endExclusive } = periodBounds(quarter);
  // One district's records, when asked: the district the record names.
  const inDistrict = (alias = sql.raw("hub_records")) =>
    district ? sql`and ${alias}.district_code = ${district}` : sql``;
  const inQuarter = (expr: ReturnType<typeof sql>) =>
    sql`(${expr})::date >= ${start}::date and (${expr})::date < ${endExclusive}::date`;
  const registrations = rowsOf<{ sp: string; type: string; n: number }>(
    await db.execute(sql`
      select data->>'servicePointId' as sp, type, count(*)::int as n from hub_records
      where city_code = ${cityCode} ${inDistrict()} and data ? 'servicePointId'
        and type in ('employment-registration', 'unemployment-registration', 'job-seeker-registration', 'difficulty-recognition')
        and ${inQuarter(sql`coalesce(data->>'appliedOn', data->>'registeredOn')`)}
      group by 1, 2`),
  );
  const services = rowsOf<{ sp: string; service_type: string; n: number }>(
    await db.execute(sql`
      select data->>'servicePointId' as sp, data->>'serviceType' as service_type, count(*)::int as n from hub_records
      where city_code = ${cityCode} ${inDistrict()} and type = 'service-record' and ${inQuarter(sql`(data->>'servedAt')::timestamptz at time zone 'Asia/Shanghai'`)}
      group by 1, 2`),
  );
  // Placed after referral: employed in the quarter after this point recommended them a job or an employer.
  const placed = rowsOf<{ sp: string; n: number }>(
    await db.execute(sql`
      select s.data->>'servicePointId' as sp, count(distinct e.person_key)::int as n
      from hub_records e join hub_records s on s.person_key = e.person_key
      where e.city_code = ${cityCode} ${inDistrict(sql.raw("e"))} and e.type = 'employment-registration' and ${inQuarter(sql`e.data->>'startedOn'`)}
        and s.type = 'service-record' and s.data->>'serviceType' in ('job-recommendation', 'employer-referral')
        and (s.data->>'servedAt')::timestamptz < (e.data->>'startedOn')::date + interval '1 day'
      group by 1`),
  );
  const ratings = rowsOf<{ sp: string; n: number; satisfied: number }>(
    await db.execute(sql`
      select data->>'servicePointId' as sp, count(*)::int as n,
        count(*) filter (where (data->'rating'->>'score')::int >= 3 or data->'rating'->>'verdict' = 'satisfied')::int as satisfied
      from hub_records
      where city_code = ${cityCode} ${inDistrict()} and type = 'service-rating' and data ? 'servicePointId' and ${inQuarter(sql`(data->>'ratedAt')::timestamptz at time zone 'Asia/Shanghai'`)}
      group by 1`),
  );

  const points = new Map<string, ServicePointQuarter>();
  const point = (id: string) => {
    let p = points.get(id);
    if (!p) {
      p = {
        servicePointId: id,
        registrations: { employment: 0, unemployment: 0, jobSeeker: 0, difficultyRecognition: 0 },
        services: {},
        outcomes: { placedAfterReferral: 0, ratings: 0, satisfiedRatings: 0, satisfiedRate: null },
      };
      points.set(id, p);
    }
    return p;
  };
  const KEY = {
    "employment-registration": "employment",
    "unemployment-registration": "unemployment",
    "job-seeker-registration": "jobSeeker",
    "difficulty-recognition": "difficultyRecognition",
  } as const;
  for (const r of registrations) point(r.sp).registrations[KEY[r.type as keyof typeof KEY]] = r.n;
  for (const s of services) point(s.sp).services[s.service_type] = s.n;
  for (const p of placed) point(p.sp).outcomes.placedAfterReferral = p.n;
  for (const r of ratings) {
    const o = point(r.sp).outcomes;
    o.ratings = r.n;
    o.satisfiedRatings = r.satisfied;
    o.satisfiedRate = r.n > 0 ? Math.round((1000 * r.satisfied) / r.n) / 10 : null;
  }
  return [...points.values()].sort((a, b) => a.servicePointId.localeCompare(b.servicePointId));
}
