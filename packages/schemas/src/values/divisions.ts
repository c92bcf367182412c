import { cityOf, divisionLevel, isWithin, PROVINCE_PREFIXES } from "@pes/core";
import { z } from "zod";
import { FUJIAN_CITIES, type FujianCityCode } from "../catalogue.js";

/**
 * The Fujian codes the platform knows: the province, its cities and their districts/counties (GB/T 2260,
 * as of the 2021 changes: 长乐区, 沙县区, 龙海区, 长泰区). A city or district code of 35xxxx outside it is refused.
 */
export const FUJIAN_DIVISIONS: Readonly<Record<string, string>> = {
  "350000": "福建省",
  ...FUJIAN_CITIES,
  "350102": "鼓楼区",
  "350103": "台江区",
  "350104": "仓山区",
  "350105": "马尾区",
  "350111": "晋安区",
  "350112": "长乐区",
  "350121": "闽侯县",
  "350122": "连江县",
  "350123": "罗源县",
  "350124": "闽清县",
  "350125": "永泰县",
  "350181": "福清市",
  "350302": "城厢区",
  "350303": "涵江区",
  "350304": "荔城区",
  "350305": "秀屿区",
  "350322": "仙游县",
  "350404": "三元区",
  "350405": "沙县区",
  "350421": "明溪县",
  "350423": "清流县",
  "350424": "宁化县",
  "350425": "大田县",
  "350426": "尤溪县",
  "350428": "将乐县",
  "350429": "泰宁县",
  "350430": "建宁县",
  "350481": "永安市",
  "350602": "芗城区",
  "350603": "龙文区",
  "350604": "龙海区",
  "350605": "长泰区",
  "350622": "云霄县",
  "350623": "漳浦县",
  "350624": "诏安县",
  "350626": "东山县",
  "350627": "南靖县",
  "350628": "平和县",
  "350629": "华安县",
  "350702": "延平区",
  "350703": "建阳区",
  "350721": "顺昌县",
  "350722": "浦城县",
  "350723": "光泽县",
  "350724": "松溪县",
  "350725": "政和县",
  "350781": "邵武市",
  "350782": "武夷山市",
  "350783": "建瓯市",
  "350802": "新罗区",
  "350803": "永定区",
  "350821": "长汀县",
  "350823": "上杭县",
  "350824": "武平县",
  "350825": "连城县",
  "350881": "漳平市",
  "350902": "蕉城区",
  "350921": "霞浦县",
  "350922": "古田县",
  "350923": "屏南县",
  "350924": "寿宁县",
  "350925": "周宁县",
  "350926": "柘荣县",
  "350981": "福安市",
  "350982": "福鼎市",
  "350203": "思明区",
  "350205": "海沧区",
  "350206": "湖里区",
  "350211": "集美区",
  "350212": "同安区",
  "350213": "翔安区",
  "350502": "鲤城区",
  "350503": "丰泽区",
  "350504": "洛江区",
  "350505": "泉港区",
  "350521": "惠安县",
  "350524": "安溪县",
  "350525": "永春县",
  "350526": "德化县",
  "350581": "石狮市",
  "350582": "晋江市",
  "350583": "南安市",
};

export function divisionName(code: string): string | undefined {
  return FUJIAN_DIVISIONS[code];
}

export function isFujianCity(code: string): code is FujianCityCode {
  return Object.hasOwn(FUJIAN_CITIES, code);
}

/** The city a Fujian code reports under: 平潭 350128 for its own area, otherwise the xxxx00 city. */
export function reportingCityOf(code: string): FujianCityCode | undefined {
  if (!isWithin(code, "350000") || code === "350000") return undefined;
  if (isWithin(code, "350128")) return "350128";
  const city = cityOf(code);
  return isFujianCity(city) ? city : undefined;
}

/** Why a division code is not valid, or undefined when it is. */
export function divisionCodeProblem(code: string): string | undefined {
  if (!/^(\d{6}|\d{9}|\d{12})$/.test(code)) {
    return "A division code (行政区划代码) has 6, 9 or 12 digits, e.g. 350203 or 350203001";
  }
  const level = divisionLevel(code);
  if (!level)
    return `${code} is not a valid division code; check the province digits and that it does not end in 000`;
  if (!code.startsWith("35")) return undefined;
  if (code.length === 6) {
    return FUJIAN_DIVISIONS[code]
      ? undefined
      : `Unknown division code ${code}: not in the Fujian division table`;
  }
  const district = code.slice(0, 6);
  if (divisionLevel(district) !== "district" || !FUJIAN_DIVISIONS[district]) {
    return `Unknown division code ${code}: a street or community code must extend a known district code`;
  }
  return undefined;
}

const FUJIAN_DISTRICTS = Object.keys(FUJIAN_DIVISIONS)
  .filter((code) => divisionLevel(code) === "district")
  .sort();
/** A street (9 digits) or community (12) below a district: three digits not 000, then maybe three more. */
const BELOW_DISTRICT = "(?!000)\\d{3}(?:(?!000)\\d{3})?";
const FUJIAN_PATTERN = `${Object.keys(FUJIAN_DIVISIONS).sort().join("|")}|(?:${FUJIAN_DISTRICTS.join("|")})${BELOW_DISTRICT}`;
const OTHER_PROVINCES = [...PROVINCE_PREFIXES].filter((p) => p !== "35").sort();

/**
 * What divisionCodeProblem checks, as JSON Schema patterns: outside Fujian the shape of GB/T 2260, in
 * Fujian the codes of its table and the streets and communities below its districts.
 */
export const DIVISION_PATTERNS = {
  division: `^(?:(?:${OTHER_PROVINCES.join("|")})\\d{4}(?:${BELOW_DISTRICT})?|${FUJIAN_PATTERN})$`,
  fujian: `^(?:${FUJIAN_PATTERN})$`,
  district: `^(?:${FUJIAN_DISTRICTS.join("|")})$`,
} as const;

/** The district codes that report under a city: the JSON Schema of "the district lies in the city". */
export function districtsOfCity(city: FujianCityCode): string[] {
  return FUJIAN_DISTRICTS.filter((d) => reportingCityOf(d) === city);
}

const divisionCheck = (code: string, ctx: z.core.$RefinementCtx<string>) => {
  const problem = divisionCodeProblem(code);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
};

export const DivisionCode = z
  .string()
  .regex(/^(\d{6}|\d{9}|\d{12})$/, {
    error: "A division code (行政区划代码) has 6, 9 or 12 digits, e.g. 350203 or 350203001",
    abort: true,
  })
  .superRefine(divisionCheck)
  .meta({
    title: "Division code (行政区划代码)",
    description:
      "GB/T 2260 code: 6 digits (province, city, district), 9 (street/town), 12 (community/village)",
    examples: ["350203", "350203001", "350203001001"],
    pattern: DIVISION_PATTERNS.division,
  });

export const FujianDivisionCode = DivisionCode.refine((code) => isWithin(code, "350000"), {
  error: "The division code must be in Fujian (starting with 35)",
}).meta({
  title: "Fujian division code",
  description: "A GB/T 2260 code within 福建 350000",
  pattern: DIVISION_PATTERNS.fujian,
});

export const CityCode = z
  .enum(Object.keys(FUJIAN_CITIES) as [FujianCityCode, ...FujianCityCode[]], {
    error: "Use the 6-digit code of a Fujian city, e.g. 350200 for 厦门 (平潭 reports as 350128)",
  })
  .meta({ title: "Fujian reporting city code", description: "One of the nine cities or 平潭 350128" });

export const DistrictCode = FujianDivisionCode.refine((code) => divisionLevel(code) === "district", {
  error: "Use a 6-digit district or county code, e.g. 350203 for 思明区",
}).meta({
  title: "Fujian district/county code (县区)",
  pattern: DIVISION_PATTERNS.district,
  // Not the division codes' examples, of a street and a community: a district code is neither.
  examples: ["350203", "350206"],
});
