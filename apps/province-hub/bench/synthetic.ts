// A province-sized synthetic year for bench:hub: persons of the nine cities with their registrations,
// services, trainings, ratings, ledgers and jobs, and the cities' vacancies, gig work and
// declarations, as the city nodes and gig markets would publish them. Deterministic for a seed.
import { randomUUID } from "node:crypto";
import { cityOf, divisionLevel } from "@pes/core";
import {
  type DefinedRecord,
  encodeEvent,
  FUJIAN_CITIES,
  FUJIAN_DIVISIONS,
  makeResidentId,
  personKeyOf,
  recordByName,
  sourceOf,
  toKafkaHeaders,
  topics,
} from "@pes/schemas";
import { sampleRecord } from "@pes/schemas/samples";
import { seededRandom } from "@pes/schemas/testing";

/** The nine cities by registered population (万人), which sets how many persons each has. */
const CITY_WEIGHTS: Record<string, number> = {
  "350100": 842,
  "350200": 530,
  "350300": 321,
  "350400": 248,
  "350500": 887,
  "350600": 507,
  "350700": 268,
  "350800": 272,
  "350900": 315,
};
export const BENCH_CITIES = Object.keys(CITY_WEIGHTS);
/** Three gig markets per city, each publishing on its own pes.gig.{market}.events. */
const benchMarket = (city: string, n: number) => `gig-${city}-${n}`;
export const BENCH_MARKETS = BENCH_CITIES.flatMap((city) => [0, 1, 2].map((n) => benchMarket(city, n)));
const SERVICE_TYPES = [
  "career-guidance",
  "job-recommendation",
  "job-recommendation",
  "policy-consultation",
  "training-referral",
  "internship-placement",
  "employer-referral",
  "follow-up-survey",
] as const;
const GROUPS = ["college-graduate", "rural-migrant", "poverty-alleviated", "employment-difficulty"] as const;
const DECLARED = ["budget_execution_rate", "labour_brands", "labour_input_bases"] as const;

export interface SyntheticEvent {
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
  /** When the node published it: orders the stream. */
  at: number;
}

/** The same seed gives the same province. */
function prng(seed: number) {
  const next = seededRandom(seed);
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!,
    chance: (p: number) => next() < p,
  };
}

const DAY = 86_400_000;
const YEAR_START = Date.UTC(2025, 0, 1);
const dateOf = (day: number) => new Date(YEAR_START + Math.min(day, 364) * DAY).toISOString().slice(0, 10);
/** 10:00 China time on the day, plus some minutes. */
const instantOf = (day: number, minutes = 0) =>
  YEAR_START + Math.min(day, 364) * DAY + 2 * 3_600_000 + minutes * 60_000;
const chinaTime = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().replace(/\.\d{3}Z$/, "+08:00");

const districtsOf = (city: string) =>
  Object.keys(FUJIAN_DIVISIONS).filter(
    (c) => cityOf(c) === city && divisionLevel(c) === "district" && c !== "350128",
  );

/**
 * Encodes as encodeEvent does, without validating every record again: the generator's records are
 * valid by construction, and `validateSample` checks them against the contract as it goes.
 */
function envelope(
  definition: DefinedRecord,
  data: Record<string, unknown>,
  source: string,
  topic: string,
  at: number,
) {
  const attributes = {
    id: randomUUID(),
    source,
    type: definition.ceType,
    specversion: "1.0" as const,
    time: new Date(at).toISOString(),
    subject: definition.subject(data),
    dataschema: definition.dataschema,
    datacontenttype: "application/json" as const,
  };
  return {
    topic,
    key: definition.key(data),
    value: JSON.stringify(data),
    headers: toKafkaHeaders(attributes),
    at,
  };
}

export interface ProvinceOptions {
  seed?: number;
  personKeySecret: string;
  /** Persons generated per cohort; a cohort's events are interleaved by time. */
  cohort?: number;
  /** Check every record against the contract, not one in 500 (slow; for a small run). */
  validateAll?: boolean;
}

/**
 * Yields cohorts of events, each sorted by publication time, until at least `target` events are out.
 * One in every 500 records is checked against its schema; an invalid one stops the generator.
 */
export function* syntheticProvince(target: number, opts: ProvinceOptions): Generator<SyntheticEvent[]> {
  const r = prng(opts.seed ?? 2025);
  const cohortSize = opts.cohort ?? 20_000;
  const totalWeight = Object.values(CITY_WEIGHTS).reduce((a, b) => a + b, 0);
  const cityOf = () => {
    let x = r.next() * totalWeight;
    for (const [city, w] of Object.entries(CITY_WEIGHTS)) {
      x -= w;
      if (x < 0) return city;
    }
    return "350100";
  };
  const districts = Object.fromEntries(BENCH_CITIES.map((c) => [c, districtsOf(c)]));
  const templates = Object.fromEntries(
    [
      "unemployment-registration",
      "employment-registration",
      "service-record",
      "training-record",
      "service-rating",
      "key-group-membership",
      "zero-employment-family",
      "vacancy-registration",
      "gig-posting",
      "gig-placement",
      "declared-indicator-value",
    ].map((name) => [name, sampleRecord(name)]),
  );
  let emitted = 0;
  let checked = 0;
  let personIndex = 0;

  const make = (
    name: string,
    city: string,
    fields: Record<string, unknown>,
    at: number,
    source = sourceOf.city(city),
  ) => {
    const definition = recordByName(name)!;
    const data = {
      ...templates[name],
      id: randomUUID(),
      revision: 1,
      cityCode: city,
      recordedAt: chinaTime(at),
      ...fields,
    };
    if (opts.validateAll || checked++ % 500 === 0) encodeEvent(definition, data as never, { source }); // throws when invalid
    const family = definition.topic;
    const topic =
      family === "gigEvents"
        ? topics.gigEvents(String(fields.marketId))
        : family === "cityMaster"
          ? topics.cityMaster(city)
          : topics.cityPerson(city);
    return envelope(definition, data, source, topic, at);
  };

  // Cohorts move through the year, as the streams do: each one's persons start their stories in its
  // slice of the year (and carry on past it). ~5.6 events per person.
  const cohorts = Math.max(1, Math.ceil(target / 5.6 / cohortSize));
  let cohortIndex = 0;
  while (emitted < target) {
    const out: SyntheticEvent[] = [];
    for (let n = 0; n < cohortSize; n++) {
      const i = personIndex++;
      const city = cityOf();
      const district = r.pick(districts[city]!);
      // Unique per index: one of 13,000 birth days (ages ~20–55) and a sequence number.
      const birth = new Date(Date.UTC(1970, 0, 1) + (i % 13_000) * DAY).toISOString().slice(0, 10);
      const idNumber = makeResidentId(district, birth, Math.floor(i / 13_000) % 1000);
      const person = { key: personKeyOf(idNumber, opts.personKeySecret), idNumber, name: "测试人员" };
      const servicePointId = `${district}-sp${r.int(20)}`;
      const at = (day: number) => instantOf(day, r.int(480));
      const personal = (name: string, fields: Record<string, unknown>, day: number, c = city) =>
        out.push(
          make(
            name,
            c,
            {
              person,
              districtCode: districts[c]!.includes(district) ? district : r.pick(districts[c]!),
              ...fields,
            },
            at(day),
          ),
        );
      const start = Math.floor(((cohortIndex + r.next()) / cohorts) * 300);
      let servicesFrom = start;

      if (r.chance(0.55)) {
        // 失业登记: applied, registered two days later, and for half of them closed by a job.
        const id = randomUUID();
        const appliedOn = dateOf(start);
        const reg = {
          id,
          placeBasis: "residence",
          servicePointId,
          appliedOn,
          dueBy: dateOf(start + 14),
          unemployedSince: dateOf(start - 30),
        };
        personal("unemployment-registration", { ...reg, state: "applied", registeredOn: undefined }, start);
        personal(
          "unemployment-registration",
          { ...reg, revision: 2, state: "registered", registeredOn: dateOf(start + 2) },
          start + 2,
        );
        servicesFrom = start + 2;
        if (r.chance(0.5)) {
          const closed = Math.min(start + 30 + r.int(120), 364);
          const closing = {
            revision: 3,
            state: "closed",
            registeredOn: dateOf(start + 2),
            closedOn: dateOf(closed),
            closeReason: "employed",
          };
          personal("unemployment-registration", { ...reg, ...closing }, closed);
          personal(
            "employment-registration",
            { startedOn: dateOf(closed), registeredOn: dateOf(closed) },
            closed,
          );
        }
        // Some register again in another city later in the year: the hub closes the older registration.
        if (r.chance(0.02) && start < 300) {
          const other = r.pick(BENCH_CITIES.filter((c) => c !== city));
          const later = start + 10 + r.int(50);
          personal(
            "unemployment-registration",
            {
              id: randomUUID(),
              placeBasis: "residence",
              servicePointId: `${other}-sp0`,
              appliedOn: dateOf(later),
              dueBy: dateOf(later + 14),
              unemployedSince: dateOf(later - 20),
              state: "registered",
              registeredOn: dateOf(later),
            },
            later,
            other,
          );
        }
      } else if (r.chance(0.35)) {
        personal("employment-registration", { startedOn: dateOf(start), registeredOn: dateOf(start) }, start);
      }
      const services = 1 + r.int(5);
      for (let s = 0; s < services; s++) {
        const day = servicesFrom + r.int(60);
        const served = at(day);
        personal(
          "service-record",
          {
            serviceType: r.pick(SERVICE_TYPES),
            channel: r.chance(0.3) ? "online" : "desk",
            servicePointId,
            servedAt: chinaTime(served),
          },
          day,
        );
        if (s === 0 && r.chance(0.3))
          personal(
            "service-rating",
            {
              rating: { scale: "five-point", score: 2 + r.int(4) },
              ratedAt: chinaTime(served + 3_600_000),
              servicePointId,
              serviceRecordId: undefined,
            },
            day,
          );
      }
      if (r.chance(0.25)) {
        const enrolled = start + r.int(40);
        const completed = enrolled + 30 + r.int(30);
        personal(
          "training-record",
          {
            enrolledOn: dateOf(enrolled),
            completedOn: dateOf(completed),
            ...(r.chance(0.6) ? {} : { subsidised: false, subsidyFen: undefined }),
            ...(r.chance(0.6) ? {} : { certificate: undefined }),
          },
          completed,
        );
      }
      if (r.chance(0.2)) {
        const group = r.pick(GROUPS);
        const day = group === "college-graduate" ? 181 : start;
        personal(
          "key-group-membership",
          {
            group,
            startedOn: dateOf(day),
            source: "survey",
            ...(group === "college-graduate" ? { graduatedOn: "2025-06-30" } : {}),
          },
          day,
        );
      }
      if (r.chance(0.005)) {
        const id = randomUUID();
        const family = {
          id,
          communityCode: `${district}001001`,
          identifiedOn: dateOf(start),
          members: [{ ...(templates["zero-employment-family"] as { members: object[] }).members[0], person }],
        };
        personal("zero-employment-family", { ...family, state: "identified" }, start);
        if (r.chance(0.5))
          personal(
            "zero-employment-family",
            { ...family, revision: 2, state: "cleared", clearedOn: dateOf(start + 40) },
            start + 40,
          );
      }
      // The city's other records, in proportion to its persons.
      if (i % 40 === 0)
        out.push(
          make(
            "vacancy-registration",
            city,
            { districtCode: district, registeredOn: dateOf(start) },
            at(start),
          ),
        );
      if (i % 60 === 0) {
        const market = benchMarket(city, r.int(3));
        const posting = make(
          "gig-posting",
          city,
          {
            districtCode: district,
            marketId: market,
            workFrom: dateOf(start),
            workUntil: dateOf(start + 1),
            locationCode: district,
            postedAt: chinaTime(at(start)),
          },
          at(start),
          sourceOf.gig(market),
        );
        out.push(posting);
        if (r.chance(0.5))
          out.push(
            make(
              "gig-placement",
              city,
              {
                districtCode: district,
                person,
                marketId: market,
                postingId: JSON.parse(posting.value).id,
                workFrom: dateOf(start),
                placedAt: chinaTime(at(start)),
              },
              at(start),
              sourceOf.gig(market),
            ),
          );
      }
      if (i % 20_000 === 0)
        for (const code of DECLARED)
          out.push(
            make(
              "declared-indicator-value",
              city,
              {
                districtCode: undefined,
                indicatorCode: code,
                period: "2025",
                value: r.int(100) / 100,
                declaredAt: chinaTime(at(start)),
              },
              at(start),
            ),
          );
    }
    out.sort((a, b) => a.at - b.at);
    cohortIndex = Math.min(cohortIndex + 1, cohorts - 1);
    emitted += out.length;
    yield out;
  }
}

export const cityName = (code: string) => FUJIAN_CITIES[code as keyof typeof FUJIAN_CITIES];
