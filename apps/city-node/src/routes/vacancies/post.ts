import { z } from "@hono/zod-openapi";
import { districtOf } from "@pes/core";
import { errorResponses } from "@pes/http";
import { FujianDivisionCode, IsoDate, VacancyRegistration } from "@pes/schemas";
import { defineRoute, staff } from "../../auth/access.js";
import type { App } from "../../context.js";
import { assertCanAccess } from "../../domain/index.js";
import { registerVacancy } from "../../use-cases/ledgers/vacancy.js";
import { useCaseContext } from "../context.js";
import { withRules } from "../rule-errors.js";
import { assertInCity, deskFieldsOf, todayOf } from "../shared.js";

const Body = z
  .object({
    divisionCode: FujianDivisionCode.meta({
      description:
        "Where the employer is (district, street or community): decides whose jurisdiction the vacancy is in",
    }),
    ...deskFieldsOf(VacancyRegistration.shape, [
      "id",
      "revision",
      "cityCode",
      "districtCode",
      "recordedAt",
      "staffId",
      "status",
      "registeredOn",
      "servicePointId",
    ]),
    registeredOn: IsoDate.optional().meta({ description: "Defaults to today (China time)" }),
    servicePointId: VacancyRegistration.shape.servicePointId.meta({
      description: "Defaults to the caller's service point",
    }),
  })
  .openapi("VacancyRegistrationInput");

const VacancyView = z
  .object({
    id: z.uuid(),
    revision: z.number().int(),
    status: z.enum(["open", "closed"]),
    registeredOn: z.string(),
    divisionCode: z.string(),
    employer: z.object({ name: z.string(), creditCode: z.string() }),
    positions: z.number().int().openapi({ description: "How many positions were registered" }),
    headcount: z.number().int().openapi({ description: "Total headcount over the positions" }),
  })
  .openapi("VacancyRegistration");

const route = defineRoute({
  method: "post",
  path: "/v1/vacancy-registrations",
  tags: ["Vacancy registration 招聘登记"],
  summary: "Register an employer's vacancies (用人单位招聘登记)",
  description:
    "The employer with a valid unified social credit code (统一社会信用代码) and its positions. Not about a " +
    "person: published on the city's master topic, keyed by the credit code; the employer's division decides " +
    "the jurisdiction.",
  access: staff,
  request: { body: { required: true, content: { "application/json": { schema: Body } } } },
  responses: {
    201: { description: "Registered", content: { "application/json": { schema: VacancyView } } },
    ...errorResponses,
  },
});

export function registerPostVacancy(app: App): void {
  app.openapi(route, async (c) => {
    const { divisionCode, registeredOn, servicePointId, ...fields } = c.req.valid("json");
    const { config, db } = c.get("services");
    const caller = c.get("caller");
    const pointId = servicePointId ?? caller.servicePointId ?? undefined;
    const row = await withRules(async () => {
      assertInCity(divisionCode, config.cityCode, "divisionCode");
      assertCanAccess(caller, divisionCode);
      return db.db.transaction((tx) =>
        registerVacancy(useCaseContext(c, tx), {
          record: {
            ...fields,
            registeredOn: registeredOn ?? todayOf(c),
            ...(pointId ? { servicePointId: pointId } : {}),
          },
          employerDivisionCode: divisionCode,
          districtCode: districtOf(divisionCode),
        }),
      );
    });
    const d = row.data as z.output<typeof VacancyRegistration>;
    return c.json(
      {
        id: row.id,
        revision: row.revision,
        status: d.status,
        registeredOn: d.registeredOn,
        divisionCode,
        employer: { name: d.employer.name, creditCode: d.employer.creditCode },
        positions: d.positions.length,
        headcount: d.positions.reduce((n, p) => n + p.headcount, 0),
      },
      201,
    );
  });
}
