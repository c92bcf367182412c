/**
 * The known answer of ./dataset.ts, written by hand from the construction and the definitions below —
 * not computed by the engine. Periods: March 2025, April 2025, 2025-Q1 and the year 2025; areas: 厦门
 * 350200, 思明 350203, 湖里 350206, 泉州 350500 and the province. Person codes are those of dataset.ts.
 *
 * Definitions (the target rules of the indicator table):
 * - new_employment: distinct persons with an employment registration whose registeredOn is in the period.
 * - registered_unemployed: registrations open (registered, not closed) at the period's end.
 * - *_service_visits: service records in the period whose person was, on the service day, on the
 *   ledger (college-graduate, rural-migrant), had an open registration, or was an employment-difficulty person.
 * - subsidized_training_visits: subsidised training records completed in the period.
 * - one_stop_policy_visits: online policy-handling services; one_stop_jobs_visits: online job-seeker and
 *   vacancy registrations, online job applications and online job services (job recommendation …).
 * - one_on_one_contact_rate, at the period's end: graduates on the ledger within two years of leaving
 *   school and not employed, plus registered unemployed aged 16–24 who are employment-difficulty persons;
 *   numerator: those with a staff-given (not online) one-to-one contact by then.
 * - certificate_rate: distinct persons who finished a training in the period with a certificate /
 *   distinct persons who finished one.
 * - served_to_employed_ratio: distinct persons served in the period / those employed on or after one of
 *   their services in the period.
 * - graduate_employment_rate: the cohort graduated in the period's year; employed at the period's end.
 * - reemployment_completion (numerator): distinct registered unemployed persons employed in the period.
 * - difficulty_employed: distinct employment-difficulty persons employed in the period.
 * - zero_employment_family_rate: families identified and not cleared before the period began plus those
 *   identified in it; numerator: of those, cleared by the period's end.
 * - difficult_graduate_rate: graduates on the ledger who first became employment-difficulty persons in
 *   the period; numerator: those given a substantive help (career guidance, job recommendation, training
 *   or internship offer, assistance — not a consultation or survey) on or after that day (the period rule
 *   of GET /v1/indicators/definitions).
 * - satisfaction: satisfied ratings (satisfied, or 3–5 points) / ratings of the category in the period.
 * - A count is 0 in an area that reported records in the period; a rate is not measurable (null) only
 *   when its denominator is 0.
 */

export const PERIODS = ["2025-03", "2025-04", "2025-Q1", "2025"] as const;
export type Period = (typeof PERIODS)[number];
export const AREAS = {
  xiamen: { city: "350200" },
  siming: { city: "350200", district: "350203" },
  huli: { city: "350200", district: "350206" },
  quanzhou: { city: "350500" },
  province: {},
} as const;
export type Area = keyof typeof AREAS;

/** A count per period (March, April, Q1, year): its numerator; actual = count × unit factor. */
type Counts = readonly [number, number, number, number];
/** A rate per period: [numerator, denominator, actual %] or, with a zero denominator, [0, 0, null]. */
type Rate = readonly [number, number, number | null];
type Rates = readonly [Rate, Rate, Rate, Rate];
const NM: Rate = [0, 0, null];

/** Counts in persons or visits; the table shows them in 10k (actual = n / 10000). */
export const COUNTS: Record<string, Record<Area, Counts>> = {
  // 思明 Mar: U2, G4, GC1, F1; Apr: F4, F3, XQ; Q1 adds LJ (job 2024-12-20, registered 2025-01-06).
  // 湖里 Apr: PD, GC3, DE1. 泉州 Mar: Q2; Apr: XQ. Province: XQ once.
  new_employment: {
    xiamen: [4, 6, 5, 11],
    siming: [4, 3, 5, 8],
    huli: [0, 3, 0, 3],
    quanzhou: [1, 1, 1, 2],
    province: [5, 6, 6, 12],
  },
  // Open at 03-31: 思明 U1, U5, DG1, PD; 湖里 U3, Y1, DE1, DG2; 泉州 Q1.
  // Open at 04-30 (and 12-31): 思明 U1, U4, DG1; 湖里 Y1, DG2, U6; 泉州 Q1.
  registered_unemployed: {
    xiamen: [8, 6, 8, 6],
    siming: [4, 3, 4, 3],
    huli: [4, 3, 4, 3],
    quanzhou: [1, 1, 1, 1],
    province: [9, 7, 9, 7],
  },
  // 思明 Feb G1, G4; Mar G5, DG1; Apr DG1. 湖里 Mar G3 (online), DG2; Apr G3.
  graduate_service_visits: {
    xiamen: [4, 2, 6, 8],
    siming: [2, 1, 4, 5],
    huli: [2, 1, 2, 3],
    quanzhou: [0, 0, 0, 0],
    province: [4, 2, 6, 8],
  },
  // 思明 R2 03-31 23:30 (March), 04-01 00:10 (April); 湖里 R1 03-18 (ledger line posted late).
  rural_labor_service_visits: {
    xiamen: [2, 1, 2, 3],
    siming: [1, 1, 1, 2],
    huli: [1, 0, 1, 1],
    quanzhou: [0, 0, 0, 0],
    province: [2, 1, 2, 3],
  },
  // 思明 Mar U1, U2, DG1, PD; Apr DG1. 湖里 Mar PD, Y1, DG2; Apr U3, DE1. 泉州 Mar Q1.
  registered_unemployed_service_visits: {
    xiamen: [7, 3, 7, 10],
    siming: [4, 1, 4, 5],
    huli: [3, 2, 3, 5],
    quanzhou: [1, 0, 1, 1],
    province: [8, 3, 8, 11],
  },
  // 思明 DG1 Mar, Apr. 湖里 Mar Y1, DG2; Apr DE1.
  difficulty_service_visits: {
    xiamen: [3, 2, 3, 5],
    siming: [1, 1, 1, 2],
    huli: [2, 1, 2, 3],
    quanzhou: [0, 0, 0, 0],
    province: [3, 2, 3, 5],
  },
  // 思明 Mar T1 (A), T2 (C; D was not subsidised); Apr T1 (B). 泉州 Mar Q2. T1's enrolment alone counts nothing.
  subsidized_training_visits: {
    xiamen: [2, 1, 2, 3],
    siming: [2, 1, 2, 3],
    huli: [0, 0, 0, 0],
    quanzhou: [1, 0, 1, 1],
    province: [3, 1, 3, 4],
  },
  // OP's online policy-handling 03-14; its online policy consultations (03-14, 04-09) are not policy handling.
  one_stop_policy_visits: {
    xiamen: [1, 0, 1, 1],
    siming: [1, 0, 1, 1],
    huli: [0, 0, 0, 0],
    quanzhou: [0, 0, 0, 0],
    province: [1, 0, 1, 1],
  },
  // April, 思明: OP's online job recommendation, online job-seeker registration, an online vacancy registration.
  one_stop_jobs_visits: {
    xiamen: [0, 3, 0, 3],
    siming: [0, 3, 0, 3],
    huli: [0, 0, 0, 0],
    quanzhou: [0, 0, 0, 0],
    province: [0, 3, 0, 3],
  },
  // U2 (思明 Mar), PD (employed in 湖里 Apr), DE1 (湖里 Apr).
  reemployment_completion: {
    xiamen: [1, 2, 1, 3],
    siming: [1, 0, 1, 1],
    huli: [0, 2, 0, 2],
    quanzhou: [0, 0, 0, 0],
    province: [1, 2, 1, 3],
  },
  // DE1, 湖里, April.
  difficulty_employed: {
    xiamen: [0, 1, 0, 1],
    siming: [0, 0, 0, 0],
    huli: [0, 1, 0, 1],
    quanzhou: [0, 0, 0, 0],
    province: [0, 1, 0, 1],
  },
};

export const RATES: Record<string, Record<Area, Rates>> = {
  // 思明 (all ends): G1 (contacted), GC2 (not), DG1 (follow-up survey) — G4, GC1 employed, G5 left school 2022.
  // 湖里 03-31: GC3 (not), G3 (online only), DG2, Y1 (03-31 23:30); 04-30 and 12-31: G3, DG2, Y1 (GC3 employed).
  one_on_one_contact_rate: {
    xiamen: [
      [4, 7, 57.14],
      [5, 6, 83.33],
      [4, 7, 57.14],
      [5, 6, 83.33],
    ],
    siming: [
      [2, 3, 66.67],
      [2, 3, 66.67],
      [2, 3, 66.67],
      [2, 3, 66.67],
    ],
    huli: [
      [2, 4, 50],
      [3, 3, 100],
      [2, 4, 50],
      [3, 3, 100],
    ],
    quanzhou: [NM, NM, NM, NM],
    province: [
      [4, 7, 57.14],
      [5, 6, 83.33],
      [4, 7, 57.14],
      [5, 6, 83.33],
    ],
  },
  // Per trainee. 思明 Mar: T1 (A, no certificate), T2 (C with, D without) → 1/2; Apr: T1 (B with) → 1/1;
  // year: T1, T2 → 2/2. 泉州 Mar: Q2 with.
  certificate_rate: {
    xiamen: [
      [1, 2, 50],
      [1, 1, 100],
      [1, 2, 50],
      [2, 2, 100],
    ],
    siming: [
      [1, 2, 50],
      [1, 1, 100],
      [1, 2, 50],
      [2, 2, 100],
    ],
    huli: [NM, NM, NM, NM],
    quanzhou: [[1, 1, 100], NM, [1, 1, 100], [1, 1, 100]],
    province: [
      [2, 3, 66.67],
      [1, 1, 100],
      [2, 3, 66.67],
      [3, 3, 100],
    ],
  },
  // 思明 Mar served U1, U2, G5, DG1, R2, PD, OP; employed after: U2, PD. Apr DG1, R2, OP. Q1 adds G1, G4 (G4
  // employed 03-20). 湖里 Mar PD, Y1, G3, DG2, R1 (PD employed 04-07); Apr U3, DE1, G3 (DE1 employed).
  // 厦门 counts PD once. 泉州 Mar Q1 (not employed).
  served_to_employed_ratio: {
    xiamen: [
      [2, 11, 18.18],
      [1, 6, 16.67],
      [3, 13, 23.08],
      [4, 15, 26.67],
    ],
    siming: [
      [2, 7, 28.57],
      [0, 3, 0],
      [3, 9, 33.33],
      [3, 9, 33.33],
    ],
    huli: [
      [1, 5, 20],
      [1, 3, 33.33],
      [1, 5, 20],
      [2, 7, 28.57],
    ],
    quanzhou: [[0, 1, 0], NM, [0, 1, 0], [0, 1, 0]],
    province: [
      [2, 12, 16.67],
      [1, 6, 16.67],
      [3, 14, 21.43],
      [4, 16, 25],
    ],
  },
  // Cohort 2025: GC1 (思明, employed 03-10), GC2 (思明, never), GC3 (湖里, employed 04-08).
  graduate_employment_rate: {
    xiamen: [
      [1, 3, 33.33],
      [2, 3, 66.67],
      [1, 3, 33.33],
      [2, 3, 66.67],
    ],
    siming: [
      [1, 2, 50],
      [1, 2, 50],
      [1, 2, 50],
      [1, 2, 50],
    ],
    huli: [
      [0, 1, 0],
      [1, 1, 100],
      [0, 1, 0],
      [1, 1, 100],
    ],
    quanzhou: [NM, NM, NM, NM],
    province: [
      [1, 3, 33.33],
      [2, 3, 66.67],
      [1, 3, 33.33],
      [2, 3, 66.67],
    ],
  },
  // F4 (思明, identified 2024-11-05, cleared 04-03), F1 (思明, 01-20, cleared 03-15), F2 (湖里, 03-25, never),
  // F3 (思明, 04-10, cleared 04-28).
  zero_employment_family_rate: {
    xiamen: [
      [1, 3, 33.33],
      [2, 3, 66.67],
      [1, 3, 33.33],
      [3, 4, 75],
    ],
    siming: [
      [1, 2, 50],
      [2, 2, 100],
      [1, 2, 50],
      [3, 3, 100],
    ],
    huli: [
      [0, 1, 0],
      [0, 1, 0],
      [0, 1, 0],
      [0, 1, 0],
    ],
    quanzhou: [NM, NM, NM, NM],
    province: [
      [1, 3, 33.33],
      [2, 3, 66.67],
      [1, 3, 33.33],
      [3, 4, 75],
    ],
  },
  // DG1 (思明, on the ledger 02-01, difficult from 02-14; only a follow-up survey 03-05 and a consultation
  // 04-10), DG2 (湖里, on the ledger 03-01, difficult from 03-12; a job recommendation 03-20).
  difficult_graduate_rate: {
    xiamen: [[1, 1, 100], NM, [1, 2, 50], [1, 2, 50]],
    siming: [NM, NM, [0, 1, 0], [0, 1, 0]],
    huli: [[1, 1, 100], NM, [1, 1, 100], [1, 1, 100]],
    quanzhou: [NM, NM, NM, NM],
    province: [[1, 1, 100], NM, [1, 2, 50], [1, 2, 50]],
  },
  // 思明 Mar U2 5 (yes), G1 2 at 03-31 23:50 (no); Apr R2 satisfied at 04-01 00:20. 湖里 Mar Y1 3 (yes).
  // 泉州 Mar Q1 unsatisfied.
  pes_satisfaction: {
    xiamen: [
      [2, 3, 66.67],
      [1, 1, 100],
      [2, 3, 66.67],
      [3, 4, 75],
    ],
    siming: [
      [1, 2, 50],
      [1, 1, 100],
      [1, 2, 50],
      [2, 3, 66.67],
    ],
    huli: [[1, 1, 100], NM, [1, 1, 100], [1, 1, 100]],
    quanzhou: [[0, 1, 0], NM, [0, 1, 0], [0, 1, 0]],
    province: [
      [2, 4, 50],
      [1, 1, 100],
      [2, 4, 50],
      [3, 5, 60],
    ],
  },
  // 思明 Mar T2 1 (no); Apr T1 4 (yes).
  training_satisfaction: {
    xiamen: [
      [0, 1, 0],
      [1, 1, 100],
      [0, 1, 0],
      [1, 2, 50],
    ],
    siming: [
      [0, 1, 0],
      [1, 1, 100],
      [0, 1, 0],
      [1, 2, 50],
    ],
    huli: [NM, NM, NM, NM],
    quanzhou: [NM, NM, NM, NM],
    province: [
      [0, 1, 0],
      [1, 1, 100],
      [0, 1, 0],
      [1, 2, 50],
    ],
  },
  // 思明 Mar OP satisfied; 湖里 Apr R1 unsatisfied.
  policy_service_satisfaction: {
    xiamen: [
      [1, 1, 100],
      [0, 1, 0],
      [1, 1, 100],
      [1, 2, 50],
    ],
    siming: [[1, 1, 100], NM, [1, 1, 100], [1, 1, 100]],
    huli: [NM, [0, 1, 0], NM, [0, 1, 0]],
    quanzhou: [NM, NM, NM, NM],
    province: [
      [1, 1, 100],
      [0, 1, 0],
      [1, 1, 100],
      [1, 2, 50],
    ],
  },
};

/** Indicators whose denominator is declared (no declaration here): only the numerator is known. */
export const NUMERATOR_ONLY = new Set(["reemployment_completion"]);

/** What a row must show: numerator, denominator (rates) and actual. */
export interface ExpectedCell {
  numerator: number;
  denominator?: number;
  actual: number | null;
}

/** The expected cells of one area and period, by indicator code. */
export function expectedFor(area: Area, period: Period): Record<string, ExpectedCell> {
  const i = PERIODS.indexOf(period);
  const out: Record<string, ExpectedCell> = {};
  for (const [code, byArea] of Object.entries(COUNTS)) {
    const n = byArea[area][i]!;
    // A count's actual is in 10k, rounded to 4 places as the table shows it.
    out[code] = NUMERATOR_ONLY.has(code)
      ? { numerator: n, actual: null }
      : { numerator: n, actual: Math.round(n) / 10_000 };
  }
  for (const [code, byArea] of Object.entries(RATES)) {
    const [numerator, denominator, actual] = byArea[area][i]!;
    out[code] = { numerator, denominator, actual };
  }
  return out;
}
