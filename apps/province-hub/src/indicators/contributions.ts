import { isSatisfied, type RatingValue } from "@pes/schemas";
import { chinaDate, type IndicatorRecord, type PersonFacts } from "./facts.js";

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
  value: number;
}

const SERVICE_GROUPS = ["college-graduate", "rural-migrant", "poverty-alleviated"] as const;
const ONLINE_POLICY = new Set(["policy-consultation"]);
const ONLINE_JOBS = new Set(["job-recommendation", "employer-referral", "job-fair"]);
/** Staff-given services that count as a one-to-one contact (一对一帮扶联系). */
export const ONE_ON_ONE: ReadonlySet<string> = new Set([
  "career-guidance",
  "assistance",
  "job-recommendation",
  "follow-up-survey",
  "graduate-survey",
]);

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
  channel: string;
  stage: string;
  completedOn?: string;
  subsidised?: boolean;
  certificate?: unknown;
  category: string;
  rating: RatingValue;
  ratedAt: string;
  identifiedOn: string;
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
      const started: string = d.startedOn;
      add("employment.new", started, person);
      // Registered unemployed when the job started (closing the registration that day counts too).
      if (facts.unemploymentOpenAt(started) || facts.unemploymentOpenAt(dayBefore(started)))
        add("reemployment.persons", started, person);
      if (facts.difficultyAt(started)) add("difficulty.employed", started, person);
      break;
    }
    case "unemployment-registration": {
      if (d.state === "applied" || !d.registeredOn) break;
      add("unemployment.open", d.registeredOn, record.recordId, 1);
      if (d.closedOn) add("unemployment.open", d.closedOn, record.recordId, -1);
      break;
    }
    case "service-record": {
      const on = chinaDate(d.servedAt);
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
      add("certificate.denominator", d.completedOn, record.recordId);
      if (d.certificate) add("certificate.numerator", d.completedOn, record.recordId);
      break;
    }
    case "service-rating": {
      const on = chinaDate(d.ratedAt);
      add(`rating.${d.category}.denominator`, on, record.recordId);
      if (isSatisfied(d.rating)) add(`rating.${d.category}.numerator`, on, record.recordId);
      break;
    }
    case "key-group-membership": {
      if (d.group !== "college-graduate") break;
      graduateContributions(add, d, person, facts);
      break;
    }
    case "zero-employment-family": {
      add("zero-employment-family.denominator", d.identifiedOn, record.recordId);
      if (d.state === "cleared") add("zero-employment-family.numerator", d.identifiedOn, record.recordId);
      break;
    }
    case "gig-posting":
      add("gig.market-reporting", chinaDate(d.postedAt), String(d.marketId));
      break;
    case "gig-placement": {
      const on = chinaDate(d.placedAt);
      add("gig.market-reporting", on, String(d.marketId));
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
      const on = chinaDate(d.ratedAt);
      add("rating.public-employment-service.denominator", on, record.recordId);
      if (isSatisfied({ scale: "five-point", score: d.score })) {
        add("rating.public-employment-service.numerator", on, record.recordId);
      }
      break;
    }
  }
  return out;
}

function dayBefore(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

function graduateContributions(
  add: (component: string, date: string, subject: string) => void,
  d: Data,
  person: string,
  facts: PersonFacts,
) {
  const startedOn: string = d.startedOn;
  const endedOn: string | undefined = d.endedOn;
  const services = facts.services();
  // 离校未就业: on the ledger; contacted one-to-one by staff while on it.
  add("one-on-one.denominator", startedOn, person);
  if (
    services.some(
      (s) =>
        ONE_ON_ONE.has(s.serviceType) &&
        s.channel !== "online" &&
        s.servedOn >= startedOn &&
        (!endedOn || s.servedOn <= endedOn),
    )
  )
    add("one-on-one.numerator", startedOn, person);
  // The cohort of the month they left school.
  if (d.graduatedOn) {
    const graduatedOn: string = d.graduatedOn;
    add("graduate-employment.denominator", graduatedOn, person);
    if (facts.employments().some((e) => !e.endedOn || e.endedOn >= graduatedOn))
      add("graduate-employment.numerator", graduatedOn, person);
  }
  // A difficult graduate: the first day on the ledger on which they are an employment-difficulty person.
  const since = firstDifficultDay(facts, startedOn, endedOn);
  if (since) {
    add("difficult-graduate.denominator", since, person);
    if (services.some((s) => s.servedOn >= since)) add("difficult-graduate.numerator", since, person);
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
