import type { DefinedRecord } from "./definition.js";
import { personKeyOf } from "./person-key.js";
import { type RecordInput, type RecordName, recordDefinitions } from "./records/index.js";
import { maskName } from "./values/contact.js";
import { makeCreditCode } from "./values/credit-code.js";
import {
  birthDateOfResidentId,
  makeResidentId,
  maskResidentId,
  sexOfResidentId,
} from "./values/resident-id.js";

/** The person-key secret of every sample; never a real deployment's. */
export const SAMPLE_PERSON_KEY_SECRET = "sample-secret-not-for-production";

const AT = "2024-03-15T09:30:00+08:00";
const CREDIT_CODE = makeCreditCode({ division: "350203", organisation: "MA31XM0A7" });

/** 00000000-0000-4000-8000-<n>: valid v4-shaped UUIDs that read as test data. */
export function sampleId(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
}

export interface SamplePerson {
  key: string;
  idNumber: string;
  name: string;
  sex: "male" | "female";
  birthDate: string;
}

/** A made-up person with a valid ID number; `n` (0..999) varies the sequence digits. */
export function samplePerson(
  n = 105,
  opts: { region?: string; birthDate?: string; name?: string } = {},
): SamplePerson {
  const idNumber = makeResidentId(opts.region ?? "350203", opts.birthDate ?? "1990-03-07", n);
  return {
    key: personKeyOf(idNumber, SAMPLE_PERSON_KEY_SECRET),
    idNumber,
    name: opts.name ?? "张小明",
    sex: sexOfResidentId(idNumber),
    birthDate: birthDateOfResidentId(idNumber),
  };
}

function base(n: number) {
  return {
    id: sampleId(n),
    revision: 1,
    cityCode: "350200" as const,
    districtCode: "350203",
    recordedAt: AT,
  };
}

function samples() {
  const person = samplePerson();
  const spouse = samplePerson(208, { birthDate: "1991-06-18", name: "李小红" });
  return {
    "unemployment-registration": {
      ...base(1),
      person,
      state: "registered",
      placeBasis: "residence",
      servicePointId: "xm-sm-jd001",
      staffId: "staff-0001",
      appliedOn: "2024-03-01",
      dueBy: "2024-03-15",
      registeredOn: "2024-03-05",
      unemployedSince: "2024-01-31",
      education: "senior-secondary",
      residenceAddress: "思明区某街道某社区1号",
      contactMobile: "13812341234",
      keyGroups: ["registered-unemployed"],
    },
    "employment-registration": {
      ...base(2),
      person,
      form: "unit-employee",
      unit: { name: "厦门示例科技有限公司", creditCode: CREDIT_CODE },
      address: "思明区软件园二期",
      workplaceCode: "350203",
      position: "软件测试员",
      workingHours: { hoursPerWeek: 40, schedule: "周一至周五 9:00-18:00" },
      monthlyIncomeFen: 650_000,
      startedOn: "2024-04-01",
      registeredOn: "2024-04-03",
      socialInsuranceFiled: true,
      channel: "online",
    },
    "job-seeker-registration": {
      ...base(3),
      person,
      state: "active",
      registeredOn: "2024-03-05",
      validUntil: "2024-09-05",
      education: "junior-college",
      qualificationLevel: "level-4",
      yearsOfExperience: 5,
      category: "unemployed",
      keyGroups: ["registered-unemployed"],
      residenceAddress: "思明区某街道某社区1号",
      contactMobile: "13812341234",
      resume: "2019–2024 仓储管理员",
      wishes: {
        occupations: ["仓储管理员", "物流调度员"],
        monthlyPayMinFen: 500_000,
        monthlyPayMaxFen: 800_000,
        workPlaces: ["350203", "350206"],
        shift: "day",
      },
      servicePointId: "xm-sm-jd001",
    },
    "enterprise-layoff-report": {
      ...base(30),
      enterprise: { name: "厦门示例科技有限公司", creditCode: CREDIT_CODE, industry: "I6511" },
      kind: "layoff",
      persons: 25,
      workforce: 180,
      reportedOn: "2024-03-12",
      effectiveOn: "2024-04-12",
      servicePointId: "xm-sm-jd001",
      staffId: "staff-0001",
    },
    "service-network": {
      ...base(31),
      districtCode: undefined,
      asOf: AT,
      divisions: [
        { code: "350203001", population: 42_000 },
        { code: "350203001001", population: 6_000 },
        { code: "350203001002" },
      ],
      servicePoints: [
        { id: "xm-sm-jd001", kind: "public", divisionCode: "350203001", active: true, staff: 3 },
        { id: "xm-sm-sq001", kind: "public", divisionCode: "350203001001", active: true, staff: 1 },
      ],
    },
    "vacancy-registration": {
      ...base(4),
      status: "open",
      registeredOn: "2024-03-10",
      employer: {
        name: "厦门示例科技有限公司",
        creditCode: CREDIT_CODE,
        industry: "I6511",
        economicType: "limited-liability",
        address: "思明区软件园二期",
        contactName: "王经理",
        contactPhone: "0592-5551234",
      },
      positions: [
        {
          title: "软件测试员",
          occupationCode: "4-04-05-03",
          hiringForm: "full-time",
          headcount: 3,
          requirements: { ageMin: 20, ageMax: 40, education: "junior-college", yearsOfExperience: 1 },
          pay: {
            monthlyMinFen: 600_000,
            monthlyMaxFen: 900_000,
            housing: "allowance",
            benefits: ["五险一金"],
          },
          recruitFrom: "2024-03-10",
          recruitUntil: "2024-04-30",
          interviewOn: "2024-03-20",
          workplaceCode: "350203",
        },
      ],
      servicePointId: "xm-sm-jd001",
    },
    "key-group-membership": {
      ...base(5),
      person,
      group: "registered-unemployed",
      startedOn: "2024-03-05",
      source: "registration",
    },
    "difficulty-recognition": {
      ...base(6),
      person,
      state: "recognised",
      categories: ["long-unemployment"],
      unemploymentRegistrationId: sampleId(1),
      appliedOn: "2024-03-06",
      decidedOn: "2024-03-12",
      validUntil: "2026-03-11",
      servicePointId: "xm-sm-jd001",
      staffId: "staff-0001",
    },
    "zero-employment-family": {
      ...base(7),
      person,
      state: "identified",
      urbanResident: true,
      communityCode: "350203001001",
      identifiedOn: "2024-03-12",
      members: [
        {
          person,
          relation: "head",
          workingAge: true,
          unemployed: true,
          ableAndWilling: true,
          fixedIncome: false,
        },
        {
          person: spouse,
          relation: "spouse",
          workingAge: true,
          unemployed: true,
          ableAndWilling: true,
          fixedIncome: false,
        },
      ],
    },
    "service-record": {
      ...base(8),
      person,
      serviceType: "career-guidance",
      channel: "desk",
      servicePointId: "xm-sm-jd001",
      staffId: "staff-0001",
      servedAt: AT,
    },
    "training-record": {
      ...base(9),
      person,
      kind: "employment-skills",
      course: "电工（中级）",
      providerId: "xm-training-01",
      stage: "completed",
      enrolledOn: "2024-04-01",
      completedOn: "2024-05-31",
      passed: true,
      subsidised: true,
      subsidyFen: 100_000,
      certificate: { type: "skill-level", level: "level-4", issuedOn: "2024-06-15" },
    },
    "service-rating": {
      ...base(10),
      person,
      category: "public-employment-service",
      rating: { scale: "five-point", score: 5 },
      ratedAt: AT,
      serviceRecordId: sampleId(8),
      servicePointId: "xm-sm-jd001",
    },
    "voucher-event": {
      ...base(11),
      person,
      voucherId: "V2024-000001",
      policyId: "xm-2023-skills-training",
      amountFen: 100_000,
      event: { type: "issued", issuedAt: AT, expiresOn: "2024-12-31" },
    },
    "gig-posting": {
      ...base(12),
      marketId: "xm-siming-gig",
      employer: { name: "某家政服务部" },
      title: "家庭保洁（半天）",
      headcount: 2,
      pay: { amountFen: 15_000, per: "day" },
      workFrom: "2024-03-16",
      workUntil: "2024-03-16",
      locationCode: "350203001",
      address: "思明区某小区",
      status: "open",
      postedAt: AT,
    },
    "gig-placement": {
      ...base(13),
      person,
      marketId: "xm-siming-gig",
      postingId: sampleId(12),
      status: "placed",
      placedAt: AT,
      workFrom: "2024-03-16",
      pay: { amountFen: 15_000, per: "day" },
    },
    "gig-rating": {
      ...base(19),
      person,
      marketId: "xm-siming-gig",
      placementId: sampleId(13),
      by: "worker",
      score: 5,
      ratedAt: AT,
    },
    "declared-indicator-value": {
      ...base(14),
      districtCode: undefined,
      indicatorCode: "budget_execution_rate",
      period: "2024-Q1",
      value: 0.27,
      unit: "ratio",
      declaredBy: "staff-0009",
      declaredAt: AT,
    },
    "registration-closure-instruction": {
      ...base(15),
      person,
      registrationId: sampleId(1),
      reason: "employed-elsewhere",
      evidence: {
        cityCode: "350100",
        recordType: "employment-registration",
        recordId: sampleId(102),
        effectiveOn: "2024-04-01",
      },
      decidedAt: AT,
    },
    "service-needed-notice": {
      ...base(16),
      person,
      status: "open",
      reasons: ["131-shortfall"],
      keyGroups: ["registered-unemployed"],
      shortfall131: { careerGuidance: 0, jobRecommendations: 2, trainingOrInternship: 1 },
      areaCode: "350203001001",
      contactMobile: "13812341234",
      dueBy: "2024-03-31",
      noticedAt: AT,
    },
    "work-needed-notice": {
      ...base(18),
      person: {
        key: person.key,
        idNumberMasked: maskResidentId(person.idNumber),
        nameMasked: maskName(person.name),
      },
      marketId: "xm-siming-gig",
      status: "open",
      reasons: ["131-shortfall"],
      keyGroups: ["registered-unemployed"],
      areaCode: "350203001001",
      contactMobile: "13812341234",
      noticedAt: AT,
    },
    "voucher-notice": {
      ...base(17),
      person,
      voucherId: "V2024-000001",
      policyId: "xm-2023-skills-training",
      amountFen: 100_000,
      status: "issued",
      expiresOn: "2024-12-31",
      changedAt: AT,
    },
    "record-rejection-notice": {
      ...base(21),
      recordId: sampleId(9),
      recordType: "training-record",
      recordRevision: 2,
      eventId: sampleId(22),
      stage: "contract",
      reasonCode: "invalid-record",
      reason: "The record does not satisfy the contract of training-record: 1 problem",
      problems: [{ path: "completedOn", code: "custom", message: "A completed training needs completedOn" }],
      rejectedAt: AT,
    },
    "flowback-receipt": {
      id: sampleId(20),
      flowbackId: sampleId(15),
      flowbackType: "cn.gov.fj.pes.registration-closure-instruction.v1",
      flowbackKey: person.key,
      digest: "3".repeat(64),
      outcome: "applied",
      appliedAt: AT,
    },
  } satisfies { [N in RecordName]: RecordInput<N> };
}

export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> | undefined }
    : T;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Objects merge field by field; arrays and values replace; an explicit undefined removes the field. */
function merge(base: unknown, overrides: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(overrides)) return overrides;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) delete out[k];
    else out[k] = k in base ? merge(base[k], v) : v;
  }
  return out;
}

const dropUndefined = (v: unknown) => merge(v, {});

/**
 * A valid record of the named type, always the same; overrides are merged in (not validated, so a test
 * can build an invalid one on purpose).
 */
export function sampleRecord<N extends RecordName>(
  name: N,
  overrides?: DeepPartial<RecordInput<N>>,
): RecordInput<N>;
export function sampleRecord(name: string, overrides?: Record<string, unknown>): Record<string, unknown>;
export function sampleRecord(name: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const all: Record<string, unknown> = samples();
  if (!(name in all)) throw new Error(`no sample for record type ${name}`);
  return merge(dropUndefined(all[name]), overrides) as Record<string, unknown>;
}

/** One valid record of every type, with its definition: for round-trip tests. */
export function sampleRecords(): Array<{ definition: DefinedRecord; data: Record<string, unknown> }> {
  return recordDefinitions.map((definition) => ({ definition, data: sampleRecord(definition.name) }));
}
