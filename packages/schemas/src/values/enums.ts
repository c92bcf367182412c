import type { z } from "zod";
import { codeList } from "./code-list.js";

export const Sex = codeList("Sex (性别)", { male: "男", female: "女" });
export type Sex = z.infer<typeof Sex>;

export const EducationLevel = codeList("Education level (学历)", {
  "below-primary": "小学以下",
  primary: "小学",
  "junior-secondary": "初中",
  "senior-secondary": "普通高中",
  "vocational-secondary": "中专/中技/职高",
  "junior-college": "大专",
  bachelor: "本科",
  master: "硕士研究生",
  doctorate: "博士研究生",
});
export type EducationLevel = z.infer<typeof EducationLevel>;

/** The ten real-name ledgers of BRIEF §4 (重点群体). */
export const KeyGroup = codeList("Key group (重点群体)", {
  "college-graduate": "高校毕业生等青年",
  "registered-unemployed": "登记失业人员",
  "employment-difficulty": "就业困难人员",
  veteran: "退役军人",
  disabled: "残疾人",
  "rural-migrant": "农民工/农村转移劳动力",
  "domestic-service": "家政从业人员",
  "long-term-unemployed": "长时间失业人员",
  "poverty-alleviated": "脱贫劳动力",
  "zero-employment-family": "零就业家庭成员",
});
export type KeyGroup = z.infer<typeof KeyGroup>;

export const KeyGroupSource = codeList("How the key-group membership became known", {
  registration: "登记",
  recognition: "认定",
  "education-department": "教育部门",
  "civil-affairs": "民政部门",
  "veterans-affairs": "退役军人事务部门",
  "disabled-persons-federation": "残联",
  "rural-revitalisation": "乡村振兴部门",
  survey: "摸排调查",
  "self-declared": "本人申报",
  other: "其他",
});

export const ServiceChannel = codeList("Service channel (服务渠道)", {
  desk: "窗口",
  phone: "电话",
  online: "网上(一网通办)",
  "on-site": "上门/现场",
});
export type ServiceChannel = z.infer<typeof ServiceChannel>;

const SERVICE_TYPES_V1 = {
  "policy-consultation": "政策咨询",
  "career-guidance": "职业指导",
  "job-recommendation": "推荐岗位",
  "employer-referral": "用人推荐",
  "job-fair": "小规模招聘洽谈会",
  "career-assessment": "职业素质测评",
  "career-planning": "职业生涯规划",
  "training-referral": "推荐培训",
  "training-enrolment": "培训报名登记",
  "internship-placement": "推荐见习",
  entrepreneurship: "创业服务",
  assistance: "就业援助",
  "follow-up-survey": "跟踪调查",
  "graduate-survey": "毕业生实名调查",
  "labour-resource-survey": "劳动力资源调查",
} as const;

/** The service types of service-record v1: a v1 consumer refuses any other, so new ones need a new version. */
export const ServiceTypeV1 = codeList("Service type (服务类型)", SERVICE_TYPES_V1);
export type ServiceTypeV1 = z.infer<typeof ServiceTypeV1>;

/** The service types of the current service record (v2 adds 政策经办 and 求职申请). */
export const ServiceType = codeList("Service type (服务类型)", {
  ...SERVICE_TYPES_V1,
  "policy-handling": "政策经办(补贴、待遇的申领与经办)",
  "job-application": "求职申请(网上投递)",
});
export type ServiceType = z.infer<typeof ServiceType>;

export const RegistrationPlace = codeList("Place basis of registration (登记地)", {
  residence: "常住地",
  household: "户籍地",
  "social-insurance": "参保地",
  employment: "就业地",
});
export type RegistrationPlace = z.infer<typeof RegistrationPlace>;

export const UnemploymentState = codeList("Unemployment registration state", {
  applied: "已申请",
  registered: "已登记",
  closed: "已注销",
});

export const UnemploymentCloseReason = codeList("Why an unemployment registration closed (注销原因)", {
  employed: "已就业",
  "registered-elsewhere": "已在异地登记",
  "moved-away": "迁出",
  "retirement-age": "达到法定退休年龄",
  withdrawn: "本人申请注销",
  enlisted: "应征入伍",
  "full-time-education": "入学",
  deceased: "死亡",
  other: "其他",
});
export type UnemploymentCloseReason = z.infer<typeof UnemploymentCloseReason>;

export const EmploymentForm = codeList("Form of employment (就业形式)", {
  "unit-employee": "单位就业",
  "self-employed": "个体经营",
  "business-founder": "创办企业",
  flexible: "灵活就业",
  "public-welfare-post": "公益性岗位",
});
export type EmploymentForm = z.infer<typeof EmploymentForm>;

export const HiringForm = codeList("Form of hiring (用工形式)", {
  "full-time": "全日制",
  "part-time": "非全日制",
  temporary: "临时/季节性",
  dispatched: "劳务派遣",
  internship: "见习/实习",
});

export const QualificationLevel = codeList("Vocational qualification level (职业资格等级)", {
  "level-5": "五级/初级工",
  "level-4": "四级/中级工",
  "level-3": "三级/高级工",
  "level-2": "二级/技师",
  "level-1": "一级/高级技师",
});

export const ProfessionalTitle = codeList("Professional title (职称)", {
  junior: "初级",
  intermediate: "中级",
  "deputy-senior": "副高级",
  senior: "正高级",
});

export const PersonCategory = codeList("Person category (人员类别)", {
  unemployed: "失业人员",
  employed: "在职人员",
  "new-graduate": "应届/离校未就业高校毕业生",
  student: "在校学生",
  "rural-labour": "农村劳动力",
  retired: "离退休人员",
  other: "其他",
});

export const Shift = codeList("Shift (工作班次)", {
  day: "白班",
  night: "夜班",
  rotating: "倒班",
  flexible: "弹性",
  any: "不限",
});

export const Housing = codeList("Housing (住宿)", {
  provided: "提供住宿",
  allowance: "住房补贴",
  none: "不提供",
});

export const EconomicType = codeList("Economic type (经济类型)", {
  "state-owned": "国有",
  collective: "集体",
  private: "私营",
  individual: "个体",
  "limited-liability": "有限责任公司",
  "joint-stock": "股份有限公司",
  "foreign-invested": "外商投资",
  "hk-macao-taiwan-invested": "港澳台投资",
  "public-institution": "事业单位",
  government: "机关",
  "social-organisation": "社会组织",
  other: "其他",
});

export const DifficultyCategory = codeList("Reason of employment difficulty (就业困难类别)", {
  health: "身体状况",
  skills: "技能水平",
  family: "家庭因素",
  "land-loss": "失去土地",
  "long-unemployment": "长期失业",
});

export const DifficultyState = codeList("Difficulty recognition state", {
  applied: "已申请",
  recognised: "已认定",
  refused: "不予认定",
});

export const TrainingKind = codeList("Kind of training (培训类别)", {
  "employment-skills": "就业技能培训",
  entrepreneurship: "创业培训",
  "skills-upgrade": "岗位技能提升培训",
  apprenticeship: "企业新型学徒制培训",
});

export const CertificateType = codeList("Certificate type (证书类型)", {
  "vocational-qualification": "职业资格证书",
  "skill-level": "职业技能等级证书",
  "special-ability": "专项职业能力证书",
  training: "培训合格证书",
});

export const RatingCategory = codeList("Rating category (评价类别)", {
  "public-employment-service": "公共就业服务",
  training: "职业培训",
  "policy-handling": "政策经办",
});
export type RatingCategory = z.infer<typeof RatingCategory>;

export const FamilyRelation = codeList("Relation to the head of household (与户主关系)", {
  head: "户主",
  spouse: "配偶",
  child: "子女",
  parent: "父母",
  sibling: "兄弟姐妹",
  other: "其他",
});

/** GB/T 4754-2017 sections (门类). */
export const INDUSTRY_SECTIONS = {
  A: "农、林、牧、渔业",
  B: "采矿业",
  C: "制造业",
  D: "电力、热力、燃气及水生产和供应业",
  E: "建筑业",
  F: "批发和零售业",
  G: "交通运输、仓储和邮政业",
  H: "住宿和餐饮业",
  I: "信息传输、软件和信息技术服务业",
  J: "金融业",
  K: "房地产业",
  L: "租赁和商务服务业",
  M: "科学研究和技术服务业",
  N: "水利、环境和公共设施管理业",
  O: "居民服务、修理和其他服务业",
  P: "教育",
  Q: "卫生和社会工作",
  R: "文化、体育和娱乐业",
  S: "公共管理、社会保障和社会组织",
  T: "国际组织",
} as const;
