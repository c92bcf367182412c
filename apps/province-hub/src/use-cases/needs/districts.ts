import { rowsOf } from "@pes/sync";
import { sql } from "drizzle-orm";
import { sentNeeds } from "../../db/tables/needs.js";
import type { UseCaseContext } from "../context.js";

/** What an area (a district, or a service point of it) still owes its persons. */
export interface NeedCounts {
  shortfall131: {
    /** Persons whose 131 is not complete. */
    persons: number;
    careerGuidance: number;
    jobRecommendations: number;
    trainingOrInternship: number;
  };
  zeroEmploymentFamilies: number;
  graduatesWithoutContact: number;
}

type CountRow = {
  persons131: number;
  career_guidance: number;
  job_recommendations: number;
  training_or_internship: number;
  families: number;
  graduates: number;
};

/**
 * The count columns of a select over open needs rows (`reasons`, `shortfall131`), as aggregates or,
 * with `over`, as window aggregates. A zero-employment family is keyed by its applicant, so its
 * persons are its families.
 */
export const countColumns = (over = sql``) => sql`
  count(*) filter (where '131-shortfall' = any(reasons)) ${over} as persons131,
  coalesce(sum((shortfall131->>'careerGuidance')::int) ${over}, 0) as career_guidance,
  coalesce(sum((shortfall131->>'jobRecommendations')::int) ${over}, 0) as job_recommendations,
  coalesce(sum((shortfall131->>'trainingOrInternship')::int) ${over}, 0) as training_or_internship,
  count(*) filter (where 'zero-employment-family' = any(reasons)) ${over} as families,
  count(*) filter (where 'graduate-without-contact' = any(reasons)) ${over} as graduates`;

/** Postgres hands counts and sums back as bigint/numeric strings. */
export function countsOf(row: CountRow): NeedCounts {
  return {
    shortfall131: {
      persons: Number(row.persons131),
      careerGuidance: Number(row.career_guidance),
      jobRecommendations: Number(row.job_recommendations),
      trainingOrInternship: Number(row.training_or_internship),
    },
    zeroEmploymentFamilies: Number(row.families),
    graduatesWithoutContact: Number(row.graduates),
  };
}

/**
 * The open service-needed notices of a city totalled per district, as the city was told them: the
 * district of the need's anchor record (the registration, else the family, else the graduate
 * ledger line), or the city's own code when that record has no district. One query.
 */
export async function districtNeeds(
  { db }: Pick<UseCaseContext, "db">,
  { city }: { city: string },
): Promise<Array<{ districtCode: string } & NeedCounts>> {
  const rows = rowsOf<CountRow & { district_code: string }>(
    await db.execute(sql`select coalesce(area_code, city_code) as district_code, ${countColumns()}
      from ${sentNeeds} where status = 'open' and city_code = ${city}
      group by 1 order by 1`),
  );
  return rows.map((r) => ({ districtCode: r.district_code, ...countsOf(r) }));
}
