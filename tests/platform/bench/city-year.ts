// A Xiamen-sized city-year for bench:city, as the city's own employment system would send it through
// POST /v1/batches: persons of the six districts with their unemployment registrations (the
// application, then its registration; some withdrawn later), jobs (which close a registration),
// job-seeker registrations, service visits and their ratings, trainings (enrolment, then completion
// with a certificate, as a revision under the same source id), key-group ledger lines, and employers'
// vacancies. Every record carries the city system's own id (sourceRecordId), so the same year sent
// again changes nothing. Deterministic for a seed; a person's records come together, in their order.
import { makeCreditCode, makeResidentId } from "@pes/schemas";
import { seededRandom } from "@pes/schemas/testing";

export const CITY = "350200";
export const DISTRICTS = ["350203", "350205", "350206", "350211", "350212", "350213"] as const;
/** By registered population (思明, 海沧, 湖里, 集美, 同安, 翔安, 万人): how many persons each district has. */
const DISTRICT_WEIGHTS = [104, 37, 108, 79, 65, 66];
/** Three service points per district, named by the city's own codes: the first batches create them. */
export const pointCode = (district: string, n: number) => `XM-${district}-0${n}`;

export interface BatchItem {
  kind: string;
  record: Record<string, unknown>;
}

/** What the hub's indicators for 2025 must show once it has applied the year. */
export interface Expected {
  records: number;
  persons: number;
  byKind: Record<string, number>;
  /** Distinct persons with an employment registration registered in 2025 (new_employment). */
  newEmployment: number;
  /** Subsidised trainings completed in 2025 (subsidized_training_visits). */
  subsidisedCompleted: number;
  /** Persons who completed a training in 2025, and those of them with a certificate (certificate_rate). */
  completedTraining: number;
  certified: number;
  /** Registrations registered and still open at the end of 2025 (registered_unemployed). */
  openAtYearEnd: number;
}

const SURNAMES = "陈林黄张李王吴刘蔡杨许郑谢洪郭邱曾廖赖周徐苏叶庄吕江何罗高萧潘朱钟彭";
const GIVEN = "明华建国志强丽娟秀英伟芳敏静海燕玉兰俊杰文斌晓红金龙美玲家豪雅婷婉清振宇子涵";
const SERVICES = [
  "career-guidance",
  "job-recommendation",
  "job-recommendation",
  "policy-consultation",
  "training-referral",
  "employer-referral",
  "follow-up-survey",
] as const;
const CHANNELS = ["desk", "desk", "desk", "phone", "online"] as const;
const COURSES = [
  ["电工（初级）", "电工"],
  ["育婴员（中级）", "育婴员"],
  ["中式烹调师（初级）", "中式烹调师"],
  ["电子商务师", "电子商务师"],
  ["养老护理员（初级）", "养老护理员"],
] as const;
const GROUPS = [
  ["college-graduate", "education-department"],
  ["rural-migrant", "survey"],
  ["poverty-alleviated", "rural-revitalisation"],
  ["veteran", "veterans-affairs"],
  ["disabled", "disabled-persons-federation"],
] as const;

const DAY = 86_400_000;
const YEAR_START = Date.UTC(2025, 0, 1);
const dateOf = (day: number) =>
  new Date(YEAR_START + Math.min(Math.max(day, 0), 364) * DAY).toISOString().slice(0, 10);
/** 09:00–17:00 China time on the day. */
const timeOf = (day: number, minutes: number) =>
  `${dateOf(day)}T${String(9 + (Math.floor(minutes / 60) % 8)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}:00+08:00`;

/** The same seed gives the same year. */
function prng(seed: number) {
  const next = seededRandom(seed);
  return {
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!,
    chance: (p: number) => next() < p,
    weighted: (weights: readonly number[]) => {
      let x = next() * weights.reduce((a, b) => a + b, 0);
      for (const [i, w] of weights.entries()) {
        x -= w;
        if (x < 0) return i;
      }
      return weights.length - 1;
    },
  };
}

const SPAN_DAYS = 13_000;
const BORN_FROM = Date.UTC(1966, 0, 1);

/**
 * Person `i`'s ID number: distinct for every i below 6.5 million (a birth day in 1966–2001 and a
 * sequence); women are born from 1976 on, so that no one reaches the retirement age in 2025.
 */
function personOf(i: number, r: ReturnType<typeof prng>) {
  const district = DISTRICTS[r.weighted(DISTRICT_WEIGHTS)]!;
  const birthDay = i % SPAN_DAYS;
  const birth = new Date(BORN_FROM + birthDay * DAY).toISOString().slice(0, 10);
  const female = birth >= "1976-01-01" && r.chance(0.48);
  const seq = (Math.floor(i / SPAN_DAYS) * 2 + (female ? 0 : 1)) % 1000;
  const street = 1 + r.int(8);
  const community = 1 + r.int(12);
  return {
    idNumber: makeResidentId(district, birth, seq),
    name: `${r.pick([...SURNAMES])}${r.pick([...GIVEN])}${r.chance(0.6) ? r.pick([...GIVEN]) : ""}`,
    phone: `13${String(100_000_000 + ((i * 7919) % 900_000_000)).padStart(9, "0")}`,
    divisionCode: `${district}${String(street).padStart(3, "0")}${String(community).padStart(3, "0")}`,
    district,
    female,
  };
}

export interface YearOptions {
  seed?: number;
  /** Persons per batch are added until a batch holds about this many records. */
  batchSize?: number;
}

/**
 * Yields the year's batches until at least `target` records are out, and fills `expected` as it
 * goes. A person's records are all in one batch, in the order the city system would send them.
 */
export function* cityYear(
  target: number,
  expected: Expected,
  opts: YearOptions = {},
): Generator<BatchItem[]> {
  const r = prng(opts.seed ?? 2025);
  const batchSize = opts.batchSize ?? 5_000;
  let batch: BatchItem[] = [];
  let records = 0;
  let employers = 0;
  const push = (item: BatchItem) => {
    batch.push(item);
    expected.byKind[item.kind] = (expected.byKind[item.kind] ?? 0) + 1;
    records++;
  };
  for (let i = 0; records < target; i++) {
    const p = personOf(i, r);
    const person = { idNumber: p.idNumber, name: p.name, phone: p.phone, divisionCode: p.divisionCode };
    const point = () => pointCode(p.district, 1 + r.int(3));
    const id = (what: string) => `XM25-${what}-${i}`;
    expected.persons++;
    const start = r.int(300);

    // 失业登记: the application, then its registration a few days later; then a job (which closes it),
    // a withdrawal, or still open at the year's end.
    const story = r.int(100);
    let employedOn: number | undefined;
    if (story < 35) {
      const application = {
        sourceRecordId: id("SY"),
        person,
        ableToWork: true,
        wantsWork: true,
        currentlyEmployed: false,
        placeBasis: r.chance(0.8) ? "residence" : "household",
        servicePointCode: point(),
        appliedOn: dateOf(start),
        unemployedSince: dateOf(start - 10 - r.int(60)),
        education: r.pick(["senior-secondary", "junior-college", "bachelor", "junior-secondary"]),
      };
      const registeredOn = start + 3 + r.int(5);
      push({ kind: "unemployment-registration", record: application });
      const registered = { ...application, registeredOn: dateOf(registeredOn) };
      push({ kind: "unemployment-registration", record: registered });
      const fate = r.int(100);
      if (fate < 45) {
        employedOn = registeredOn + 20 + r.int(40);
        if (employedOn > 363) expected.openAtYearEnd++;
      } else if (fate < 60)
        push({
          kind: "unemployment-registration",
          record: {
            ...registered,
            closeReason: "withdrawn",
            closedOn: dateOf(registeredOn + 15 + r.int(20)),
          },
        });
      else expected.openAtYearEnd++;
    } else if (story < 60) employedOn = start;
    if (employedOn !== undefined && employedOn <= 363) {
      push({
        kind: "employment-registration",
        record: {
          sourceRecordId: id("JY"),
          person,
          ...(r.chance(0.5)
            ? { form: "unit-employee", unit: { name: `厦门鹭岛${r.int(5000)}号有限公司` } }
            : { form: r.pick(["flexible", "self-employed"]) }),
          address: "厦门市",
          position: r.pick(["仓储管理员", "销售", "骑手", "保洁", "厨师", "电工"]),
          workingHours: { hoursPerWeek: 40 },
          monthlyIncomeFen: 400_000 + r.int(60) * 10_000,
          startedOn: dateOf(employedOn),
          registeredOn: dateOf(employedOn + 1),
        },
      });
      expected.newEmployment++;
    }

    // 求职登记
    if (story >= 60 && story < 80)
      push({
        kind: "job-seeker-registration",
        record: {
          sourceRecordId: id("QZ"),
          person,
          registeredOn: dateOf(start),
          education: r.pick(["senior-secondary", "junior-college", "bachelor"]),
          yearsOfExperience: r.int(20),
          category: "unemployed",
          residenceAddress: "厦门市某街道某社区",
          wishes: {
            occupations: [r.pick(["仓储管理员", "销售", "文员", "保洁"])],
            monthlyPayMinFen: 400_000 + r.int(30) * 10_000,
            shift: "day",
          },
          servicePointCode: point(),
        },
      });

    // 服务记录, some rated (好差评)
    const visits = r.weighted([25, 35, 25, 15]);
    for (let v = 0; v < visits; v++) {
      const day = Math.min(364, start + v * 7 + r.int(7));
      const minutes = r.int(480);
      push({
        kind: "service-record",
        record: {
          sourceRecordId: id(`FW${v}`),
          person,
          serviceType: r.pick(SERVICES),
          channel: r.pick(CHANNELS),
          servicePointCode: point(),
          servedAt: timeOf(day, minutes),
        },
      });
      if (r.chance(0.25))
        push({
          kind: "service-rating",
          record: {
            sourceRecordId: id(`PJ${v}`),
            person,
            category: "public-employment-service",
            rating: { scale: "five-point", score: r.weighted([2, 3, 10, 30, 55]) + 1 },
            ratedAt: timeOf(day, Math.min(479, minutes + 30)),
            servicePointCode: point(),
          },
        });
    }

    // 培训记录: enrolled, then completed (and certified) as a revision of the same record.
    if (r.chance(0.12)) {
      const [course, occupation] = r.pick(COURSES);
      const enrolled = Math.min(start, 280);
      const training = {
        sourceRecordId: id("PX"),
        person,
        kind: "employment-skills",
        course,
        occupation,
        stage: "enrolled",
        enrolledOn: dateOf(enrolled),
        subsidised: true,
      };
      push({ kind: "training-record", record: training });
      if (r.chance(0.85)) {
        const completedOn = enrolled + 30 + r.int(40);
        const certified = r.chance(0.8);
        push({
          kind: "training-record",
          record: {
            ...training,
            stage: "completed",
            completedOn: dateOf(completedOn),
            passed: true,
            subsidyFen: 100_000 + r.int(10) * 10_000,
            ...(certified
              ? { certificate: { type: "skill-level", level: "level-5", issuedOn: dateOf(completedOn + 5) } }
              : {}),
          },
        });
        expected.subsidisedCompleted++;
        expected.completedTraining++;
        if (certified) expected.certified++;
      }
    }

    // 重点群体实名台账
    if (r.chance(0.15)) {
      const [group, source] = r.pick(GROUPS);
      push({
        kind: "key-group-membership",
        record: {
          sourceRecordId: id("TZ"),
          person,
          group,
          source,
          startedOn: dateOf(start),
          ...(group === "college-graduate" ? { graduatedOn: "2025-06-30", servicePointCode: point() } : {}),
        },
      });
    }

    // 招聘登记: an employer now and then, with its vacancies.
    if (r.chance(0.02)) {
      const district = DISTRICTS[r.weighted(DISTRICT_WEIGHTS)]!;
      const n = employers++;
      push({
        kind: "vacancy-registration",
        record: {
          sourceRecordId: `XM25-ZP-${n}`,
          divisionCode: `${district}00${1 + r.int(8)}`,
          registeredOn: dateOf(start),
          employer: {
            name: `厦门鹭岛${n}号有限公司`,
            creditCode: makeCreditCode({
              division: district,
              organisation: `MA${String(n).padStart(7, "0")}`,
            }),
            industry: "I6511",
            economicType: "limited-liability",
            address: "厦门市",
            contactName: "王经理",
            contactPhone: "0592-5551234",
          },
          positions: [
            {
              title: r.pick(["软件测试员", "仓储管理员", "客服专员", "厨师"]),
              hiringForm: "full-time",
              headcount: 1 + r.int(10),
              requirements: { ageMin: 18, ageMax: 45 },
              pay: { monthlyMinFen: 450_000 + r.int(30) * 10_000 },
              recruitFrom: dateOf(start),
              recruitUntil: dateOf(start + 60),
            },
          ],
          servicePointCode: pointCode(district, 1),
        },
      });
    }
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  }
  expected.records = records;
  if (batch.length > 0) yield batch;
}

export const emptyExpected = (): Expected => ({
  records: 0,
  persons: 0,
  byKind: {},
  newEmployment: 0,
  subsidisedCompleted: 0,
  completedTraining: 0,
  certified: 0,
  openAtYearEnd: 0,
});
