import { divisionLevel } from "@pes/core";
import { reportingCityOf } from "@pes/schemas";

/** Why `code` is not a place of the market's city (a district, street or community of it), or undefined. */
export function outsideCityProblem(code: string, cityCode: string): string | undefined {
  if (reportingCityOf(code) !== cityCode) return `must lie within the market's city ${cityCode}`;
  if (divisionLevel(code) === "city") return "must be a district, street or community, not the whole city";
  return undefined;
}
