import { periodBounds } from "@pes/schemas";
import type { IndicatorDefinition, Measure } from "./catalogue.js";
import { CATALOGUE } from "./catalogue.js";
import { ACTIVITY, type Contribution, STOCKS } from "./contributions.js";

/** Where a table is computed: the province, a city, or a district of a city. */
export type Scope = { level: "province" } | { level: "city"; cityCode: string; districtCode?: string };

/** A component over a period, with where its records came from. */
export interface Figure {
  /** Distinct subjects in the period, or for a stock the sum of its changes up to the period's end. */
  value: number;
  records: number;
  sources: string[];
  /** The newest event time among the records (ISO), or null. */
  asOf: string | null;
}
export type Figures = Record<string, Figure>;

/** A value a city declared (申报), with who declared it and when; the newest per code and period wins. */
export interface Declaration {
  recordId: string;
  revision: number;
  code: string;
  cityCode: string;
  districtCode: string | null;
  period: string;
  value: number;
  declaredBy: string;
  declaredAt: string;
  source: string;
}

export interface TargetTable {
  /** e.g. "350200/2025 loaded by op-1 at …" or the built-in label. */
  label: string;
  targets: Readonly<Record<string, number>>;
}

export type Attainment = "met" | "on-track" | "behind" | "not-measurable";

/**
 * Why a row has no actual or no attainment, for machines (the English `reason` says it for people):
 * - no-records: the area sent no record at all in the period;
 * - denominator-zero: a rate whose denominator is 0 in the period;
 * - no-declaration: a declared input is missing for the period and its year (params: code, period);
 * - not-additive: a declared value per city that does not add up to the province (params: code);
 * - no-target: measured, but there is no target for the area and year.
 */
export type ReasonCode = "no-records" | "denominator-zero" | "no-declaration" | "not-additive" | "no-target";

export interface IndicatorRow {
  code: string;
  level1: string;
  level2: string;
  nameZh: string;
  unit: string;
  comparator: string;
  source: string;
  period: string;
  actual: number | null;
  numerator: number | null;
  denominator: number | null;
  /** The year's target, and what the period is compared with (pro-rated for a cumulative quantity). */
  target: number | null;
  periodTarget: number | null;
  targetSource: string | null;
  attainment: Attainment;
  reason: string | null;
  reasonCode: ReasonCode | null;
  /** What the reason is about, e.g. { code: "labor_input_bases", period: "2025-Q1" }. */
  reasonParams: Record<string, string> | null;
  provenance: {
    records: number;
    nodes: string[];
    asOf: string | null;
    declarations: Array<
      Pick<Declaration, "code" | "period" | "value" | "declaredBy" | "declaredAt" | "source">
    >;
  };
}

/** Components read as a stock (open at the period's end) rather than distinct subjects in the period. */
export const STOCK_COMPONENTS: ReadonlySet<string> = STOCKS;

/** The figure of a stock at the period's start (summed over the months before it). */
export const atStart = (component: string) => `${component}@start`;

/** Declared inputs that add up over cities (counts); the others (shares, rates) do not. */
const ADDITIVE_DECLARATIONS = new Set([
  "labor_brands",
  "labor_input_bases",
  "mass_incidents",
  "reemployment_target",
]);

export function periodMonths(period: string): { first: string; last: string; count: number } {
  const { start, endExclusive } = periodBounds(period);
  const count =
    (Number(endExclusive.slice(0, 4)) - Number(start.slice(0, 4))) * 12 +
    Number(endExclusive.slice(5, 7)) -
    Number(start.slice(5, 7));
  const lastIndex = Number(start.slice(0, 4)) * 12 + Number(start.slice(5, 7)) - 1 + count - 1;
  const last = `${Math.floor(lastIndex / 12)}-${String((lastIndex % 12) + 1).padStart(2, "0")}`;
  return { first: start.slice(0, 7), last, count };
}

/**
 * The declaration that stands for `code` in the scope and period: declared for the period itself,
 * else for its year; the newest declaration (declaredAt, then revision) wins. At province level the
 * additive codes are summed over the cities; the others are not measurable there.
 */
export function resolveDeclaration(
  all: readonly Declaration[],
  code: string,
  scope: Scope,
  period: string,
): { value: number; used: Declaration[] } | Unresolved {
  const year = period.slice(0, 4);
  const newest = (list: Declaration[]) =>
    list.sort((a, b) => b.declaredAt.localeCompare(a.declaredAt) || b.revision - a.revision)[0];
  const pick = (cityCode: string, districtCode: string | null) => {
    const mine = all.filter(
      (d) => d.code === code && d.cityCode === cityCode && d.districtCode === districtCode,
    );
    return newest(mine.filter((d) => d.period === period)) ?? newest(mine.filter((d) => d.period === year));
  };
  if (scope.level === "city") {
    const d = pick(scope.cityCode, scope.districtCode ?? null);
    return d
      ? { value: d.value, used: [d] }
      : {
          reason: `no declaration of ${code} for ${period} or ${year}`,
          code: "no-declaration",
          params: { code, period },
        };
  }
  if (!ADDITIVE_DECLARATIONS.has(code))
    return {
      reason: `${code} is declared per city and does not add up to a provincial value`,
      code: "not-additive",
      params: { code },
    };
  const cities = [
    ...new Set(all.filter((d) => d.code === code && d.districtCode === null).map((d) => d.cityCode)),
  ];
  const used = cities.map((c) => pick(c, null)).filter((d): d is Declaration => d !== undefined);
  if (used.length === 0)
    return {
      reason: `no city has declared ${code} for ${period} or ${year}`,
      code: "no-declaration",
      params: { code, period },
    };
  return { value: used.reduce((s, d) => s + d.value, 0), used };
}

type Unresolved = { reason: string; code: ReasonCode; params: Record<string, string> };
type Resolved = { value: number; figures: Figure[]; used: Declaration[] } | Unresolved;

const NO_FIGURE: Figure = { value: 0, records: 0, sources: [], asOf: null };

function measure(
  m: Measure,
  figures: Figures,
  declarations: readonly Declaration[],
  scope: Scope,
  period: string,
): Resolved {
  if (m.kind === "declared") {
    const d = resolveDeclaration(declarations, m.code, scope, period);
    return "reason" in d ? d : { ...d, figures: [] };
  }
  if (m.kind === "sum") {
    const parts = m.of.map((p) => measure(p, figures, declarations, scope, period));
    const missing = parts.find((p): p is Unresolved => "reason" in p);
    if (missing) return missing;
    const ok = parts as Array<Exclude<Resolved, Unresolved>>;
    return {
      value: ok.reduce((n, p) => n + p.value, 0),
      figures: ok.flatMap((p) => p.figures),
      used: ok.flatMap((p) => p.used),
    };
  }
  const key = m.kind === "stock-at-start" ? atStart(m.component) : m.component;
  const figure = figures[key] ?? NO_FIGURE;
  return { value: figure.value, figures: [figure], used: [] };
}

const round = (n: number, places: number) => Math.round(n * 10 ** places) / 10 ** places;

/** One row of the indicator table: the actual, its target and attainment, and where the number came from; pure. */
export function computeRow(
  def: IndicatorDefinition,
  input: {
    figures: Figures;
    declarations: readonly Declaration[];
    targets: TargetTable | null;
    scope: Scope;
    period: string;
  },
): IndicatorRow {
  const { figures, declarations, targets, scope, period } = input;
  const num = measure(def.numerator, figures, declarations, scope, period);
  const den = def.denominator ? measure(def.denominator, figures, declarations, scope, period) : undefined;
  const resolved = [num, den].filter(
    (r): r is Exclude<Resolved, Unresolved> => r !== undefined && !("reason" in r),
  );
  const eventFigures = resolved.flatMap((r) => r.figures);
  const used = resolved.flatMap((r) => r.used);
  const provenance: IndicatorRow["provenance"] = {
    records: Math.max(0, ...eventFigures.map((f) => f.records)) + used.length,
    nodes: [...new Set([...eventFigures.flatMap((f) => f.sources), ...used.map((d) => d.source)])].sort(),
    asOf:
      [...eventFigures.map((f) => f.asOf), ...used.map((d) => d.declaredAt)]
        .filter((t): t is string => t !== null)
        .sort()
        .at(-1) ?? null,
    declarations: used.map(({ code, period, value, declaredBy, declaredAt, source }) => ({
      code,
      period,
      value,
      declaredBy,
      declaredAt,
      source,
    })),
  };

  let actual: number | null = null;
  let why: Unresolved | null = null;
  const numerator = "reason" in num ? null : num.value;
  const denominator = den === undefined || "reason" in den ? null : den.value;
  // The area reported in the period when any of its records marks it; a table computed without that
  // mark (figures of a few components) falls back to whether the indicator's own figures have records.
  const activity = figures[ACTIVITY];
  const silent = activity
    ? activity.value === 0
    : eventFigures.length > 0 && eventFigures.every((f) => f.records === 0);
  if ("reason" in num) why = num;
  else if (den && "reason" in den) why = den;
  else if (silent && def.source !== "declared")
    why = { reason: "no records from this area in the period", code: "no-records", params: {} };
  else if (den && denominator === 0)
    why = {
      reason: `the denominator is zero (${describe(def.denominator!)})`,
      code: "denominator-zero",
      params: { component: describe(def.denominator!) },
    };
  else {
    const raw = den ? (numerator! / denominator!) * def.factor : numerator! * def.factor;
    actual = round(raw, def.unit === "%" ? 2 : 4);
  }

  const target = targets?.targets[def.code] ?? null;
  const { count } = periodMonths(period);
  const prorate = def.cumulative && count < 12;
  const periodTarget = target === null ? null : prorate ? round((target * count) / 12, 6) : target;
  let attainment: Attainment = "not-measurable";
  if (actual !== null && target === null)
    why = {
      reason: "no target for this area and year",
      code: "no-target",
      params: { year: period.slice(0, 4) },
    };
  else if (actual !== null && target !== null && periodTarget !== null) {
    const meets = (t: number) => (def.comparator === ">=" ? actual! >= t : actual! <= t);
    attainment = meets(target) ? "met" : prorate && meets(periodTarget) ? "on-track" : "behind";
  }
  return {
    code: def.code,
    level1: def.level1,
    level2: def.level2,
    nameZh: def.nameZh,
    unit: def.unit,
    comparator: def.comparator,
    source: def.source,
    period,
    actual,
    numerator,
    denominator,
    target,
    periodTarget,
    targetSource: target === null ? null : (targets?.label ?? null),
    attainment,
    reason: why?.reason ?? null,
    reasonCode: why?.code ?? null,
    reasonParams: why && Object.keys(why.params).length > 0 ? why.params : null,
    provenance,
  };
}

function describe(m: Measure): string {
  if (m.kind === "declared") return `declared ${m.code}`;
  if (m.kind === "sum") return m.of.map(describe).join(" + ");
  return m.kind === "stock-at-start" ? `${m.component} at the period's start` : m.component;
}

/** The whole table for a scope and period, in the catalogue's order; pure. */
export function computeTable(input: {
  figures: Figures;
  declarations: readonly Declaration[];
  targets: TargetTable | null;
  scope: Scope;
  period: string;
  catalogue?: readonly IndicatorDefinition[];
}): IndicatorRow[] {
  return (input.catalogue ?? CATALOGUE).map((def) => computeRow(def, input));
}

/** A contribution as stored, with the record it came from: what figures are aggregated from. */
export interface StoredContribution extends Contribution {
  recordId: string;
  source: string;
  eventTime: string;
}

/** The figures of a scope and period from stored contributions, in memory: the reference for the SQL of the store. */
export function figuresOf(rows: readonly StoredContribution[], scope: Scope, period: string): Figures {
  const { first, last } = periodMonths(period);
  const inScope = rows.filter(
    (r) =>
      scope.level === "province" ||
      (r.cityCode === scope.cityCode && (!scope.districtCode || r.districtCode === scope.districtCode)),
  );
  const figures: Figures = {};
  const byComponent = new Map<string, StoredContribution[]>();
  const push = (key: string, r: StoredContribution) => {
    const list = byComponent.get(key);
    if (list) list.push(r);
    else byComponent.set(key, [r]);
  };
  for (const r of inScope) {
    const stock = STOCK_COMPONENTS.has(r.component);
    if (stock && r.month < first) push(atStart(r.component), r);
    if (r.month > last || (!stock && r.month < first)) continue;
    push(r.component, r);
  }
  for (const [component, list] of byComponent) {
    figures[component] = {
      value: STOCK_COMPONENTS.has(component.replace(/@start$/, ""))
        ? list.reduce((s, r) => s + r.value, 0)
        : new Set(list.map((r) => r.subject)).size,
      // The rows that count their record (value > 0): a record once per component and period, but for a stock it reopens.
      records: list.filter((r) => r.value > 0).length,
      sources: [...new Set(list.filter((r) => r.value > 0).map((r) => r.source))].sort(),
      asOf:
        list
          .map((r) => r.eventTime)
          .sort()
          .at(-1) ?? null,
    };
  }
  return figures;
}

/** A gig market as the hub's registry holds it. */
export interface RegisteredMarket {
  marketId: string;
  cityCode: string;
  districtCode: string | null;
  districtCodes: readonly string[];
  standardised: boolean;
  /** The market has sent the hub a gig event (it reports); null when only registered. */
  lastSeenAt: string | null;
}

/**
 * 建设零工市场: the standardised markets registered for the scope that report to the hub, from the
 * registry as it stands (not the period's events); pure. A district counts a market registered in
 * it, or without a registered district, one whose gig work lies in it.
 */
export function gigMarketFigure(markets: readonly RegisteredMarket[], scope: Scope): Figure {
  const counted = markets.filter(
    (m) =>
      m.standardised &&
      m.lastSeenAt !== null &&
      (scope.level === "province" ||
        (m.cityCode === scope.cityCode &&
          (!scope.districtCode ||
            (m.districtCode
              ? m.districtCode === scope.districtCode
              : m.districtCodes.includes(scope.districtCode))))),
  );
  return {
    value: counted.length,
    records: counted.length,
    sources: [...new Set(counted.map((m) => `/gig/${m.marketId}`))].sort(),
    asOf:
      counted
        .map((m) => m.lastSeenAt as string)
        .sort()
        .at(-1) ?? null,
  };
}
