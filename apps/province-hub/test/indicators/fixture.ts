import type { RegisteredMarket } from "../../src/domain/indicators/compute.js";
import type { AppliedRecord } from "../../src/use-cases/ingest/types.js";
/**
 * A small hand-made year for the indicator engine: Xiamen (350200, districts 350203 and 350206) and
 * one person in Fuzhou (350100). Events are listed in ARRIVAL order: some late, some twice, one older
 * revision after a newer one, one declaration replaced by a newer one. The expected figures are
 * worked out by hand in engine.test.ts.
 */
/** Fixture events are what the ingest hands the engine. */
export type FixtureEvent = AppliedRecord;

const XM = "350200";
const SIMING = "350203";
const HULI = "350206";
let clock = Date.parse("2025-04-05T00:00:00Z");

function ev(
  type: string,
  recordId: string,
  personKey: string | null,
  data: Record<string, unknown>,
  opts: { revision?: number; cityCode?: string; districtCode?: string | null; source?: string } = {},
): FixtureEvent {
  clock += 60_000;
  const cityCode = opts.cityCode ?? XM;
  return {
    type,
    recordId,
    revision: opts.revision ?? 1,
    firstSeen: true,
    cityCode,
    districtCode: opts.districtCode === undefined ? HULI : opts.districtCode,
    personKey,
    source: opts.source ?? `/city/${cityCode}`,
    eventId: `${recordId}@${opts.revision ?? 1}`,
    time: new Date(clock),
    data: { id: recordId, revision: opts.revision ?? 1, cityCode, ...data },
  };
}

const S = { districtCode: SIMING };
const service = (id: string, p: string, serviceType: string, servedAt: string, channel = "desk", o = {}) =>
  ev("service-record", id, p, { serviceType, channel, servedAt, servicePointId: "sp-1", staffId: "st-1" }, o);
const member = (id: string, p: string, group: string, startedOn: string, extra = {}, o = {}) =>
  ev("key-group-membership", id, p, { group, startedOn, source: "registration", ...extra }, o);
const employment = (id: string, p: string, startedOn: string, o = {}) =>
  ev("employment-registration", id, p, { form: "flexible", startedOn, registeredOn: startedOn }, o);
const unemployment = (id: string, p: string, data: Record<string, unknown>, o = {}) =>
  ev("unemployment-registration", id, p, { placeBasis: "residence", servicePointId: "sp-1", ...data }, o);
const training = (id: string, p: string, data: Record<string, unknown>) =>
  ev("training-record", id, p, {
    kind: "employment-skills",
    course: "电工",
    enrolledOn: "2025-01-02",
    ...data,
  });
const rating = (id: string, p: string, category: string, r: Record<string, unknown>, ratedAt: string) =>
  ev("service-rating", id, p, { category, rating: r, ratedAt });
const declare = (
  id: string,
  code: string,
  period: string,
  value: number,
  declaredBy: string,
  declaredAt: string,
) =>
  ev(
    "declared-indicator-value",
    id,
    null,
    { indicatorCode: code, period, value, declaredBy, declaredAt },
    { districtCode: null },
  );

const closedP3 = unemployment(
  "u-p3",
  "P3",
  { state: "closed", registeredOn: "2025-01-20", closedOn: "2025-03-15", closeReason: "employed" },
  { revision: 2 },
);
const openP3 = unemployment("u-p3", "P3", { state: "registered", registeredOn: "2025-01-20" });
const ratingTwice = rating(
  "r-1",
  "P1",
  "public-employment-service",
  { scale: "five-point", score: 5 },
  "2025-02-01T02:00:00Z",
);
const onlineJobs = service("s-p1-2", "P1", "job-recommendation", "2025-02-01T03:00:00Z", "online", S);
const postingTwice = ev("gig-posting", "g-1", null, { marketId: "M1", postedAt: "2025-02-03T02:00:00Z" });

export const EVENTS: FixtureEvent[] = [
  // P1 (思明): graduate on the ledger from 5 Jan, registered unemployed 10 Jan, re-employed 20 Feb.
  member("m-p1", "P1", "college-graduate", "2025-01-05", { graduatedOn: "2025-01-05" }, S),
  unemployment("u-p1", "P1", { state: "registered", registeredOn: "2025-01-10" }, S),
  service("s-p1-1", "P1", "career-guidance", "2025-01-15T02:00:00Z", "desk", S),
  onlineJobs,
  onlineJobs, // delivered twice
  unemployment(
    "u-p1",
    "P1",
    { state: "closed", registeredOn: "2025-01-10", closedOn: "2025-02-20", closeReason: "employed" },
    { revision: 2, ...S },
  ),
  employment("e-p1", "P1", "2025-02-20", S),
  employment("e-p1-fz", "P1", "2025-03-01", { cityCode: "350100", districtCode: null }), // a second job, in Fuzhou
  training("t-1", "P1", {
    stage: "completed",
    completedOn: "2025-03-20",
    subsidised: true,
    certificate: { type: "skill-level" },
  }),
  ratingTwice,
  ratingTwice, // delivered twice
  rating("r-2", "P1", "public-employment-service", { scale: "five-point", score: 2 }, "2025-02-02T02:00:00Z"),
  rating(
    "r-3",
    "P2",
    "public-employment-service",
    { scale: "satisfaction", verdict: "satisfied" },
    "2025-03-02T02:00:00Z",
  ),
  rating("r-4", "P2", "training", { scale: "five-point", score: 4 }, "2025-03-25T02:00:00Z"),

  // P2 (思明): rural migrant; two services either side of the quarter's end in China time.
  member("m-p2", "P2", "rural-migrant", "2025-01-01", {}, S),
  service("s-p2-1", "P2", "assistance", "2025-03-31T15:00:00Z", "desk", S), // 31 Mar 23:00 in China: Q1
  service("s-p2-2", "P2", "policy-handling", "2025-03-31T17:00:00Z", "online", S), // 1 Apr in China: Q2
  training("t-2", "P2", { stage: "completed", completedOn: "2025-03-31", subsidised: true }),
  ev("gig-placement", "gp-1", "P2", {
    marketId: "M2",
    postingId: "g-9",
    status: "placed",
    placedAt: "2025-03-03T02:00:00Z",
    workFrom: "2025-03-03",
  }),
  // The worker rates the market's service (counted); the employer rates the work (not a service rating).
  ev("gig-rating", "gr-1", "P2", {
    marketId: "M2",
    placementId: "gp-1",
    by: "worker",
    score: 4,
    ratedAt: "2025-03-05T02:00:00Z",
  }),
  ev("gig-rating", "gr-2", "P2", {
    marketId: "M2",
    placementId: "gp-1",
    by: "employer",
    score: 1,
    ratedAt: "2025-03-05T02:00:00Z",
  }),

  // P3 (湖里): recognised as an employment-difficulty person; its closed revision arrives before the open one.
  ev("difficulty-recognition", "d-p3", "P3", {
    state: "recognised",
    categories: ["skills"],
    appliedOn: "2025-01-25",
    decidedOn: "2025-02-01",
  }),
  closedP3,
  service("s-p3-1", "P3", "assistance", "2025-02-10T02:00:00Z"),
  openP3, // revision 1, late: changes nothing
  employment("e-p3", "P3", "2025-03-15"),
  training("t-3", "P3", { stage: "completed", completedOn: "2025-04-02", subsidised: false }),
  training("t-4", "P3", { stage: "enrolled", subsidised: true }),

  // P4 (湖里): a service first, the poverty-alleviated ledger line that covers it arrives later.
  service("s-p4-1", "P4", "career-guidance", "2025-01-20T02:00:00Z"),
  member("m-p4-g", "P4", "college-graduate", "2025-02-15", { graduatedOn: "2025-02-15" }),
  service("s-p4-2", "P4", "follow-up-survey", "2025-03-05T02:00:00Z"),
  member("m-p4-d", "P4", "employment-difficulty", "2025-03-01"),
  member("m-p4-p", "P4", "poverty-alleviated", "2025-01-01"), // late

  // P5 (湖里): registered unemployed since 2024, on the graduate ledger from 10 Mar, never contacted.
  unemployment("u-p5", "P5", { state: "registered", registeredOn: "2024-11-05" }),
  member("m-p5", "P5", "college-graduate", "2025-03-10", { graduatedOn: "2024-07-01" }),

  // P6 (湖里): one online policy handling (政策经办) and one online consultation (not counted); employed on the quarter's last day.
  service("s-p6-1", "P6", "policy-handling", "2025-02-14T02:00:00Z", "online"),
  service("s-p6-2", "P6", "policy-consultation", "2025-02-15T02:00:00Z", "online"),
  employment("e-p6", "P6", "2025-03-31"),

  // P7: Fuzhou only.
  employment("e-p7", "P7", "2025-02-01", { cityCode: "350100", districtCode: null }),

  // Zero-employment families: F1 cleared by its second revision, F2 not yet.
  ev("zero-employment-family", "f-1", "P6", { state: "identified", identifiedOn: "2025-01-08" }),
  ev("zero-employment-family", "f-2", "P5", { state: "identified", identifiedOn: "2025-02-02" }),
  ev(
    "zero-employment-family",
    "f-1",
    "P6",
    { state: "cleared", identifiedOn: "2025-01-08", clearedOn: "2025-03-01" },
    { revision: 2 },
  ),

  // Gig markets: M1 (posting, twice) and M2 (placement above).
  postingTwice,
  postingTwice,

  // Declarations: labour brands declared 3, then 4 by a newer declaration, then an older 2 arrives late.
  declare("dv-1", "labor_brands", "2025", 3, "staff-a", "2025-01-10T02:00:00Z"),
  declare("dv-2", "labor_brands", "2025", 4, "staff-b", "2025-03-01T02:00:00Z"),
  declare("dv-0", "labor_brands", "2025", 2, "staff-c", "2025-02-01T02:00:00Z"),
  declare("dv-3", "budget_execution_rate", "2025-Q1", 45, "staff-a", "2025-04-01T02:00:00Z"),
  declare("dv-4", "skilled_worker_share", "2025", 27.5, "staff-a", "2025-04-01T02:00:00Z"),
  declare("dv-5", "mass_incidents", "2025-Q1", 0, "staff-a", "2025-04-01T02:00:00Z"),
  declare("dv-6", "reemployment_target", "2025", 4, "staff-a", "2025-01-02T02:00:00Z"),
];

/** The expected table of Xiamen for 2025-Q1, worked out by hand from the events above. */
export const EXPECTED_XIAMEN_Q1: Record<
  string,
  { actual: number | null; attainment: string; reason?: RegExp }
> = {
  // P1, P3, P6 (P1's Fuzhou job is Fuzhou's; P7 is Fuzhou's): 3 persons = 0.0003 万人
  new_employment: { actual: 0.0003, attainment: "behind" },
  // at 31 Mar: P5 only (P1 closed 20 Feb, P3 closed 15 Mar): <= 9 万 met
  registered_unemployed: { actual: 0.0001, attainment: "met" },
  // P1 15 Jan, P1 1 Feb (twice delivered, once counted), P4 5 Mar (ledger from 15 Feb; 20 Jan not)
  graduate_service_visits: { actual: 0.0003, attainment: "behind" },
  // P2 31 Mar 23:00 China and the gig placement of 3 Mar; the 1 Apr one is Q2
  rural_labor_service_visits: { actual: 0.0002, attainment: "behind" },
  // P4 20 Jan and 5 Mar: the ledger line arrived after the first service
  poverty_alleviated_service_visits: { actual: 0.0002, attainment: "behind" },
  // P1 15 Jan, 1 Feb (open 10 Jan–20 Feb); P3 10 Feb (open 20 Jan–15 Mar)
  registered_unemployed_service_visits: { actual: 0.0003, attainment: "behind" },
  // P3 10 Feb (recognised 1 Feb); P4 5 Mar (ledger from 1 Mar)
  difficulty_service_visits: { actual: 0.0002, attainment: "behind" },
  // t-1, t-2 (t-3 is not subsidised and in Q2, t-4 not completed)
  subsidized_training_visits: { actual: 0.0002, attainment: "behind" },
  // dv-2 (4, newest) replaces dv-1 (3); the late dv-0 (2) is older: 4 < 6
  labor_brands: { actual: 4, attainment: "behind" },
  // P6 14 Feb; P2's is in Q2
  one_stop_policy_visits: { actual: 0.0001, attainment: "behind" },
  // P1 1 Feb online
  one_stop_jobs_visits: { actual: 0.0001, attainment: "behind" },
  labor_input_bases: {
    actual: null,
    attainment: "not-measurable",
    reason: /no declaration of labor_input_bases/,
  },
  // the registry (MARKETS): M1 standardised and reporting; M2 reporting, not standardised; M3 standardised, never reported; M4 Fuzhou's: 1 < 6
  gig_markets: { actual: 1, attainment: "behind" },
  budget_execution_rate: { actual: 45, attainment: "behind" },
  skilled_worker_share: { actual: 27.5, attainment: "met" },
  // at 31 Mar: P4 (on the ledger from 15 Feb, survey 5 Mar) and P5 (on it from 10 Mar, left school
  // 2024-07, never contacted); P1 is in work since 20 Feb and off the list: 1 of 2
  one_on_one_contact_rate: { actual: 50, attainment: "behind" },
  // t-1 certified of t-1, t-2
  certificate_rate: { actual: 50, attainment: "behind" },
  // served P1, P2, P3, P4, P6; employed on/after a service: P1 (20 Feb), P2 (gig placement 3 Mar),
  // P3 (15 Mar), P6 (31 Mar)
  served_to_employed_ratio: { actual: 80, attainment: "met" },
  // cohort P1 (Jan, employed) and P4 (Feb, not); P5 left school in 2024
  graduate_employment_rate: { actual: 50, attainment: "behind" },
  // P1 and P3 re-employed / declared 4 = 50%; 110 × 3/12 = 27.5 pro-rated: on track
  reemployment_completion: { actual: 50, attainment: "on-track" },
  // P3
  difficulty_employed: { actual: 0.0001, attainment: "behind" },
  // F1 cleared of F1, F2
  zero_employment_family_rate: { actual: 50, attainment: "behind" },
  // P4: a difficult graduate from 1 Mar; the follow-up survey of 5 Mar is no substantive help: 0 of 1
  difficult_graduate_rate: { actual: 0, attainment: "behind" },
  mass_incidents: { actual: 0, attainment: "met" },
  // r-1 (5, twice), r-2 (2), r-3 (satisfied), gr-1 (the gig worker's 4; gr-2 is the employer's): 3 of 4
  pes_satisfaction: { actual: 75, attainment: "behind" },
  training_satisfaction: { actual: 100, attainment: "met" },
  // Xiamen sent records in Q1, none a policy-handling rating: the denominator is 0
  policy_service_satisfaction: { actual: null, attainment: "not-measurable", reason: /denominator is zero/ },
};

/** The hub's gig-market registry in the fixture (as PUT /v1/gig-markets/{id} and the gig events leave it). */
export const MARKETS: RegisteredMarket[] = [
  {
    marketId: "M1",
    cityCode: XM,
    districtCode: HULI,
    districtCodes: [HULI],
    standardised: true,
    lastSeenAt: "2025-04-05T00:00:00.000Z",
  },
  {
    marketId: "M2",
    cityCode: XM,
    districtCode: null,
    districtCodes: [HULI],
    standardised: false,
    lastSeenAt: "2025-04-05T00:00:00.000Z",
  },
  {
    marketId: "M3",
    cityCode: XM,
    districtCode: SIMING,
    districtCodes: [],
    standardised: true,
    lastSeenAt: null,
  },
  {
    marketId: "M4",
    cityCode: "350100",
    districtCode: null,
    districtCodes: [],
    standardised: true,
    lastSeenAt: "2025-04-05T00:00:00.000Z",
  },
];
