/**
 * Administrative division codes (行政区划代码, GB/T 2260) read from their shape: 6 digits for a province
 * (xx0000), a city (xxxx00) or a district/county, 9 for a street or town (街道/乡镇), 12 for a community
 * or village (社区/村). Which codes exist (the Fujian table) and which city a code reports under are the
 * contract's (`@pes/schemas`).
 */

/** First two digits of a GB/T 2260 code: the provinces, plus 71 Taiwan and 81/82/83 (HK/Macao/Taiwan residence permits). */
export const PROVINCE_PREFIXES: ReadonlySet<string> = new Set([
  ..."11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65".split(
    " ",
  ),
  ..."71 81 82 83".split(" "),
]);

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

/** The province a code's first two digits name: 350203001 → 350000. */
export const provinceOf = (code: string): string => `${code.slice(0, 2)}0000`;

/**
 * The city (地级) a code's first four digits name: 350203001 → 350200. By shape only: 平潭 350128
 * gives 福州 350100 here (it reports as its own city: `reportingCityOf` of @pes/schemas).
 */
export const cityOf = (code: string): string => `${code.slice(0, 4)}00`;

/**
 * The 6-digit code a division lies in (its first six digits): a street's or community's district, a
 * province, city or district itself. Unlike districtOf, a city gives itself.
 */
export const countyLevelOf = (code: string): string => code.slice(0, 6);

/** Ancestors nearest first: 350203001001 → 350203001, 350203, 350200, 350000. */
export function parentDivisions(code: string): string[] {
  switch (divisionLevel(code)) {
    case "community":
      return [code.slice(0, 9), ...parentDivisions(code.slice(0, 9))];
    case "street":
      return [code.slice(0, 6), ...parentDivisions(code.slice(0, 6))];
    case "district":
      return [cityOf(code), provinceOf(code)];
    case "city":
      return [provinceOf(code)];
    default:
      return [];
  }
}

/** True when `code` is `ancestor` or lies below it. */
export function isWithin(code: string, ancestor: string): boolean {
  return code === ancestor || parentDivisions(code).includes(ancestor);
}

/** The district (县区) a division is or lies in; undefined for a province, a city or a malformed code. */
export function districtOf(code: string): string | undefined {
  return [code, ...parentDivisions(code)].find((c) => divisionLevel(c) === "district");
}
