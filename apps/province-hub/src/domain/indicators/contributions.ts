import { chinaDate, chinaDateOf } from "@pes/core";
import { isSatisfied, type RatingValue } from "@pes/schemas";
import type { IndicatorRecord, PersonFacts, Span } from "./facts.js";

/**
 * What one record adds to the catalogue's components: counted by distinct `subject` over the months
 * of a period (or summed up to its end for a stock). Replaced whole when the record is revised or
 * when the person's timeline changes, so late and repeated events converge on the same state.
 */
export interface Contribution {
  component: string;
  cityCode: string;
  districtCode: string | null;
  /** YYYY-MM, China. */
  month: string;
  subject: string;
  /**
   * A stock's change (+1 opened, −1 closed). For a distinct count the value does not matter; a row of
   * value 0 only marks a further month the subject counts in, without counting its record again.
   */
  value: number;
}

const SERVICE_GROUPS = ["college-graduate", "rural-migrant", "poverty-alleviated"] as const;
/** 一网通办 政策经办: online applications and handling of subsidies and benefits. */
const ONLINE_POLICY = new Set(["policy-handling"]);
/** 一网通办 求职招聘: online job applications and the online job-matching services. */
const ONLINE_JOBS = new Set(["job-application", "job-recommendation", "employer-referral", "job-fair"]);
/** Substantive help for a difficult graduate (帮扶): guidance, a job, training or internship offer, assistance. */
export const SUBSTANTIVE_HELP: ReadonlySet<string> = new Set([
  "career-guidance",
  "job-recommendation",
  "training-referral",
  "training-enrolment",
  "internship-placement",
  "assistance",
]);
export { ONE_ON_ONE } from "./facts.js";
/** The component every record marks in the months it reports something in: "the area sent records". */
export const ACTIVITY = "activity";
/** The record's own date fields, in the order read, for its activity month. */
const OWN_DATES = [
  "registeredOn",
  "servedAt",
  "completedOn",
  "enrolledOn",
  "identifiedOn",
  "decidedOn",
  "appliedOn",
  "startedOn",
  "ratedAt",
  "postedAt",
  "placedAt",
] as const;

/** A record's fields as the contract validated them; read by name below. */
interface Data {
  state: string;
  startedOn: string;
  endedOn?: string;
  graduatedOn?: string;
  group: string;
  registeredOn?: string;
  closedOn?: string;
  servedAt: string;
  serviceType: string;
  channel?: string;
  stage: string;
  completedOn?: string;
  subsidised?: boolean;
  certificate?: unknown;
  category: string;
  rating: RatingValue;
  ratedAt: string;
  identifiedOn: string;
  clearedOn?: string;
  marketId: string;
  postedAt: string;
  placedAt: string;
  status: string;
  by: string;
  score: number;
}

/** The contributions of one record given its person's facts; pure. */
export function contributionsOf(record: IndicatorRecord, facts: PersonFacts): Contribution[] {
  const out: Contribution[] = [];
  const person = record.personKey ?? record.recordId;
  const add = (component: string, date: string, subject: string, value = 1) =>
    out.push({
      component,
      cityCode: record.cityCode,
      districtCode: record.districtCode,
      month: date.slice(0, 7),
      subject,
      value,
    });
  const d = record.data as unknown as Data;
  /** A service given to the person on `on`, counted for each key group they were in then. */
  const serviceVisit = (on: string) => {
    const groups = facts.keyGroupsAt(on);
    for (const g of SERVICE_GROUPS) if (groups.has(g)) add(`service.${g}`, on, record.recordId);
    if (facts.unemploymentOpenAt(on)) add("service.registered-unemployed", on, record.recordId);
    if (facts.difficultyAt(on)) add("service.employment-difficulty", on, record.recordId);
  };
  switch (record.type) {
    case "employment-registration": {
      // Counted in the month of the 就业登记 (registeredOn), whatever the job's start; who the person
      // was (registered unemployed, employment-difficulty) is read on the day the job started.
      const started: string = d.startedOn;
      const registered: string = d.registeredOn ?? started;
      add("employment.new", registered, person);
      // Registered unemployed when the job started (closing the registration that day counts too).
      if (facts.unemploymentOpenAt(started) || facts.unemploymentOpenAt(dayBefore(started)))
        add("reemployment.persons", registered, person);
      if (facts.difficultyAt(started)) add("difficulty.employed", registered, person);
      if (d.channel === "online") add("service.online-jobs", registered, record.recordId);
      break;
    }
    case "unemployment-registration": {
      if (d.state !== "applied" && d.registeredOn) {
        // The opening and the closing are two rows (the closing keyed apart): both count, even in one month.
        add("unemployment.open", d.registeredOn, record.recordId, 1);
        if (d.closedOn) add("unemployment.open", d.closedOn, `${record.recordId}#closed`, -1);
      }
      oneOnOneContributions(add, facts.oneOnOneSpans(record.recordId), person);
      break;
    }
    case "job-seeker-registration":
    case "vacancy-registration":
      if (d.channel === "online" && d.registeredOn)
        add("service.online-jobs", d.registeredOn, record.recordId);
      break;
    case "service-record": {
      const on = chinaDateOf(d.servedAt);
      serviceVisit(on);
      if (d.channel === "online" && ONLINE_POLICY.has(d.serviceType))
        add("service.online-policy", on, record.recordId);
      if (d.channel === "online" && ONLINE_JOBS.has(d.serviceType))
        add("service.online-jobs", on, record.recordId);
      add("served-employed.denominator", on, person);
      if (facts.employments().some((e) => e.startedOn >= on)) add("served-employed.numerator", on, person);
      break;
    }
    case "training-record": {
      if (d.stage !== "completed" || !d.completedOn) break;
      if (d.subsidised) add("training.subsidised-completed", d.completedOn, record.recordId);
      // Per trainee: a person who finished two courses in the period is one trainee.
      add("certificate.denominator", d.completedOn, person);
      if (d.certificate) add("certificate.numerator", d.completedOn, person);
      break;
    }
    case "service-rating": {
      const on = chinaDateOf(d.ratedAt);
      add(`rating.${d.category}.denominator`, on, record.recordId);
      if (isSatisfied(d.rating)) add(`rating.${d.category}.numerator`, on, record.recordId);
      break;
    }
    case "key-group-membership": {
      if (d.group !== "college-graduate") break;
      graduateContributions(add, d, person, facts);
      oneOnOneContributions(add, facts.oneOnOneSpans(record.recordId), person);
      break;
    }
    case "zero-employment-family": {
      // Identified in the month; waiting (a stock) from identification until cleared; cleared in the month.
      const cleared = d.state === "cleared" && d.clearedOn ? d.clearedOn : undefined;
      add("zero-employment-family.identified", d.identifiedOn, record.recordId);
      add("zero-employment-family.waiting", d.identifiedOn, record.recordId, 1);
      if (cleared) {
        add("zero-employment-family.waiting", cleared, `${record.recordId}#cleared`, -1);
        add("zero-employment-family.numerator", cleared, record.recordId);
      }
      break;
    }
    case "gig-posting":
      break;
    case "gig-placement": {
      const on = chinaDateOf(d.placedAt);
      if (d.status === "cancelled") break;
      // A placement (介绍就业) is a service visit that ended in work: served and employed at once.
      serviceVisit(on);
      add("served-employed.denominator", on, person);
      add("served-employed.numerator", on, person);
      break;
    }
    case "gig-rating": {
      // Only the worker rates the service; the employer's rating is of the work, not of the service.
      if (d.by !== "worker") break;
      const on = chinaDateOf(d.ratedAt);
      add("rating.public-employment-service.denominator", on, record.recordId);
      if (isSatisfied({ scale: "five-point", score: d.score })) {
        add("rating.public-employment-service.numerator", on, record.recordId);
      }
      break;
    }
  }
  // The area sent this record: in its own month, the months of what it counts (not a stock's later
  // changes) and the month the hub received it.
  const months = new Set(out.filter((c) => !STOCKS.has(c.component)).map((c) => c.month));
  const own = OWN_DATES.map((f) => record.data[f]).find((v): v is string => typeof v === "string");
  if (own) months.add(chinaDateOf(own).slice(0, 7));
  if (record.time) months.add(chinaDate(new Date(record.time)).slice(0, 7));
  // One row counts the record (value 1), the others only mark their month (value 0): see `Contribution.value`.
  const main = own ? chinaDateOf(own).slice(0, 7) : [...months].sort()[0];
  // Counted by reporting area (few subjects): the figure is how many areas reported in the period.
  const area = record.districtCode ?? record.cityCode;
  for (const month of [...months].sort()) add(ACTIVITY, `${month}-01`, area, month === main ? 1 : 0);
  return out;
}

/** The components summed as a stock (+1 opened, −1 closed) rather than counted as distinct subjects. */
export const STOCKS: ReadonlySet<string> = new Set([
  "unemployment.open",
  "one-on-one.denominator",
  "one-on-one.numerator",
  "zero-employment-family.waiting",
]);

/** A stock row per edge of each span: +1 in the month it begins, −1 in the month it ends. */
function oneOnOneContributions(
  add: (component: string, date: string, subject: string, value?: number) => void,
  spans: { all: Span[]; contacted: Span[] },
  person: string,
) {
  for (const [component, list] of [
    ["one-on-one.denominator", spans.all],
    ["one-on-one.numerator", spans.contacted],
  ] as const)
    for (const s of list) {
      add(component, s.from, `${person}@${s.from}`, 1);
      if (s.to) add(component, s.to, `${person}@${s.to}#out`, -1);
    }
}

function dayBefore(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

function graduateContributions(
  add: (component: string, date: string, subject: string, value?: number) => void,
  d: Data,
  person: string,
  facts: PersonFacts,
) {
  const startedOn: string = d.startedOn;
  const endedOn: string | undefined = d.endedOn;
  // The cohort of the year they left school: counted in every month of that year, so any period of
  // the year reads the whole cohort; employed from the month of the first job not ended before
  // leaving school (a job found later in the year counts from then on).
  if (d.graduatedOn) {
    const graduatedOn: string = d.graduatedOn;
    const year = graduatedOn.slice(0, 4);
    const firstJob = facts
      .employments()
      .filter((e) => !e.endedOn || e.endedOn >= graduatedOn)
      .map((e) => e.startedOn)
      .sort()[0];
    for (let m = 1; m <= 12; m++) {
      const month = `${year}-${String(m).padStart(2, "0")}`;
      const from = firstJob && firstJob.slice(0, 4) < year ? `${year}-01` : firstJob?.slice(0, 7);
      add(
        "graduate-employment.denominator",
        `${month}-01`,
        person,
        month === graduatedOn.slice(0, 7) ? 1 : 0,
      );
      if (from && from <= month)
        add("graduate-employment.numerator", `${month}-01`, person, month === from ? 1 : 0);
    }
  }
  // A difficult graduate: the first day on the ledger on which they are an employment-difficulty
  // person; helped when given a substantive service (guidance, a job, training or internship, assistance) since.
  const since = firstDifficultDay(facts, startedOn, endedOn);
  if (since) {
    add("difficult-graduate.denominator", since, person);
    if (facts.services().some((s) => s.servedOn >= since && SUBSTANTIVE_HELP.has(s.serviceType)))
      add("difficult-graduate.numerator", since, person);
  }
}

function firstDifficultDay(facts: PersonFacts, from: string, until: string | undefined): string | undefined {
  if (facts.difficultyAt(from)) return from;
  // Difficulty starts on a recognition's decision or a ledger start; try those days within the span.
  return facts
    .difficultyStarts()
    .filter((day) => day > from && (!until || day <= until))
    .sort()
    .find((day) => facts.difficultyAt(day));
}
