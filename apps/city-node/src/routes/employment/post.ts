import { z } from "@hono/zod-openapi";
import type { App } from "../../context.js";
import { employmentIntake } from "../../use-cases/intake/kinds/employment.js";
import { registerIntakeRoutes } from "../intake.js";

const EmploymentView = z
  .object({
    id: z.uuid(),
    revision: z.number().int(),
    startedOn: z.string(),
    endedOn: z.string().nullable(),
    closedUnemploymentRegistrationId: z.uuid().nullable().openapi({
      description: "The unemployment registration this registration closed (on creation only)",
    }),
  })
  .openapi("EmploymentRegistered");

/** POST /v1/employment-registrations, PUT /v1/employment-registrations/{id}. */
export function registerPostEmployment(app: App): void {
  registerIntakeRoutes(app, {
    intake: employmentIntake,
    path: "/v1/employment-registrations",
    tags: ["Employment registration 就业登记"],
    inputName: "EmploymentRegistrationInput",
    view: EmploymentView,
    present: (_c, { row, closedRegistration }) => ({
      id: row.id,
      revision: row.revision,
      startedOn: row.employedOn,
      endedOn: (row.data as { endedOn?: string }).endedOn ?? null,
      closedUnemploymentRegistrationId: closedRegistration?.id ?? null,
    }),
    post: {
      summary: "Register employment (就业登记); closes the person's open unemployment registration",
      description:
        "The person must be of working age on startedOn (16 up to the statutory retirement age; 422 " +
        "not-of-working-age at person.idNumber). The open unemployment registration closes (reason employed) " +
        "only when the job is ongoing on or after the day it was applied for: a job with endedOn before " +
        "that day closes nothing.",
    },
    put: {
      summary: "Revise an employment registration: the job ended (endedOn), or a correction",
      description:
        "The rules of the POST (working age on startedOn); an end once recorded stays (422 at endedOn: a new job " +
        "is a new registration). The revision changes nothing else: a registration the job closed stays closed. " +
        "An omitted registeredOn keeps the registration's.",
    },
  });
}
