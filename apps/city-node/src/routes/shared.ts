import { z } from "@hono/zod-openapi";
import { chinaToday } from "@pes/core";
import type { Context } from "hono";
import type { AppEnv } from "../context.js";

// The desk frame (the person block, the city, the caller's area) lives with the intake, which every
// desk form goes through; the admin routes check the city the same way.
export { assertInCity } from "../use-cases/intake/index.js";

/** Today's date in China (Asia/Shanghai, UTC+8) by the node's clock: the default of every date on a form. */
export function todayOf(c: Context<AppEnv>): string {
  return chinaToday(c.get("services").clock);
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
