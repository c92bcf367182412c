import { z } from "zod";
import { FUJIAN_CITIES, type FujianCityCode } from "../catalogue.js";
import { jsonSchemaRules, pesCheck, when } from "../checks.js";
import { PersonName } from "../values/contact.js";
import { IsoDate, Timestamp } from "../values/dates.js";
import { CityCode, DistrictCode, districtsOfCity, reportingCityOf } from "../values/divisions.js";
import { Sex } from "../values/enums.js";
import { PersonKey, RecordId, Revision } from "../values/identifiers.js";
import { birthDateOfResidentId, ResidentId, sexOfResidentId } from "../values/resident-id.js";

/** Who a record is about. The key is computed by the producer with personKeyOf; the ID number travels for matching. */
export const PersonRef = jsonSchemaRules(
  z
    .object({
      key: PersonKey,
      idNumber: ResidentId,
      name: PersonName,
      sex: Sex.optional(),
      birthDate: IsoDate.optional(),
    })
    .superRefine((person, ctx) => {
      if (person.sex && person.sex !== sexOfResidentId(person.idNumber)) {
        ctx.addIssue({
          code: "custom",
          path: ["sex"],
          message: "The sex does not match the ID number (17th digit)",
          params: pesCheck("person-sex-matches-id"),
        });
      }
      if (person.birthDate && person.birthDate !== birthDateOfResidentId(person.idNumber)) {
        ctx.addIssue({
          code: "custom",
          path: ["birthDate"],
          message: "The birth date does not match the ID number",
          params: pesCheck("person-birth-date-matches-id"),
        });
      }
    })
    .meta({ title: "Person (人员)", description: "Personal data: masked on screens, never logged" }),
  { checks: ["person-key", "person-sex-matches-id", "person-birth-date-matches-id"] },
);
export type PersonRef = z.infer<typeof PersonRef>;

/** Fields every record carries. */
export const recordBase = {
  id: RecordId,
  revision: Revision,
  cityCode: CityCode.meta({ description: "The reporting city the record belongs to" }),
  districtCode: DistrictCode.optional(),
  recordedAt: Timestamp.meta({ description: "When the producer recorded this revision" }),
};

/** A record with the common fields; the district, when given, must lie in the city. */
export function recordObject<Shape extends z.core.$ZodLooseShape>(shape: Shape) {
  const schema = z.object({ ...recordBase, ...shape }).superRefine((data, ctx) => {
    const { cityCode, districtCode } = data as { cityCode: string; districtCode?: string };
    if (districtCode && reportingCityOf(districtCode) !== cityCode) {
      ctx.addIssue({
        code: "custom",
        path: ["districtCode"],
        message: `District ${districtCode} is not in city ${cityCode}`,
      });
    }
  });
  return jsonSchemaRules(schema, { allOf: DISTRICT_IN_CITY });
}

/** The district, when given, is one of the city's: one condition per city. */
const DISTRICT_IN_CITY = (Object.keys(FUJIAN_CITIES) as FujianCityCode[]).map((city) =>
  when({ cityCode: city }, { properties: { districtCode: { enum: districtsOfCity(city) } } }),
);

/** A record about one person: keyed by the person key so that person's events stay in order. */
export function personRecordObject<Shape extends z.core.$ZodLooseShape>(shape: Shape) {
  return recordObject({ person: PersonRef, ...shape });
}

export const byPersonKey = (data: { person: { key: string } }) => data.person.key;
export const byId = (data: { id: string }) => data.id;

type Ctx = z.core.$RefinementCtx<unknown>;

/** Adds an issue at `field` when `value` is missing although `condition` holds. */
export function requireWhen(ctx: Ctx, condition: boolean, value: unknown, field: string, message: string) {
  if (condition && (value === undefined || value === null))
    ctx.addIssue({ code: "custom", path: [field], message });
}

/** Adds an issue at `later` when both dates are set and `later` comes before `earlier`. */
export function requireOrder(
  ctx: Ctx,
  earlier: string | undefined,
  later: string | undefined,
  field: string,
  message: string,
) {
  if (earlier && later && later.slice(0, 10) < earlier.slice(0, 10))
    ctx.addIssue({ code: "custom", path: [field], message, params: pesCheck("date-order") });
}
