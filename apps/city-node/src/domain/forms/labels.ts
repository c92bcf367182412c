import {
  CertificateType,
  EconomicType,
  EducationLevel,
  EmploymentForm,
  HiringForm,
  Housing,
  KeyGroup,
  KeyGroupSource,
  PersonCategory,
  ProfessionalTitle,
  QualificationLevel,
  RegistrationPlace,
  ServiceChannel,
  ServiceType,
  Sex,
  Shift,
  TrainingKind,
} from "@pes/schemas";
import { type Converter, fail, halfWidth, ok } from "./cells.js";

/**
 * The Chinese labels a form's cell may hold for a closed list of codes. The contract's own labels
 * (codeList's labelsZh) are accepted as they are, each half of a label with a slash (中专/中技/职高),
 * and a label without its bracketed note (网上(一网通办) → 网上); `aliases` add the wording bureaus'
 * ledgers and the seed documents use (大学本科, 高校毕业生). The English code is accepted too, for a
 * city system that exports codes.
 */
export interface LabelList {
  /** What the list is, for an error: 学历. */
  what: string;
  /** The labels a template offers, in the contract's order. */
  labels: readonly string[];
  codeOf: ReadonlyMap<string, string>;
}

const normalise = (label: string) => halfWidth(label).replace(/\s/g, "").toLowerCase();

export function labelList(
  what: string,
  labelsZh: Readonly<Record<string, string>>,
  aliases: Readonly<Record<string, string>> = {},
): LabelList {
  const codeOf = new Map<string, string>();
  const add = (label: string, code: string) => {
    const key = normalise(label);
    if (key !== "" && !codeOf.has(key)) codeOf.set(key, code);
  };
  for (const [code, label] of Object.entries(labelsZh)) {
    add(label, code);
    add(code, code);
  }
  for (const [code, label] of Object.entries(labelsZh)) {
    const bare = halfWidth(label).replace(/\(.*\)$/, "");
    add(bare, code);
    for (const part of bare.split("/")) add(part, code);
  }
  for (const [alias, code] of Object.entries(aliases)) {
    if (!Object.hasOwn(labelsZh, code)) throw new Error(`alias ${alias} names no code of ${what}: ${code}`);
    add(alias, code);
  }
  return { what, labels: Object.values(labelsZh), codeOf };
}

/** A cell holding one label of `list` → its code; an unknown label names the ones allowed. */
export function label(list: LabelList): Converter<string> {
  return (cell) => {
    const text = typeof cell === "string" ? cell.trim() : String(cell);
    const code = list.codeOf.get(normalise(text));
    return code !== undefined
      ? ok(code)
      : fail(`「${text}」不是可选的${list.what}；可选：${list.labels.join("、")}`);
  };
}

export const SEX = labelList("性别", Sex.labelsZh, { 男性: "male", 女性: "female" });

export const EDUCATION = labelList("学历", EducationLevel.labelsZh, {
  文盲: "below-primary",
  半文盲: "below-primary",
  高中: "senior-secondary",
  中专: "vocational-secondary",
  中等专科: "vocational-secondary",
  技工学校: "vocational-secondary",
  技校: "vocational-secondary",
  大学专科: "junior-college",
  专科: "junior-college",
  高职: "junior-college",
  大学本科: "bachelor",
  研究生: "master",
  硕士: "master",
  博士: "doctorate",
});

export const QUALIFICATION = labelList("国家职业资格等级", QualificationLevel.labelsZh, {
  初级: "level-5",
  五级: "level-5",
  中级: "level-4",
  高级: "level-3",
  高级工: "level-3",
  技师: "level-2",
  高级技师: "level-1",
});

export const TITLE = labelList("职称", ProfessionalTitle.labelsZh, {
  初级职称: "junior",
  中级职称: "intermediate",
  副高: "deputy-senior",
  副高级职称: "deputy-senior",
  正高: "senior",
  正高级职称: "senior",
});

export const PERSON_CATEGORY = labelList("人员类别", PersonCategory.labelsZh, {
  失业: "unemployed",
  在职: "employed",
  在业人员: "employed",
  应届高校毕业生: "new-graduate",
  高校毕业生: "new-graduate",
  在校生: "student",
  农民工: "rural-labour",
  退休人员: "retired",
  离退休: "retired",
});

export const KEY_GROUP = labelList("重点群体", KeyGroup.labelsZh, {
  高校毕业生: "college-graduate",
  离校未就业高校毕业生: "college-graduate",
  高校毕业生等青年群体: "college-graduate",
  失业登记人员: "registered-unemployed",
  就业困难: "employment-difficulty",
  农村劳动力: "rural-migrant",
  家政服务人员: "domestic-service",
  长期失业人员: "long-term-unemployed",
  脱贫人口: "poverty-alleviated",
  零就业家庭: "zero-employment-family",
});

export const KEY_GROUP_SOURCE = labelList("信息来源", KeyGroupSource.labelsZh, {
  本人登记: "registration",
  就业困难认定: "recognition",
  教育: "education-department",
  民政: "civil-affairs",
  退役军人事务局: "veterans-affairs",
  乡村振兴局: "rural-revitalisation",
  摸排: "survey",
  调查: "survey",
  本人: "self-declared",
});

export const CHANNEL = labelList("服务渠道", ServiceChannel.labelsZh, {
  窗口办理: "desk",
  柜台: "desk",
  电话服务: "phone",
  线上: "online",
  网上办理: "online",
  上门: "on-site",
  现场: "on-site",
  上门服务: "on-site",
});

export const SERVICE_TYPE = labelList("服务类型", ServiceType.labelsZh, {
  招聘会: "job-fair",
  招聘洽谈会: "job-fair",
  职业测评: "career-assessment",
  见习: "internship-placement",
  就业见习: "internship-placement",
  创业指导: "entrepreneurship",
  援助: "assistance",
  回访: "follow-up-survey",
});

export const PLACE_BASIS = labelList("登记地", RegistrationPlace.labelsZh);

export const EMPLOYMENT_FORM = labelList("就业形式", EmploymentForm.labelsZh, {
  单位: "unit-employee",
  个体工商户: "self-employed",
  创业: "business-founder",
  公益岗位: "public-welfare-post",
});

export const HIRING_FORM = labelList("用工形式", HiringForm.labelsZh, {
  全职: "full-time",
  兼职: "part-time",
  临时: "temporary",
  季节性: "temporary",
  派遣: "dispatched",
  见习: "internship",
  实习: "internship",
});

export const HOUSING = labelList("住宿", Housing.labelsZh, {
  包住: "provided",
  提供: "provided",
  是: "provided",
  无: "none",
  否: "none",
});

export const ECONOMIC_TYPE = labelList("经济类型", EconomicType.labelsZh, {
  国有企业: "state-owned",
  集体企业: "collective",
  私营企业: "private",
  民营: "private",
  民营企业: "private",
  个体工商户: "individual",
  外资: "foreign-invested",
  外资企业: "foreign-invested",
  港澳台资: "hk-macao-taiwan-invested",
  机关单位: "government",
});

export const SHIFT = labelList("工作班次", Shift.labelsZh, {
  常白班: "day",
  轮班: "rotating",
  三班倒: "rotating",
});

export const TRAINING_KIND = labelList("培训类别", TrainingKind.labelsZh, {
  就业技能: "employment-skills",
  创业: "entrepreneurship",
  岗位技能提升: "skills-upgrade",
  学徒制: "apprenticeship",
  新型学徒制: "apprenticeship",
});

// The desk's own words; not a contract code list (the record's stage is a plain enum).
export const TRAINING_STAGE = labelList(
  "培训状态",
  { enrolled: "在训", completed: "结业", "dropped-out": "中途退出" },
  { 已报名: "enrolled", 培训中: "enrolled", 已结业: "completed", 已完成: "completed", 退出: "dropped-out" },
);

export const CERTIFICATE_TYPE = labelList("证书类型", CertificateType.labelsZh, {
  职业资格证: "vocational-qualification",
  技能等级证书: "skill-level",
  专项能力证书: "special-ability",
  培训合格证: "training",
});

// 原法定退休年龄: the desk body's femaleCategory, which sets a woman's statutory retirement age.
export const FEMALE_CATEGORY = labelList(
  "女性退休年龄类别",
  { cadre: "干部(原55岁退休)", worker: "工人(原50岁退休)" },
  { "55岁": "cadre", "55": "cadre", "50岁": "worker", "50": "worker" },
);
