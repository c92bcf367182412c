import { periodBounds } from "@pes/schemas";
import { CATALOGUE, type IndicatorDefinition, type Measure } from "./catalogue.js";

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
export const STOCK_COMPONENTS: ReadonlySet<string> = new Set(
  CATALOGUE.flatMap((d) => [d.numerator, d.denominator]).flatMap((m) =>
    m?.kind === "stock" ? [m.component] : [],
  ),
);

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
): { value: number; used: Declaration[] } | { reason: string } {
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
      : { reason: `no declaration of ${code} for ${period} or ${year}` };
  }
  if (!ADDITIVE_DECLARATIONS.has(code))
    return { reason: `${code} is declared per city and does not add up to a provincial value` };
  const cities = [
    ...new Set(all.filter((d) => d.code === code && d.districtCode === null).map((d) => d.cityCode)),
  ];
  const used = cities.map((c) => pick(c, null)).filter((d): d is Declaration => d !== undefined);
  if (used.length === 0) return { reason: `no city has declared ${code} for ${period} or ${year}` };
  return { value: used.reduce((s, d) => s + d.value, 0), used };
}

type Resolved = { value: number; figure?: Figure; used: Declaration[] } | { reason: string };

function measure(
  m: Measure,
  figures: Figures,
  declarations: readonly Declaration[],
  scope: Scope,
  period: string,
): Resolved {
  if (m.kind === "declared") return resolveDeclaration(declarations, m.code, scope, period);
  const figure = figures[m.component] ?? { value: 0, records: 0, sources: [], asOf: null };
  return { value: figure.value, figure, used: [] };
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
    (r): r is Exclude<Resolved, { reason: string }> => r !== undefined && !("reason" in r),
  );
  const eventFigures = resolved.flatMap((r) => (r.figure ? [r.figure] : []));
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
  let reason: string | null = null;
  const numerator = "reason" in num ? null : num.value;
  const denominator = den === undefined || "reason" in den ? null : den.value;
  if ("reason" in num) reason = num.reason;
  else if (den && "reason" in den) reason = den.reason;
  else if (eventFigures.length > 0 && eventFigures.every((f) => f.records === 0) && def.source === "events")
    reason = "no records yet for this area and period";
  else if (den && denominator === 0) reason = `the denominator is zero (${describe(def.denominator!)})`;
  else {
    const raw = den ? (numerator! / denominator!) * def.factor : numerator! * def.factor;
    actual = round(raw, def.unit === "%" ? 2 : 4);
  }

  const target = targets?.targets[def.code] ?? null;
  const { count } = periodMonths(period);
  const prorate = def.cumulative && count < 12;
  const periodTarget = target === null ? null : prorate ? round((target * count) / 12, 6) : target;
  let attainment: Attainment = "not-measurable";
  if (actual !== null && target === null) reason = "no target for this area and year";
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
    reason,
    provenance,
  };
}

function describe(m: Measure): string {
  return m.kind === "declared" ? `declared ${m.code}` : m.component;
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
export interface StoredContribution {
  recordId: string;
  source: string;
  eventTime: string;
  component: string;
  cityCode: string;
  districtCode: string | null;
  month: string;
  subject: string;
  value: number;
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
  for (const r of inScope) {
    const stock = STOCK_COMPONENTS.has(r.component);
    if (r.month > last || (!stock && r.month < first)) continue;
    byComponent.set(r.component, [...(byComponent.get(r.component) ?? []), r]);
  }
  for (const [component, list] of byComponent) {
    figures[component] = {
      value: STOCK_COMPONENTS.has(component)
        ? list.reduce((s, r) => s + r.value, 0)
        : new Set(list.map((r) => r.subject)).size,
      records: new Set(list.map((r) => r.recordId)).size,
      sources: [...new Set(list.map((r) => r.source))].sort(),
      asOf:
        list
          .map((r) => r.eventTime)
          .sort()
          .at(-1) ?? null,
    };
  }
  return figures;
}
