import { todayInChina } from "@pes/schemas";

/** A stored record as the engine reads it: the hub's newest revision of it. */
export interface IndicatorRecord {
  type: string;
  recordId: string;
  cityCode: string;
  districtCode: string | null;
  personKey: string | null;
  data: Record<string, unknown>;
}

/**
 * What the engine asks about a person at a date (YYYY-MM-DD, China). Built from the person's
 * provincial timeline (every newest record of the person, all cities): see `personFactsOf`.
 */
export interface PersonFacts {
  keyGroupsAt(date: string): ReadonlySet<string>;
  unemploymentOpenAt(date: string): boolean;
  /** Recognised (认定, valid that day) or on the employment-difficulty ledger. */
  difficultyAt(date: string): boolean;
  /** The days on which the person may have become an employment-difficulty person. */
  difficultyStarts(): string[];
  /** The person's employments: started, and ended when known. */
  employments(): ReadonlyArray<{ startedOn: string; endedOn?: string }>;
  /** The person's services, dated in China. */
  services(): ReadonlyArray<{ servedOn: string; serviceType: string; channel: string }>;
}

/** A date (kept) or an instant with offset (read as a date in China). */
export function chinaDate(value: unknown): string {
  const text = String(value);
  return text.length === 10 ? text : todayInChina(new Date(text));
}

const within = (date: string, from: string | undefined, until: string | undefined) =>
  from !== undefined && from <= date && (until === undefined || date <= until);

/** The facts of one person, from their timeline; pure. */
export function personFactsOf(timeline: readonly IndicatorRecord[]): PersonFacts {
  const of = (type: string) => timeline.filter((r) => r.type === type).map((r) => r.data);
  const memberships = of("key-group-membership") as Array<{
    group: string;
    startedOn: string;
    endedOn?: string;
  }>;
  const unemployment = of("unemployment-registration") as Array<{
    state: string;
    registeredOn?: string;
    closedOn?: string;
    keyGroups?: string[];
  }>;
  const recognitions = of("difficulty-recognition") as Array<{
    state: string;
    decidedOn?: string;
    validUntil?: string;
  }>;
  const openOn = (u: (typeof unemployment)[number], date: string) =>
    u.state !== "applied" &&
    u.registeredOn !== undefined &&
    u.registeredOn <= date &&
    (u.closedOn === undefined || date < u.closedOn);

  // Read once per timeline: the engine asks for these for every record of the person.
  let employments: ReturnType<PersonFacts["employments"]> | undefined;
  let services: ReturnType<PersonFacts["services"]> | undefined;
  const readEmployments = () =>
    (of("employment-registration") as Array<{ startedOn: string; endedOn?: string }>).map((e) => ({
      startedOn: e.startedOn,
      ...(e.endedOn ? { endedOn: e.endedOn } : {}),
    }));
  const readServices = () =>
    (of("service-record") as Array<{ servedAt: string; serviceType: string; channel: string }>).map((s) => ({
      servedOn: chinaDate(s.servedAt),
      serviceType: s.serviceType,
      channel: s.channel,
    }));

  const facts: PersonFacts = {
    keyGroupsAt(date) {
      const groups = new Set<string>();
      for (const m of memberships) if (within(date, m.startedOn, m.endedOn)) groups.add(m.group);
      for (const u of unemployment) if (openOn(u, date)) for (const g of u.keyGroups ?? []) groups.add(g);
      return groups;
    },
    unemploymentOpenAt: (date) => unemployment.some((u) => openOn(u, date)),
    difficultyAt: (date) =>
      recognitions.some((r) => r.state === "recognised" && within(date, r.decidedOn, r.validUntil)) ||
      facts.keyGroupsAt(date).has("employment-difficulty"),
    difficultyStarts: () => [
      ...recognitions
        .filter((r) => r.state === "recognised" && r.decidedOn)
        .map((r) => r.decidedOn as string),
      ...memberships.filter((m) => m.group === "employment-difficulty").map((m) => m.startedOn),
      ...unemployment
        .filter((u) => u.keyGroups?.includes("employment-difficulty") && u.registeredOn)
        .map((u) => u.registeredOn as string),
    ],
    employments: () => (employments ??= readEmployments()),
    services: () => (services ??= readServices()),
  };
  return facts;
}

/** Facts of a record without a person (gig postings) or before the timeline is known. */
export const NO_FACTS: PersonFacts = personFactsOf([]);
