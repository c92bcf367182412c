import { z } from "@hono/zod-openapi";
import { errorResponses } from "@pes/http";
import { EmploymentRegistration, IsoDate } from "@pes/schemas";
import { defineRoute, staff } from "../../auth/access.js";
import type { App } from "../../context.js";
import { registerEmployment } from "../../use-cases/ledgers/employment.js";
import { atTheDesk } from "../person-desk.js";
import { deskFieldsOf, NODE_FILLED, PersonInput, todayOf } from "../shared.js";

const Body = z
  .object({
    person: PersonInput.extend({
      femaleCategory: z
        .enum(["cadre", "worker"])
        .optional()
        .meta({
          description:
            "For women: 原法定退休年龄55岁 (cadre) or 50岁 (worker, the default); sets the retirement age the " +
            "working-age check on startedOn uses",
        }),
    }),
    ...deskFieldsOf(EmploymentRegistration.shape, NODE_FILLED),
    registeredOn: IsoDate.optional().meta({ description: "Defaults to today (China time)" }),
  })
  .openapi("EmploymentRegistrationInput");

const route = defineRoute({
  method: "post",
  path: "/v1/employment-registrations",
  tags: ["Employment registration 就业登记"],
  summary: "Register employment (就业登记); closes the person's open unemployment registration",
  description:
    "The person must be of working age on startedOn (16 up to the statutory retirement age; 422 " +
    "not-of-working-age at person.idNumber). The open unemployment registration closes (reason employed) " +
    "only when the job is ongoing on or after the day it was applied for: a job with endedOn before " +
    "that day closes nothing.",
  access: staff,
  request: { body: { required: true, content: { "application/json": { schema: Body } } } },
  responses: {
    201: {
      description: "Registered",
      content: {
        "application/json": {
          schema: z
            .object({ id: z.uuid(), closedUnemploymentRegistrationId: z.uuid().nullable() })
            .openapi("EmploymentRegistered"),
        },
      },
    },
    ...errorResponses,
  },
});

export function registerPostEmployment(app: App): void {
  app.openapi(route, async (c) => {
    const {
      person: { femaleCategory, ...personInput },
      ...fields
    } = c.req.valid("json");
    const result = await atTheDesk(
      c,
      personInput,
      { entity: "employment-registration", ownsIdentity: true },
      ({ ctx, person, districtCode }) =>
        registerEmployment(ctx, {
          person,
          record: {
            ...fields,
            registeredOn: fields.registeredOn ?? todayOf(c),
            ...(districtCode ? { districtCode: districtCode as never } : {}),
          },
          femaleCategory,
        }),
    );
    return c.json(
      { id: result.row.id, closedUnemploymentRegistrationId: result.closedRegistration?.id ?? null },
      201,
    );
  });
}
