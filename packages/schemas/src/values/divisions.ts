import { z } from "zod";
import { FUJIAN_CITIES, type FujianCityCode } from "../catalogue.js";
import { PROVINCE_PREFIXES } from "./resident-id.js";

/** The Fujian codes the platform knows (BRIEF §2); a city or district code of 35xxxx outside it is refused. */
export const FUJIAN_DIVISIONS: Readonly<Record<string, string>> = {
  "350000": "福建省",
  ...FUJIAN_CITIES,
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

export type DivisionLevel = "province" | "city" | "district" | "street" | "community";

/** GB/T 2260 level read from the code's shape: xx0000, xxxx00, other 6 digits, 9 digits (街道/乡镇), 12 (社区/村). */
export function divisionLevel(code: string): DivisionLevel | undefined {
  if (!/^\d+$/.test(code) || !PROVINCE_PREFIXES.has(code.slice(0, 2))) return undefined;
  if (code.length === 12) return code.endsWith("000") || code.slice(6, 9) === "000" ? undefined : "community";
  if (code.length === 9) return code.endsWith("000") ? undefined : "street";
  if (code.length !== 6) return undefined;
  if (code.endsWith("0000")) return "province";
  return code.endsWith("00") ? "city" : "district";
}

/** Ancestors nearest first: 350203001001 → 350203001, 350203, 350200, 350000. */
export function parentDivisions(code: string): string[] {
  switch (divisionLevel(code)) {
    case "community":
      return [code.slice(0, 9), ...parentDivisions(code.slice(0, 9))];
    case "street":
      return [code.slice(0, 6), ...parentDivisions(code.slice(0, 6))];
    case "district":
      return [`${code.slice(0, 4)}00`, `${code.slice(0, 2)}0000`];
    case "city":
      return [`${code.slice(0, 2)}0000`];
    default:
      return [];
  }
}

/** True when `code` is `ancestor` or lies below it. */
export function isWithin(code: string, ancestor: string): boolean {
  return code === ancestor || parentDivisions(code).includes(ancestor);
}

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
  const city = `${code.slice(0, 4)}00`;
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
  });

export const FujianDivisionCode = DivisionCode.refine((code) => isWithin(code, "350000"), {
  error: "The division code must be in Fujian (starting with 35)",
}).meta({ title: "Fujian division code", description: "A GB/T 2260 code within 福建 350000" });

export const CityCode = z
  .enum(Object.keys(FUJIAN_CITIES) as [FujianCityCode, ...FujianCityCode[]], {
    error: "Use the 6-digit code of a Fujian city, e.g. 350200 for 厦门 (平潭 reports as 350128)",
  })
  .meta({ title: "Fujian reporting city code", description: "One of the nine cities or 平潭 350128" });

export const DistrictCode = FujianDivisionCode.refine((code) => divisionLevel(code) === "district", {
  error: "Use a 6-digit district or county code, e.g. 350203 for 思明区",
}).meta({ title: "Fujian district/county code (县区)" });
