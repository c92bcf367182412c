/**
 * The indicator catalogue: each indicator is data (what it counts, how, against what), not code.
 * The built-in entries are the 27 indicators of Xiamen's performance-target table (annex 2 of 003,
 * shared/domain/xiamen-performance-targets.csv), with its 2021 baseline and 2023 target.
 */

export type Unit = "10k persons" | "10k visits" | "count" | "%";
export type Comparator = ">=" | "<=";
export type IndicatorSource = "events" | "declared" | "events+declared";

/**
 * A measure is a figure over a period: `distinct` counts distinct subjects of a component whose
 * month lies in the period; `stock` sums a component's +1/-1 changes up to the period's end (what is
 * open at that moment); `stock-at-start` sums them before the period's first month (what was open
 * when it began); `sum` adds measures; `declared` is the newest declaration of a code for the period
 * (or its year).
 */
export type Measure =
  | { kind: "distinct"; component: string }
  | { kind: "stock"; component: string }
  | { kind: "stock-at-start"; component: string }
  | { kind: "sum"; of: Measure[] }
  | { kind: "declared"; code: string };

export interface IndicatorDefinition {
  code: string;
  level1: string;
  level2: string;
  nameZh: string;
  unit: Unit;
  comparator: Comparator;
  source: IndicatorSource;
  numerator: Measure;
  /** Set for rates: actual = numerator / denominator × factor. */
  denominator?: Measure;
  /** 1/10000 for "10k" units, 100 for percentages, 1 otherwise (and for a value declared as it is). */
  factor: number;
  /** A quantity that accumulates over the year: a shorter period is compared with the pro-rated target. */
  cumulative: boolean;
  baseline2021: number | null;
  target2023: number;
  howMeasured: string;
}

/** The figure the store fills from the hub's gig-market registry (not from contributions). */
export const GIG_MARKETS_COMPONENT = "gig.markets-standardised";

const distinct = (component: string): Measure => ({ kind: "distinct", component });
const declared = (code: string): Measure => ({ kind: "declared", code });
const TEN_K = 1 / 10_000;

type Entry = Omit<IndicatorDefinition, "factor" | "cumulative"> & { cumulative?: boolean };

function define(e: Entry): IndicatorDefinition {
  // A declared value is already in the indicator's unit.
  const asDeclared = e.numerator.kind === "declared" && !e.denominator;
  const factor = asDeclared ? 1 : e.unit === "%" ? 100 : e.unit.startsWith("10k") ? TEN_K : 1;
  const cumulative = e.cumulative ?? (e.unit !== "%" && e.numerator.kind === "distinct");
  return { ...e, factor, cumulative };
}

const rate = (component: string) => ({
  numerator: distinct(`${component}.numerator`),
  denominator: distinct(`${component}.denominator`),
});

export const CATALOGUE: readonly IndicatorDefinition[] = [
  define({
    code: "new_employment",
    level1: "output",
    level2: "quantity",
    nameZh: "新增就业人员规模",
    unit: "10k persons",
    comparator: ">=",
    source: "events",
    numerator: distinct("employment.new"),
    baseline2021: 9.54,
    target2023: 16,
    howMeasured:
      "distinct persons with an employment registration (就业登记) registered in the period (its registeredOn, not the job's start)",
  }),
  define({
    code: "registered_unemployed",
    level1: "output",
    level2: "quantity",
    nameZh: "登记失业人员规模",
    unit: "10k persons",
    comparator: "<=",
    source: "events",
    numerator: { kind: "stock", component: "unemployment.open" },
    baseline2021: 9.2,
    target2023: 9,
    howMeasured:
      "unemployment registrations (失业登记) open at the end of the period's last day: registered on or before it and not closed on or before it",
  }),
  define({
    code: "graduate_service_visits",
    level1: "output",
    level2: "quantity",
    nameZh: "高校毕业生就业服务人次",
    unit: "10k visits",
    comparator: ">=",
    source: "events",
    numerator: distinct("service.college-graduate"),
    baseline2021: 7,
    target2023: 9,
    howMeasured: "service records whose person is in the college-graduate key group at service time",
  }),
  define({
    code: "rural_labor_service_visits",
    level1: "output",
    level2: "quantity",
    nameZh: "农村转移劳动力服务人次",
    unit: "10k visits",
    comparator: ">=",
    source: "events",
    numerator: distinct("service.rural-migrant"),
    baseline2021: 100,
    target2023: 110,
    howMeasured: "service records whose person is in the rural-migrant key group at service time",
  }),
  define({
    code: "poverty_alleviated_service_visits",
    level1: "output",
    level2: "quantity",
    nameZh: "脱贫劳动力服务人次",
    unit: "10k visits",
    comparator: ">=",
    source: "events",
    numerator: distinct("service.poverty-alleviated"),
    baseline2021: 5.7,
    target2023: 5.9,
    howMeasured: "service records whose person is in the poverty-alleviated key group at service time",
  }),
  define({
    code: "registered_unemployed_service_visits",
    level1: "output",
    level2: "quantity",
    nameZh: "登记失业人员服务人次",
    unit: "10k visits",
    comparator: ">=",
    source: "events",
    numerator: distinct("service.registered-unemployed"),
    baseline2021: 10,
    target2023: 10.5,
    howMeasured: "service records whose person has an open unemployment registration at service time",
  }),
  define({
    code: "difficulty_service_visits",
    level1: "output",
    level2: "quantity",
    nameZh: "就业困难人员服务人次",
    unit: "10k visits",
    comparator: ">=",
    source: "events",
    numerator: distinct("service.employment-difficulty"),
    baseline2021: 2,
    target2023: 2.2,
    howMeasured:
      "service records whose person is a recognised employment-difficulty person (认定 or ledger) at service time",
  }),
  define({
    code: "subsidized_training_visits",
    level1: "output",
    level2: "quantity",
    nameZh: "开展补贴性职业技能培训人次",
    unit: "10k visits",
    comparator: ">=",
    source: "events",
    numerator: distinct("training.subsidised-completed"),
    baseline2021: 28,
    target2023: 5,
    howMeasured: "subsidised training enrolments completed in the period (completedOn), each enrolment once",
  }),
  define({
    code: "labor_brands",
    level1: "output",
    level2: "quantity",
    nameZh: "打造特色劳务品牌数量",
    unit: "count",
    comparator: ">=",
    source: "declared",
    numerator: declared("labor_brands"),
    baseline2021: 2,
    target2023: 6,
    howMeasured: "labour brands registered by the city, as declared",
  }),
  define({
    code: "one_stop_policy_visits",
    level1: "output",
    level2: "quantity",
    nameZh: "“一网通办”政策经办系统服务人次",
    unit: "10k visits",
    comparator: ">=",
    source: "events",
    numerator: distinct("service.online-policy"),
    baseline2021: 100,
    target2023: 168,
    howMeasured:
      "online (一网通办) policy-handling (政策经办: applications and handling of subsidies and benefits) service records served in the period; online consultations do not count",
  }),
  define({
    code: "one_stop_jobs_visits",
    level1: "output",
    level2: "quantity",
    nameZh: "“一网通办”求职招聘系统服务人次",
    unit: "10k visits",
    comparator: ">=",
    source: "events",
    numerator: distinct("service.online-jobs"),
    baseline2021: 49,
    target2023: 70,
    howMeasured:
      "online (一网通办) uses of the job-seeking/recruiting system in the period: job-seeker registrations (求职登记), vacancy registrations (招聘登记) and employment registrations made online (registeredOn), and online job-application, job-recommendation, employer-referral and job-fair service records",
  }),
  define({
    code: "labor_input_bases",
    level1: "output",
    level2: "quantity",
    nameZh: "建设劳务输入基地",
    unit: "count",
    comparator: ">=",
    source: "declared",
    numerator: declared("labor_input_bases"),
    baseline2021: 26,
    target2023: 50,
    howMeasured: "labour-cooperation (input) bases registered, as declared",
  }),
  define({
    code: "gig_markets",
    level1: "output",
    level2: "quality",
    nameZh: "建设零工市场",
    unit: "count",
    comparator: ">=",
    source: "events",
    numerator: distinct(GIG_MARKETS_COMPONENT),
    cumulative: false,
    baseline2021: 0,
    target2023: 6,
    howMeasured:
      "gig markets in the hub's market registry for the area flagged standardised (PUT /v1/gig-markets/{id}) that have reported to the hub (sent any gig event), as the registry stands when the table is asked",
  }),
  define({
    code: "budget_execution_rate",
    level1: "output",
    level2: "quality",
    nameZh: "项目当年资金预算执行率",
    unit: "%",
    comparator: ">=",
    source: "declared",
    numerator: declared("budget_execution_rate"),
    baseline2021: null,
    target2023: 90,
    howMeasured: "spent / budget of the year, as declared",
  }),
  define({
    code: "skilled_worker_share",
    level1: "output",
    level2: "quality",
    nameZh: "技能劳动者占总人口比重",
    unit: "%",
    comparator: ">=",
    source: "declared",
    numerator: declared("skilled_worker_share"),
    baseline2021: 25,
    target2023: 27,
    howMeasured: "skilled workers / population, as declared",
  }),
  define({
    code: "one_on_one_contact_rate",
    level1: "output",
    level2: "quality",
    nameZh: "离校未就业毕业生和困难失业青年“一对一”帮扶联系率",
    unit: "%",
    comparator: ">=",
    source: "events",
    numerator: { kind: "stock", component: "one-on-one.numerator" },
    denominator: { kind: "stock", component: "one-on-one.denominator" },
    baseline2021: 93,
    target2023: 100,
    howMeasured:
      "at the end of the period: of the unemployed graduates after leaving school (离校未就业: on the college-graduate ledger, within two years of graduatedOn, not in work) and the difficult unemployed youth (困难失业青年: an open unemployment registration, aged 16–24, an employment-difficulty person), not in work, each person once, those contacted one-to-one (a staff-given, not online, career guidance, assistance, job recommendation, follow-up or graduate survey) since they last came on the list / all of them",
  }),
  define({
    code: "certificate_rate",
    level1: "output",
    level2: "quality",
    nameZh: "接受职业培训后取得证书人员比例",
    unit: "%",
    comparator: ">=",
    source: "events",
    ...rate("certificate"),
    baseline2021: 55,
    target2023: 90,
    howMeasured:
      "distinct persons who completed a training in the period and obtained a certificate with one of them / distinct persons who completed a training in the period",
  }),
  define({
    code: "served_to_employed_ratio",
    level1: "output",
    level2: "quality",
    nameZh: "通过服务实现就业创业人数占服务人数比",
    unit: "%",
    comparator: ">=",
    source: "events",
    ...rate("served-employed"),
    baseline2021: 72,
    target2023: 75,
    howMeasured:
      "distinct persons served in the period whose employment started on or after a service / distinct persons served; a gig placement is both",
  }),
  define({
    code: "graduate_employment_rate",
    level1: "benefit",
    level2: "social",
    nameZh: "高校毕业生总体就业率",
    unit: "%",
    comparator: ">=",
    source: "events",
    ...rate("graduate-employment"),
    baseline2021: 90,
    target2023: 92,
    howMeasured:
      "of the cohort of the period's year (college-graduate ledger lines with graduatedOn in that year, each person once), those with an employment started by the period's end and not ended before graduatedOn / the cohort",
  }),
  define({
    code: "reemployment_completion",
    level1: "benefit",
    level2: "social",
    nameZh: "失业人员再就业人数完成全年任务目标数",
    unit: "%",
    comparator: ">=",
    source: "events+declared",
    numerator: distinct("reemployment.persons"),
    denominator: declared("reemployment_target"),
    cumulative: true,
    baseline2021: 276.75,
    target2023: 110,
    howMeasured:
      "distinct persons with an employment registration registered in the period (registeredOn) who were registered unemployed when the job started / the year's declared target (reemployment_target)",
  }),
  define({
    code: "difficulty_employed",
    level1: "benefit",
    level2: "social",
    nameZh: "就业困难人员就业人数",
    unit: "10k persons",
    comparator: ">=",
    source: "events",
    numerator: distinct("difficulty.employed"),
    baseline2021: 1.4,
    target2023: 1.8,
    howMeasured:
      "distinct persons with an employment registration registered in the period (registeredOn) who were employment-difficulty persons when the job started",
  }),
  define({
    code: "zero_employment_family_rate",
    level1: "benefit",
    level2: "social",
    nameZh: "零就业家庭帮扶率",
    unit: "%",
    comparator: ">=",
    source: "events",
    numerator: distinct("zero-employment-family.numerator"),
    denominator: {
      kind: "sum",
      of: [
        { kind: "stock-at-start", component: "zero-employment-family.waiting" },
        distinct("zero-employment-family.identified"),
      ],
    },
    baseline2021: 100,
    target2023: 100,
    howMeasured:
      "families cleared (clearedOn) in the period / families identified before the period and not cleared before it began, plus families identified in it; a family never cleared stays in every later period's denominator",
  }),
  define({
    code: "difficult_graduate_rate",
    level1: "benefit",
    level2: "social",
    nameZh: "困难高校毕业生帮扶率",
    unit: "%",
    comparator: ">=",
    source: "events",
    ...rate("difficult-graduate"),
    baseline2021: 100,
    target2023: 100,
    howMeasured:
      "graduates on the college-graduate ledger who became employment-difficulty persons in the period and were given a substantive help since (career guidance, job recommendation, training referral or enrolment, internship placement, employment assistance; not a consultation or survey) / those graduates",
  }),
  define({
    code: "mass_incidents",
    level1: "benefit",
    level2: "social",
    nameZh: "因就业问题发展重大群体性事件数量",
    unit: "count",
    comparator: "<=",
    source: "declared",
    numerator: declared("mass_incidents"),
    baseline2021: 0,
    target2023: 0,
    howMeasured: "major collective incidents caused by employment problems, as declared",
  }),
  define({
    code: "pes_satisfaction",
    level1: "satisfaction",
    level2: "satisfaction",
    nameZh: "公共就业服务满意度",
    unit: "%",
    comparator: ">=",
    source: "events",
    ...rate("rating.public-employment-service"),
    baseline2021: 90.15,
    target2023: 91.5,
    howMeasured:
      "satisfied ratings / all ratings of public employment services (好差评), gig workers' ratings of their market included",
  }),
  define({
    code: "training_satisfaction",
    level1: "satisfaction",
    level2: "satisfaction",
    nameZh: "职业技能培训对象满意度",
    unit: "%",
    comparator: ">=",
    source: "events",
    ...rate("rating.training"),
    baseline2021: null,
    target2023: 95,
    howMeasured: "satisfied ratings / all ratings by training participants",
  }),
  define({
    code: "policy_service_satisfaction",
    level1: "satisfaction",
    level2: "satisfaction",
    nameZh: "就业扶持政策经办服务满意度",
    unit: "%",
    comparator: ">=",
    source: "events",
    ...rate("rating.policy-handling"),
    baseline2021: 95,
    target2023: 98,
    howMeasured: "satisfied ratings / all ratings of policy-handling services",
  }),
];

export const INDICATOR_CODES = CATALOGUE.map((d) => d.code);

/** Codes a city may declare: the declared indicators and the inputs of events+declared ones. */
export const DECLARABLE_CODES: ReadonlySet<string> = new Set(
  CATALOGUE.flatMap((d) => [d.numerator, d.denominator])
    .filter((m): m is Extract<Measure, { kind: "declared" }> => m?.kind === "declared")
    .map((m) => m.code),
);

/** Xiamen's 2023 targets: the built-in target table (BRIEF §7). */
export const BUILT_IN_TARGETS: Readonly<Record<string, number>> = Object.fromEntries(
  CATALOGUE.map((d) => [d.code, d.target2023]),
);

export const BUILT_IN_TARGET_LABEL = "built-in: Xiamen 2023";
