// Made-up residents and the desk bodies about them. Only made-up data: valid ID numbers (checksum,
// region, birth date) that belong to no one's records here, and common names.
import { makeCreditCode, makeResidentId } from "@pes/schemas";

export interface Person {
  idNumber: string;
  name: string;
  phone: string;
  divisionCode: string;
}

const SURNAMES = ["陈", "林", "黄", "张", "李", "王", "吴", "刘", "蔡", "杨", "郑", "许"];
const GIVEN = ["晓明", "丽华", "志强", "秀英", "建平", "海燕", "伟", "婷", "鸿", "佳怡", "文杰", "雅琴"];

export const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)]!;

/** A city's demo district, its street and community (the service point sits on the street). */
export const AREAS = {
  "350100": { district: "350102", street: "350102001" },
  "350200": { district: "350203", street: "350203001" },
  "350500": { district: "350502", street: "350502001" },
} as const;
export type City = keyof typeof AREAS;

/** Today in China, YYYY-MM-DD, moved by `days`. */
export function chinaDate(days = 0): string {
  return new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

export function person(city: City): Person {
  // 22 to 40 years old: of working age under every retirement age.
  const year = new Date().getUTCFullYear() - 40 + Math.floor(Math.random() * 18);
  const birth = new Date(Date.UTC(year, 0, 1 + Math.floor(Math.random() * 365))).toISOString().slice(0, 10);
  const district = AREAS[city].district;
  return {
    idNumber: makeResidentId(district, birth, Math.floor(Math.random() * 1000)),
    name: pick(SURNAMES) + pick(GIVEN),
    phone: `13${String(Math.floor(Math.random() * 1e9)).padStart(9, "0")}`,
    divisionCode: `${AREAS[city].street}001`,
  };
}

export const servicePointOf = (city: City) => `demo-sp-${AREAS[city].street}`;

export const desk = {
  unemployment: (p: Person, city: City) => ({
    person: p,
    ableToWork: true,
    wantsWork: true,
    currentlyEmployed: false,
    placeBasis: "residence",
    servicePointId: servicePointOf(city),
    appliedOn: chinaDate(),
    // The industry of the last job (GB/T 4754): the hub's warnings by industry.
    lastJobIndustry: pick(["C3911", "C1810", "G5411", "H6110", "I6511", "F5261"]),
  }),
  employment: (p: Person) => ({
    person: p,
    // Now and then a start-up (个体经营): the assessment counts them.
    form: pick(["flexible", "flexible", "self-employed"]),
    address: "本市",
    position: pick(["骑手", "仓储管理员", "收银员", "电工"]),
    workingHours: { hoursPerWeek: 40 },
    monthlyIncomeFen: pick([450_000, 600_000, 800_000]),
    startedOn: chinaDate(),
    registeredOn: chinaDate(),
  }),
  jobSeeker: (p: Person, city: City) => ({
    person: p,
    registeredOn: chinaDate(),
    education: pick(["junior-college", "bachelor", "senior-secondary"]),
    yearsOfExperience: Math.floor(Math.random() * 15),
    category: "unemployed",
    residenceAddress: "某街道某社区1号",
    wishes: {
      occupations: [pick(["仓储管理员", "电工", "育婴员"])],
      monthlyPayMinFen: 500_000,
      shift: "day",
    },
    servicePointId: servicePointOf(city),
  }),
  keyGroup: (p: Person, city: City) => ({
    person: p,
    group: "college-graduate",
    startedOn: chinaDate(-140),
    source: "education-department",
    graduatedOn: chinaDate(-150),
    servicePointId: servicePointOf(city),
  }),
  service: (p: Person, city: City) => ({
    person: p,
    serviceType: pick(["career-guidance", "job-recommendation", "policy-consultation"]),
    channel: "desk",
    servicePointId: servicePointOf(city),
    servedAt: new Date().toISOString(),
  }),
  training: (p: Person) => ({
    person: p,
    // Now and then entrepreneurship training (创业培训): the assessment counts its trainees.
    kind: pick(["employment-skills", "employment-skills", "entrepreneurship"]),
    course: pick(["电工（中级）", "育婴员", "电子商务"]),
    stage: "completed",
    enrolledOn: chinaDate(-70),
    completedOn: chinaDate(-10),
    passed: true,
    subsidised: true,
    subsidyFen: 100_000,
    certificate: { type: "skill-level", level: "level-4", issuedOn: chinaDate(-5) },
  }),
  rating: (p: Person, city: City) => ({
    person: p,
    category: "public-employment-service",
    rating: { scale: "five-point", score: pick([3, 4, 5, 5, 5]) },
    ratedAt: new Date().toISOString(),
    servicePointId: servicePointOf(city),
  }),
};

/** Characters of an organisation code in a credit code (GB 32100: no I, O, S, V, Z). */
const ORGANISATION = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/** A made-up enterprise of the city's demo district, and its report of a reduction: most small, some large. */
export const layoffReport = (city: City) => {
  const workforce = 80 + Math.floor(Math.random() * 400);
  return {
    divisionCode: AREAS[city].district,
    enterprise: {
      name: pick(["某电子制造有限公司", "某服装加工厂", "某物流有限公司", "某餐饮管理有限公司"]),
      creditCode: makeCreditCode({
        division: AREAS[city].district,
        organisation: Array.from({ length: 9 }, () => pick([...ORGANISATION])).join(""),
      }),
      industry: pick(["C3911", "C1810", "G5411", "H6110"]),
    },
    kind: pick(["layoff", "reduction"]),
    persons: 3 + Math.floor(Math.random() * 40),
    workforce,
    effectiveOn: chinaDate(30),
    servicePointId: servicePointOf(city),
  };
};

const OCCUPATIONS = ["4-10-01-01", "4-10-01-02", "4-07-05-01", "6-29-01-01", "4-02-02-01"];
const PAY_DAY = [15_000, 18_000, 20_000, 25_000];

export const gigBodies = {
  posting: () => ({
    employer: { name: pick(["厦门鹭岛家政服务有限公司", "思明区某物流站", "鼓浪屿某民宿"]) },
    title: pick(["家政保洁（日结）", "仓库分拣", "活动布展"]),
    occupationCode: pick(OCCUPATIONS),
    headcount: 1 + Math.floor(Math.random() * 5),
    pay: { amountFen: pick(PAY_DAY), per: "day" },
    workFrom: chinaDate(),
    workUntil: chinaDate(7),
    locationCode: "350203001",
    address: "思明区湖滨南路 100 号",
  }),
  worker: (p: Person) => ({
    idNumber: p.idNumber,
    name: p.name,
    consent: { given: true },
    occupations: [pick(OCCUPATIONS), pick(OCCUPATIONS)],
    preferredPlaces: ["350203"],
    expectedPay: { amountFen: pick(PAY_DAY), per: "day" },
    availableFrom: chinaDate(),
    availableUntil: chinaDate(90),
  }),
};
