/**
 * What each indicator of the catalogue means, in Chinese and English, as the hub publishes it
 * (GET /v1/indicators/definitions) and the console shows it: numerator, denominator, which date of
 * which record decides the period, how a record is placed in a district, city or the province.
 * Keyed by the catalogue's codes; the unit, comparator, source and computation come from the
 * catalogue itself (catalogue.ts), so the texts and the engine cannot drift apart unnoticed: a test
 * fails when a code is in one and not the other.
 */
import {
  CATALOGUE,
  type Comparator,
  type IndicatorDefinition,
  type IndicatorSource,
  type Measure,
  type Unit,
} from "./catalogue.js";

/** A text in both of the hub's languages. */
export interface Bilingual {
  zh: string;
  en: string;
}

/** The words of one indicator; the Chinese name is the catalogue's nameZh. */
export interface IndicatorTexts {
  nameEn: string;
  numerator: Bilingual;
  /** For rates (the catalogue entry has a denominator). */
  denominator?: Bilingual;
  /** Which date of which record decides the period. */
  period: Bilingual;
  /** How a record is placed in a district, a city and the province. */
  area: Bilingual;
}

// ---- Texts several indicators share -------------------------------------------------------------

/** Counted by distinct persons: placed where the record was made, a person once for the province. */
const personsIn = (zh: string, en: string): Bilingual => ({
  zh: `按${zh}所属的城市和区县计入；按人去重，同一人在几个城市都有记录时，全省只计一次。`,
  en: `Placed in the city and district of the ${en}; persons are counted once each, and a person recorded in several cities counts once for the province.`,
});

/** Counted by records: placed where the record was made, the province adds the cities up. */
const recordsIn = (zh: string, en: string): Bilingual => ({
  zh: `按${zh}所属的城市和区县计入；每条记录计一次，全省为各市之和。`,
  en: `Placed in the city and district of the ${en}; each record counts once, and the province adds up the cities.`,
});

const DECLARED_PERIOD: Bilingual = {
  zh: "取申报给本统计期的值，没有则取申报给该年度的值；同一期有多次申报时以最新一次为准。",
  en: "The value declared for the period, or else for its year; of several declarations the newest counts.",
};
const DECLARED_COUNT_AREA: Bilingual = {
  zh: "城市或区县取本级的申报值；全省为各市申报值之和。",
  en: "A city or a district takes its own declaration; the province adds up the cities' declarations.",
};
const DECLARED_SHARE_AREA: Bilingual = {
  zh: "城市或区县取本级的申报值；比率类申报值不能相加，全省无法计量。",
  en: "A city or a district takes its own declaration; a declared share does not add up, so it is not measurable for the province.",
};

const SERVICE_PERIOD: Bilingual = {
  zh: "服务记录的服务日期（servedAt，北京时间）在统计期内；零工市场介绍就业按介绍日期（placedAt）。人员是否属于该群体按服务当日判断。",
  en: "The service date (servedAt, China time) of the service record is in the period; for a gig-market placement, the placement date (placedAt). Whether the person is in the group is decided on the service date.",
};
const SERVICE_AREA = recordsIn("服务记录", "service record");

/** A service-visit count of a key group. */
function serviceVisits(nameEn: string, groupZh: string, groupEn: string): IndicatorTexts {
  return {
    nameEn,
    numerator: {
      zh: `统计期内服务对象在服务当日属于${groupZh}的服务记录条数（人次）；零工市场介绍就业也计一次服务。`,
      en: `Service records in the period whose person was ${groupEn} on the service date (visits); a gig-market placement counts as a service.`,
    },
    period: SERVICE_PERIOD,
    area: SERVICE_AREA,
  };
}

function satisfaction(nameEn: string, ofZh: string, ofEn: string): IndicatorTexts {
  return {
    nameEn,
    numerator: { zh: `统计期内对${ofZh}“满意”的评价条数`, en: `Satisfied ratings of ${ofEn} in the period` },
    denominator: { zh: `统计期内对${ofZh}的全部评价条数`, en: `All ratings of ${ofEn} in the period` },
    period: {
      zh: "评价记录的评价日期（ratedAt，北京时间）在统计期内。",
      en: "The rating date (ratedAt, China time) of the rating record is in the period.",
    },
    area: recordsIn("评价记录", "rating record"),
  };
}

// ---- The 27 indicators --------------------------------------------------------------------------

export const DEFINITIONS: Readonly<Record<string, IndicatorTexts>> = {
  new_employment: {
    nameEn: "New employment (persons)",
    numerator: {
      zh: "就业登记的登记日期在统计期内的人数（新增就业登记，按人去重）",
      en: "Distinct persons with a new employment registration (就业登记) whose registration date is in the period",
    },
    period: {
      zh: "就业登记的登记日期（registeredOn）在统计期内。",
      en: "The registration date (registeredOn) of the employment registration is in the period.",
    },
    area: personsIn("就业登记", "employment registration"),
  },
  registered_unemployed: {
    nameEn: "Registered unemployed (persons)",
    numerator: {
      zh: "统计期末仍有效（已登记、未注销）的失业登记数",
      en: "Unemployment registrations (失业登记) open at the period's end: registered and not closed",
    },
    period: {
      zh: "统计期末的时点数：登记日期（registeredOn）不晚于期末，且未注销或注销日期（closedOn）晚于期末。",
      en: "A figure at the period's end: registered (registeredOn) on or before the period's last day and not closed (closedOn) by then.",
    },
    area: {
      zh: "按办理失业登记的城市和区县计入；全省为各市之和。同一人在两个城市同时登记时较早的登记会被注销，因此一人只计一次。",
      en: "Placed in the city and district that registered it; the province adds up the cities. When a person is registered in two cities the older registration is closed, so a person counts once.",
    },
  },
  graduate_service_visits: serviceVisits(
    "Employment service visits of college graduates",
    "高校毕业生重点群体",
    "in the college-graduate key group",
  ),
  rural_labor_service_visits: serviceVisits(
    "Service visits of rural transferred labour",
    "农村转移劳动力重点群体",
    "in the rural transferred labour key group",
  ),
  poverty_alleviated_service_visits: serviceVisits(
    "Service visits of poverty-alleviated labour",
    "脱贫劳动力重点群体",
    "in the poverty-alleviated labour key group",
  ),
  registered_unemployed_service_visits: serviceVisits(
    "Service visits of registered unemployed persons",
    "登记失业人员（失业登记有效）",
    "a registered unemployed person (an open unemployment registration)",
  ),
  difficulty_service_visits: serviceVisits(
    "Service visits of employment-difficulty persons",
    "经认定的就业困难人员",
    "a recognised employment-difficulty person (就业困难人员)",
  ),
  subsidized_training_visits: {
    nameEn: "Subsidised vocational-skill training (visits)",
    numerator: {
      zh: "统计期内结业的补贴性职业技能培训人次（每条培训记录计一次）",
      en: "Subsidised vocational-training enrolments completed in the period (each enrolment once)",
    },
    period: {
      zh: "培训记录的结业日期（completedOn）在统计期内。",
      en: "The completion date (completedOn) of the training record is in the period.",
    },
    area: recordsIn("培训记录", "training record"),
  },
  labor_brands: {
    nameEn: "Distinctive labour brands built",
    numerator: {
      zh: "城市登记的特色劳务品牌数（主数据），由城市申报",
      en: "Labour brands registered by the city (master data), as the city declares them",
    },
    period: DECLARED_PERIOD,
    area: DECLARED_COUNT_AREA,
  },
  one_stop_policy_visits: {
    nameEn: "Visits of the one-stop (一网通办) policy-handling system",
    numerator: {
      zh: "统计期内经“一网通办”线上办理的政策经办服务人次（补贴、待遇的申请与经办；线上咨询不计）",
      en: "Online (一网通办) policy-handling services in the period (政策经办: applications for and handling of subsidies and benefits; online consultations do not count)",
    },
    period: {
      zh: "服务记录的服务日期（servedAt，北京时间）在统计期内。",
      en: "The service date (servedAt, China time) of the service record is in the period.",
    },
    area: SERVICE_AREA,
  },
  one_stop_jobs_visits: {
    nameEn: "Visits of the one-stop (一网通办) job-seeking and recruiting system",
    numerator: {
      zh: "统计期内经“一网通办”线上办理的求职登记、岗位（招聘）登记、线上求职申请和线上求职招聘服务人次",
      en: "Online (一网通办) job-seeker and vacancy registrations, online job applications and online job services in the period",
    },
    period: {
      zh: "登记、申请或服务的日期（北京时间）在统计期内。",
      en: "The date (China time) of the registration, the application or the service is in the period.",
    },
    area: recordsIn("登记、申请或服务记录", "registration, application or service record"),
  },
  labor_input_bases: {
    nameEn: "Labour input bases built",
    numerator: {
      zh: "已登记的劳务协作（输入）基地数（主数据），由城市申报",
      en: "Labour-cooperation (input) bases registered (master data), as the city declares them",
    },
    period: DECLARED_PERIOD,
    area: DECLARED_COUNT_AREA,
  },
  gig_markets: {
    nameEn: "Gig markets built",
    numerator: {
      zh: "在本地区登记为规范化零工市场（PUT /v1/gig-markets/{id}）、并已向省平台报送数据（发送过零工记录）的零工市场数",
      en: "Standardised gig markets registered for the area (PUT /v1/gig-markets/{id}) and reporting to the hub (it has sent gig records)",
    },
    period: {
      zh: "不按记录日期：取查询时省平台零工市场登记簿的现状；不逐月累加。",
      en: "No record date decides it: the hub's gig-market registry as it stands when the table is asked; not added up month by month.",
    },
    area: {
      zh: "按零工市场登记所在的城市和区县计入；全省每个市场只计一次。",
      en: "Placed in the city and district the market is registered for; the province counts each market once.",
    },
  },
  budget_execution_rate: {
    nameEn: "Budget execution rate of the year's project funds",
    numerator: {
      zh: "当年项目资金已支出额 ÷ 当年预算额，由城市申报为百分比",
      en: "Spent ÷ budget of the year's project funds, declared by the city as a percentage",
    },
    period: DECLARED_PERIOD,
    area: DECLARED_SHARE_AREA,
  },
  skilled_worker_share: {
    nameEn: "Skilled workers' share of the population",
    numerator: {
      zh: "技能劳动者人数 ÷ 总人口，由城市申报为百分比",
      en: "Skilled workers ÷ population, declared by the city as a percentage",
    },
    period: DECLARED_PERIOD,
    area: DECLARED_SHARE_AREA,
  },
  one_on_one_contact_rate: {
    nameEn:
      "One-to-one contact rate of unemployed graduates after leaving school and difficult unemployed youth",
    numerator: {
      zh: "其中自进入名单以来、到期末已由工作人员“一对一”帮扶联系（非线上的职业指导、援助、岗位推荐、跟踪回访或毕业生调查）的人数",
      en: "Those of them with a one-to-one contact by staff since they came on the list, by the period's end (a career guidance, assistance, job recommendation, follow-up or graduate survey given by staff, not online)",
    },
    denominator: {
      zh: "统计期末的离校未就业高校毕业生（在高校毕业生台账上、离校两年内、期末未就业）与困难失业青年（16–24 岁、属就业困难人员的登记失业人员）人数，按人去重",
      en: "Unemployed graduates after leaving school (离校未就业高校毕业生: on the college-graduate ledger, within two years of leaving school, not employed at the period's end) plus difficult unemployed youth (困难失业青年: registered unemployed aged 16–24 who are employment-difficulty persons), distinct persons",
    },
    period: {
      zh: "统计期末的时点数：期末属于上述人群的人员，以及期末前已分配的一对一联系。",
      en: "A figure at the period's end: who is in these groups on the period's last day, and the contacts assigned by then.",
    },
    area: personsIn(
      "高校毕业生台账记录或失业登记",
      "college-graduate ledger entry or unemployment registration",
    ),
  },
  certificate_rate: {
    nameEn: "Share of trainees who obtained a certificate",
    numerator: {
      zh: "统计期内结业并取得证书（职业资格、职业技能等级、专项职业能力或培训合格证书）的人数，按人去重",
      en: "Distinct persons who finished training in the period and obtained a certificate (qualification, skill level, special ability or training certificate)",
    },
    denominator: {
      zh: "统计期内结业的人数，按人去重",
      en: "Distinct persons who finished training in the period",
    },
    period: {
      zh: "培训记录的结业日期（completedOn）在统计期内。",
      en: "The completion date (completedOn) of the training record is in the period.",
    },
    area: personsIn("培训记录", "training record"),
  },
  served_to_employed_ratio: {
    nameEn: "Persons employed or self-employed through services, as a share of persons served",
    numerator: {
      zh: "统计期内接受服务、并在服务当日或之后开始就业或创业的人数，按人去重；零工市场介绍就业既计服务也计就业",
      en: "Distinct persons served in the period whose employment or business started on or after a service; a gig-market placement is both",
    },
    denominator: {
      zh: "统计期内接受服务的人数，按人去重",
      en: "Distinct persons served in the period",
    },
    period: SERVICE_PERIOD,
    area: personsIn("服务记录", "service record"),
  },
  graduate_employment_rate: {
    nameEn: "Overall employment rate of college graduates",
    numerator: {
      zh: "其中已就业的人数：有一条到期末已开始、且未在离校前终止的就业登记",
      en: "Those of them employed: an employment started by the period's end and not ended before they left school",
    },
    denominator: {
      zh: "统计期所在年度毕业届别（毕业年份 = 统计期的年份）的高校毕业生人数，按人去重",
      en: "Graduates of the period's year's cohort (graduation year = the period's year), distinct persons",
    },
    period: {
      zh: "高校毕业生台账的毕业日期（graduatedOn）的年份等于统计期的年份；月、季、半年、年度统计期均取该年度毕业届别。",
      en: "The year of the graduation date (graduatedOn) on the college-graduate ledger equals the period's year; a month, quarter, half-year or the year all take that year's cohort.",
    },
    area: personsIn("高校毕业生台账记录", "college-graduate ledger entry"),
  },
  reemployment_completion: {
    nameEn: "Re-employment of unemployed persons against the year's target",
    numerator: {
      zh: "就业登记的登记日期在统计期内、且开始就业时为登记失业人员的人数，按人去重",
      en: "Distinct persons with an employment registration registered in the period who were registered unemployed when the job started",
    },
    denominator: {
      zh: "城市申报的本年度再就业任务数（reemployment_target）",
      en: "The year's re-employment target declared by the city (reemployment_target)",
    },
    period: {
      zh: "就业登记的登记日期（registeredOn）在统计期内，是否为登记失业人员按就业开始日期（startedOn）判断；任务数取申报给本统计期或该年度的值，以最新申报为准。",
      en: "The registration date (registeredOn) of the employment registration is in the period; whether the person was registered unemployed is decided on the job's start (startedOn); the target is the one declared for the period or its year, the newest counting.",
    },
    area: {
      zh: "分子按就业登记所属的城市和区县计入，同一人全省只计一次；分母取本级申报值，全省为各市之和。",
      en: "The numerator is placed in the city and district of the employment registration, a person counting once for the province; the denominator is the area's own declaration, the cities' added up for the province.",
    },
  },
  difficulty_employed: {
    nameEn: "Employment-difficulty persons employed",
    numerator: {
      zh: "就业登记的登记日期在统计期内、且开始就业时为就业困难人员的人数，按人去重",
      en: "Distinct persons with an employment registration registered in the period who were employment-difficulty persons when the job started",
    },
    period: {
      zh: "就业登记的登记日期（registeredOn）在统计期内；是否为就业困难人员按就业开始日期（startedOn）判断。",
      en: "The registration date (registeredOn) of the employment registration is in the period; whether the person was an employment-difficulty person is decided on the job's start (startedOn).",
    },
    area: personsIn("就业登记", "employment registration"),
  },
  zero_employment_family_rate: {
    nameEn: "Assistance rate of zero-employment families",
    numerator: {
      zh: "统计期内清零（有成员就业）的家庭数",
      en: "Families cleared (a member employed) in the period",
    },
    denominator: {
      zh: "统计期开始前已认定且尚未清零的零就业家庭，加上统计期内新认定的家庭",
      en: "Zero-employment families identified and not cleared before the period began, plus those identified in it",
    },
    period: {
      zh: "按认定日期（identifiedOn）与清零日期（clearedOn）：期初前认定且期初时未清零、或期内认定的家庭计入分母；期内清零的计入分子。从未清零的家庭留在以后每一期的分母中。",
      en: "By the identification date (identifiedOn) and the clearing date (clearedOn): families identified before the period and not cleared by its start, or identified in it, are the denominator; those cleared in the period the numerator. A family never cleared stays in every later period's denominator.",
    },
    area: {
      zh: "按零就业家庭记录所属的城市和区县计入；每户计一次，全省为各市之和。",
      en: "Placed in the city and district of the family's record; each family counts once, and the province adds up the cities.",
    },
  },
  difficult_graduate_rate: {
    nameEn: "Assistance rate of difficult college graduates",
    numerator: {
      zh: "其中得到实质性帮扶（职业指导、岗位推荐、培训或见习机会、就业援助；咨询和调查不计）的人数",
      en: "Those of them given a substantive help (career guidance, job recommendation, a training or internship offer, employment assistance; not a consultation or survey)",
    },
    denominator: {
      zh: "困难高校毕业生（在高校毕业生台账上、且为就业困难人员的毕业生）人数，按人去重",
      en: "Difficult graduates (graduates on the college-graduate ledger who are employment-difficulty persons), distinct persons",
    },
    period: {
      zh: "毕业生在台账上首次成为就业困难人员的日期在统计期内；帮扶须在该日或之后。",
      en: "The day a graduate on the ledger first is an employment-difficulty person is in the period; the help is given on or after that day.",
    },
    area: personsIn("高校毕业生台账记录", "college-graduate ledger entry"),
  },
  mass_incidents: {
    nameEn: "Major collective incidents caused by employment problems",
    numerator: {
      zh: "因就业问题引发的重大群体性事件数，由城市申报",
      en: "Major collective incidents caused by employment problems, as the city declares them",
    },
    period: DECLARED_PERIOD,
    area: DECLARED_COUNT_AREA,
  },
  pes_satisfaction: satisfaction(
    "Satisfaction with public employment services",
    "公共就业服务（好差评，含零工对所在零工市场服务的评价）",
    "public employment services (好差评, gig workers' ratings of their market included)",
  ),
  training_satisfaction: satisfaction(
    "Satisfaction of vocational-training participants",
    "职业技能培训（培训对象评价）",
    "vocational training by its participants",
  ),
  policy_service_satisfaction: satisfaction(
    "Satisfaction with policy-handling services",
    "就业扶持政策经办服务",
    "policy-handling services",
  ),
};

// ---- Rules every indicator follows, and the catalogue's codes in words ---------------------------

export const RULES: Readonly<Record<"periods" | "zero" | "notMeasurable" | "cumulative", Bilingual>> = {
  periods: {
    zh: "统计期为自然月、季度、半年或年度，日期一律按北京时间；一条记录按其决定统计期的日期计入一个月份。",
    en: "A period is a month, a quarter, a half-year or a year, every date in China time; a record falls in the month of the date that decides its period.",
  },
  zero: {
    zh: "零就是零：本地区在统计期内报送过记录时，没有任何贡献的数量指标为 0，而不是“无法计量”。",
    en: "A zero is a zero: when the area reported records in the period, a count nothing contributed to is 0, not “not measurable”.",
  },
  notMeasurable: {
    zh: "只有在比率的分母为 0、本地区在统计期内没有报送任何记录、申报类指标没有申报、按城市申报的比率类指标要求全省值（不能相加），或本地区该年度没有目标值（仍给出实际值）时，才为“无法计量”。",
    en: "Not measurable only when a rate's denominator is 0, the area sent nothing in the period, a declared indicator has no declaration, a share declared per city is asked for the province (shares do not add up), or the area has no target for the year (the actual value is still given).",
  },
  cumulative: {
    zh: "累计型数量指标在不足一年的统计期内与按月折算的本期目标比较（进度正常或落后）。",
    en: "A cumulative quantity is compared over a period shorter than a year with the target pro-rated by months (on track or behind).",
  },
};

export const UNIT_TEXT: Readonly<Record<Unit, Bilingual>> = {
  "10k persons": { zh: "万人", en: "10k persons" },
  "10k visits": { zh: "万人次", en: "10k visits" },
  count: { zh: "个", en: "count" },
  "%": { zh: "%", en: "%" },
};

export const COMPARATOR_TEXT: Readonly<Record<Comparator, Bilingual>> = {
  ">=": { zh: "不低于目标值", en: "at or above the target" },
  "<=": { zh: "不高于目标值", en: "at or below the target" },
};

export const SOURCE_TEXT: Readonly<Record<IndicatorSource, Bilingual>> = {
  events: {
    zh: "由各市节点和零工市场报送的业务记录计算",
    en: "Computed from the records the city nodes and gig markets send",
  },
  declared: {
    zh: "城市申报（POST /v1/declarations）",
    en: "Declared by the city (POST /v1/declarations)",
  },
  "events+declared": {
    zh: "分子由业务记录计算，分母由城市申报",
    en: "Numerator computed from records, denominator declared by the city",
  },
};

/** One indicator as published: the catalogue's entry with its words. */
export interface PublishedDefinition {
  code: string;
  level1: string;
  level2: string;
  name: Bilingual;
  unit: Bilingual & { code: Unit };
  comparator: Bilingual & { code: Comparator };
  source: Bilingual & { code: IndicatorSource };
  numerator: Bilingual;
  denominator: Bilingual | null;
  period: Bilingual;
  area: Bilingual;
  cumulative: boolean;
  /** What the engine computes: the catalogue's measures and factor. */
  computation: { numerator: Measure; denominator: Measure | null; factor: number };
}

/** The catalogue entry's published definition; throws when the catalogue has a code without texts. */
export function definitionOf(def: IndicatorDefinition): PublishedDefinition {
  const texts = DEFINITIONS[def.code];
  if (!texts) throw new Error(`indicator ${def.code} has no definition in definitions.ts`);
  return {
    code: def.code,
    level1: def.level1,
    level2: def.level2,
    name: { zh: def.nameZh, en: texts.nameEn },
    unit: { code: def.unit, ...UNIT_TEXT[def.unit] },
    comparator: { code: def.comparator, ...COMPARATOR_TEXT[def.comparator] },
    source: { code: def.source, ...SOURCE_TEXT[def.source] },
    numerator: texts.numerator,
    denominator: def.denominator ? (texts.denominator ?? null) : null,
    period: texts.period,
    area: texts.area,
    cumulative: def.cumulative,
    computation: {
      numerator: def.numerator,
      denominator: def.denominator ?? null,
      factor: def.factor,
    },
  };
}

/** Every indicator of the catalogue, in its order, with its words. */
export const publishedDefinitions = (catalogue: readonly IndicatorDefinition[] = CATALOGUE) =>
  catalogue.map(definitionOf);
