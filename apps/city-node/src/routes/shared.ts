import { z } from "@hono/zod-openapi";
import { chinaToday, DomainError, divisionLevel } from "@pes/core";
import { FujianDivisionCode, Mobile, PersonName, ResidentId, reportingCityOf } from "@pes/schemas";
import type { Context } from "hono";
import type { AppEnv } from "../context.js";

/** Today's date in China (Asia/Shanghai, UTC+8) by the node's clock: the default of every date on a form. */
export function todayOf(c: Context<AppEnv>): string {
  return chinaToday(c.get("services").clock);
}

/** The person block of every desk form: typed in by the clerk, validated against GB 11643 and GB/T 2260. */
export const PersonInput = z.object({
  idNumber: ResidentId,
  name: PersonName,
  phone: Mobile.optional(),
  divisionCode: FujianDivisionCode.meta({
    description:
      "Where the person lives, as fine as known (community best): decides whose jurisdiction they are in",
  }),
});
export type PersonInput = z.infer<typeof PersonInput>;

/** A node keeps the ledgers of its own city only. */
export function assertInCity(divisionCode: string, cityCode: string, field = "person.divisionCode"): void {
  if (reportingCityOf(divisionCode) !== cityCode || divisionLevel(divisionCode) === "city") {
    throw new DomainError(
      "invalid",
      "outside-city",
      `Division ${divisionCode} is not a district, street or community of ${cityCode}`,
      {
        errors: [{ path: field, message: `must lie within city ${cityCode}` }],
      },
    );
  }
}

/** Why the clerk opened a record (audit): the X-Purpose header, e.g. "desk registration". */
export function purposeOf(c: Context<AppEnv>): string | null {
  return c.req.header("x-purpose")?.slice(0, 200) ?? null;
}

export const isUniqueViolation = (e: unknown) =>
  (e as { code?: string })?.code === "23505" || (e as { cause?: { code?: string } })?.cause?.code === "23505";

export const PersonView = z
  .object({
    id: z.uuid(),
    idNumber: z.string().openapi({ example: "3502**********105X" }),
    name: z.string().openapi({ example: "陈**" }),
    phone: z.string().nullable(),
    sex: z.enum(["male", "female"]),
    birthDate: z.string(),
    divisionCode: z.string(),
    masked: z.boolean().openapi({ description: "true when ID number, name and phone are masked" }),
  })
  .openapi("Person");

/** The fields of a contract record the clerk types in: its shape without what the node fills in itself. */
export function deskFieldsOf<S extends Record<string, z.ZodType>, K extends keyof S>(
  shape: S,
  nodeFills: readonly K[],
): Omit<S, K> {
  const fields = { ...shape };
  for (const k of nodeFills) delete fields[k];
  return fields;
}

/** Every record's fields the node fills in itself. */
export const RECORD_FILLED = ["id", "revision", "cityCode", "districtCode", "recordedAt", "person"] as const;
/** …and the clerk who acts, for records that name one. */
export const NODE_FILLED = [...RECORD_FILLED, "staffId"] as const;
