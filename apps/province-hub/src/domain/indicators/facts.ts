import { chinaDateOf } from "@pes/core";

/** A stored record as the engine reads it: the hub's newest revision of it. */
export interface IndicatorRecord {
  type: string;
  recordId: string;
  cityCode: string;
  districtCode: string | null;
  personKey: string | null;
  data: Record<string, unknown>;
  /** When the hub received this revision (the CloudEvents time): the area reported in that month. */
  time?: Date | string;
}

/** A span of days [from, to): `to` is the first day outside it, undefined when it has no end. */
export interface Span {
  from: string;
  to?: string;
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
  /** The person's employments: started, registered (就业登记 date), and ended when known. */
  employments(): ReadonlyArray<{ startedOn: string; registeredOn: string; endedOn?: string }>;
  /** In work that day: an employment started on or before it and not ended before it. */
  employedAt(date: string): boolean;
  /** The birth date (from the ID number of a record in hand), when known. */
  birthDate: string | undefined;
  /**
   * The spans in which the record (a college-graduate ledger line or an unemployment registration)
   * makes the person one of those the one-to-one contact rate is over, and of them the spans in which
   * the person has been contacted: each instant of the person is given to one record only.
   */
  oneOnOneSpans(recordId: string): { all: Span[]; contacted: Span[] };
  /** The person's services, dated in China. */
  services(): ReadonlyArray<{ servedOn: string; serviceType: string; channel: string }>;
}

const within = (date: string, from: string | undefined, until: string | undefined) =>
  from !== undefined && from <= date && (until === undefined || date <= until);

/** The day after `date` (YYYY-MM-DD). */
export function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** `date` plus whole years (29 Feb gives 1 Mar in a common year). */
export function addYears(date: string, years: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString().slice(0, 10);
}

const before = (a: string | undefined, b: string | undefined) =>
  a === undefined ? false : b === undefined ? true : a < b;

/** The spans merged: sorted, overlapping or touching spans joined. */
export function unionOf(spans: readonly Span[]): Span[] {
  const sorted = spans.filter((s) => before(s.from, s.to)).sort((a, b) => (a.from < b.from ? -1 : 1));
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out.at(-1);
    if (last && (last.to === undefined || s.from <= last.to)) {
      if (last.to !== undefined && (s.to === undefined || s.to > last.to)) last.to = s.to;
      if (s.to === undefined) delete last.to;
    } else out.push({ ...s });
  }
  return out;
}

/** The days in both. */
export function intersect(a: readonly Span[], b: readonly Span[]): Span[] {
  const out: Span[] = [];
  for (const x of unionOf(a))
    for (const y of unionOf(b)) {
      const from = x.from > y.from ? x.from : y.from;
      const to = x.to === undefined ? y.to : y.to === undefined ? x.to : x.to < y.to ? x.to : y.to;
      if (before(from, to)) out.push(to === undefined ? { from } : { from, to });
    }
  return unionOf(out);
}

/** The days of `a` outside `b`. */
export function subtract(a: readonly Span[], b: readonly Span[]): Span[] {
  let rest = unionOf(a);
  for (const y of unionOf(b)) {
    const next: Span[] = [];
    for (const x of rest) {
      if (before(x.from, y.from)) next.push({ from: x.from, to: before(y.from, x.to) ? y.from : x.to });
      if (y.to !== undefined && before(y.to, x.to))
        next.push({ from: y.to > x.from ? y.to : x.from, ...(x.to ? { to: x.to } : {}) });
    }
    rest = unionOf(next.map((s) => (s.to === undefined ? { from: s.from } : s)));
  }
  return rest;
}

/** The span of a dated line that holds through `until` inclusive. */
const spanOf = (from: string, until: string | undefined): Span =>
  until === undefined ? { from } : { from, to: nextDay(until) };

/** Staff-given services that count as a one-to-one contact (一对一帮扶联系), when not online. */
export const ONE_ON_ONE: ReadonlySet<string> = new Set([
  "career-guidance",
  "assistance",
  "job-recommendation",
  "follow-up-survey",
  "graduate-survey",
]);

/** The facts of one person, from their timeline; pure. */
export function personFactsOf(
  timeline: readonly IndicatorRecord[],
  options: { birthDate?: string } = {},
): PersonFacts {
  const of = (type: string) => timeline.filter((r) => r.type === type).map((r) => r.data);
  const withIds = <T>(type: string) =>
    timeline
      .filter((r) => r.type === type)
      .map((r) => ({ recordId: r.recordId, ...(r.data as T) }))
      .sort((a, b) => (a.recordId < b.recordId ? -1 : 1));
  const memberships = withIds<{
    group: string;
    startedOn: string;
    endedOn?: string;
    graduatedOn?: string;
  }>("key-group-membership");
  const unemployment = withIds<{
    state: string;
    registeredOn?: string;
    closedOn?: string;
    keyGroups?: string[];
  }>("unemployment-registration");
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
  const openSpan = (u: (typeof unemployment)[number]): Span[] =>
    u.state === "applied" || !u.registeredOn
      ? []
      : [u.closedOn === undefined ? { from: u.registeredOn } : { from: u.registeredOn, to: u.closedOn }];

  // Read once per timeline: the engine asks for these for every record of the person.
  let employments: ReturnType<PersonFacts["employments"]> | undefined;
  let services: ReturnType<PersonFacts["services"]> | undefined;
  let oneOnOne: Map<string, { all: Span[]; contacted: Span[] }> | undefined;
  const readEmployments = () =>
    (
      of("employment-registration") as Array<{ startedOn: string; registeredOn?: string; endedOn?: string }>
    ).map((e) => ({
      startedOn: e.startedOn,
      registeredOn: e.registeredOn ?? e.startedOn,
      ...(e.endedOn ? { endedOn: e.endedOn } : {}),
    }));
  const readServices = () =>
    (of("service-record") as Array<{ servedAt: string; serviceType: string; channel: string }>).map((s) => ({
      servedOn: chinaDateOf(s.servedAt),
      serviceType: s.serviceType,
      channel: s.channel,
    }));
  const birthDate = options.birthDate;

  /**
   * 离校未就业高校毕业生: on the college-graduate ledger, within two years of leaving school
   * (graduatedOn, else the ledger line's start), not in work. 困难失业青年: a registered unemployed
   * person aged 16–24 who is an employment-difficulty person. Each instant goes to the first record
   * that qualifies the person then (ledger lines before registrations, by record id).
   */
  const readOneOnOne = () => {
    const working = unionOf(facts.employments().map((e) => spanOf(e.startedOn, e.endedOn)));
    const notWorking = subtract([{ from: "0000-01-01" }], working);
    const difficulty = unionOf([
      ...recognitions
        .filter((r) => r.state === "recognised" && r.decidedOn)
        .map((r) => spanOf(r.decidedOn as string, r.validUntil)),
      ...memberships
        .filter((m) => m.group === "employment-difficulty")
        .map((m) => spanOf(m.startedOn, m.endedOn)),
      ...unemployment.filter((u) => u.keyGroups?.includes("employment-difficulty")).flatMap(openSpan),
    ]);
    const youth: Span[] = birthDate ? [{ from: addYears(birthDate, 16), to: addYears(birthDate, 25) }] : [];
    const sources: Array<{ recordId: string; spans: Span[] }> = [
      ...memberships
        .filter((m) => m.group === "college-graduate")
        .map((m) => {
          const left = m.graduatedOn ?? m.startedOn;
          return {
            recordId: m.recordId,
            spans: intersect(
              intersect([spanOf(m.startedOn, m.endedOn)], [{ from: left, to: addYears(left, 2) }]),
              notWorking,
            ),
          };
        }),
      ...unemployment.map((u) => ({
        recordId: u.recordId,
        spans: intersect(intersect(intersect(openSpan(u), youth), difficulty), notWorking),
      })),
    ];
    const contacts = facts
      .services()
      .filter((s) => ONE_ON_ONE.has(s.serviceType) && s.channel !== "online")
      .map((s) => s.servedOn)
      .sort();
    const spells = unionOf(sources.flatMap((s) => s.spans));
    // Contacted from the first staff-given contact within an unbroken spell until the spell ends.
    const contacted = spells.flatMap((spell) => {
      const first = contacts.find((d) => d >= spell.from && (spell.to === undefined || d < spell.to));
      return first ? [{ ...spell, from: first }] : [];
    });
    const out = new Map<string, { all: Span[]; contacted: Span[] }>();
    let taken: Span[] = [];
    for (const s of sources) {
      const all = subtract(s.spans, taken);
      taken = unionOf([...taken, ...s.spans]);
      out.set(s.recordId, { all, contacted: intersect(all, contacted) });
    }
    return out;
  };

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
    employedAt: (date) => facts.employments().some((e) => within(date, e.startedOn, e.endedOn)),
    services: () => (services ??= readServices()),
    birthDate,
    oneOnOneSpans: (recordId) => {
      oneOnOne ??= readOneOnOne();
      return oneOnOne.get(recordId) ?? { all: [], contacted: [] };
    },
  };
  return facts;
}

/** Facts of a record without a person (gig postings) or before the timeline is known. */
export const NO_FACTS: PersonFacts = personFactsOf([]);
