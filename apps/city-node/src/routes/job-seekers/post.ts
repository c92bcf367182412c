import { z } from "@hono/zod-openapi";
import type { App } from "../../context.js";
import { jobSeekerIntake } from "../../use-cases/intake/kinds/job-seeker.js";
import { registerIntakeRoutes } from "../intake.js";
import { presentForCase } from "../person-desk.js";
import { PersonView } from "../shared.js";

export const JobSeekerView = z
  .object({
    id: z.uuid(),
    revision: z.number().int(),
    state: z.enum(["active", "closed"]),
    registeredOn: z.string(),
    validUntil: z.string().optional(),
    servicePointId: z.string().optional(),
    person: PersonView,
  })
  .openapi("JobSeekerRegistration");

/** POST /v1/job-seeker-registrations, PUT /v1/job-seeker-registrations/{id}. */
export function registerPostJobSeeker(app: App): void {
  registerIntakeRoutes(app, {
    intake: jobSeekerIntake,
    path: "/v1/job-seeker-registrations",
    tags: ["Job-seeker registration 求职登记"],
    inputName: "JobSeekerRegistrationInput",
    view: JobSeekerView,
    present: (c, { row, person }) => {
      const d = row.data as {
        state: "active" | "closed";
        registeredOn: string;
        validUntil?: string;
        servicePointId?: string;
      };
      return {
        id: row.id,
        revision: row.revision,
        state: d.state,
        registeredOn: d.registeredOn,
        ...(d.validUntil ? { validUntil: d.validUntil } : {}),
        ...(d.servicePointId ? { servicePointId: d.servicePointId } : {}),
        person: presentForCase(c, person),
      };
    },
    post: {
      summary: "Register a job seeker (求职登记): profile and wishes (工种, pay, place, shift)",
      description:
        "Anyone from 16 who is able and willing to work; one active registration per person (409 otherwise). " +
        "Published on the city's person topic, keyed by the person key.",
    },
    put: {
      summary: "Revise a job-seeker registration: closed (state), or corrected profile and wishes",
      description:
        "The rules of the POST (one active registration per person); a closed registration is not reopened (422 " +
        "at state: register again). An omitted registeredOn or servicePointId keeps the registration's.",
    },
  });
}
