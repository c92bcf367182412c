import { z } from "@hono/zod-openapi";
import type { App } from "../../context.js";
import { vacancyIntake } from "../../use-cases/intake/kinds/vacancy.js";
import { vacancyOf } from "../../use-cases/ledgers/vacancy.js";
import { registerIntakeRoutes } from "../intake.js";

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

/** POST /v1/vacancy-registrations, PUT /v1/vacancy-registrations/{id}. */
export function registerPostVacancy(app: App): void {
  registerIntakeRoutes(app, {
    intake: vacancyIntake,
    path: "/v1/vacancy-registrations",
    tags: ["Vacancy registration 招聘登记"],
    inputName: "VacancyRegistrationInput",
    view: VacancyView,
    present: (c, { row }) => {
      const d = vacancyOf(c.get("services"), row);
      return {
        id: row.id,
        revision: row.revision,
        status: d.status,
        registeredOn: d.registeredOn,
        divisionCode: row.divisionCode ?? "",
        employer: { name: d.employer.name, creditCode: d.employer.creditCode },
        positions: d.positions.length,
        headcount: d.positions.reduce((n, p) => n + p.headcount, 0),
      };
    },
    post: {
      summary: "Register an employer's vacancies (用人单位招聘登记)",
      description:
        "The employer with a valid unified social credit code (统一社会信用代码) and its positions. Not about a " +
        "person: published on the city's master topic, keyed by the credit code; the employer's division decides " +
        "the jurisdiction.",
    },
    put: {
      summary: "Revise a vacancy registration: positions, contact, or closed (status)",
      description:
        "The rules of the POST (the employer's division within your area, recruiting windows); the employer " +
        "stays (422 at employer.creditCode). An omitted registeredOn or servicePointId keeps the registration's.",
    },
  });
}
