import { z } from "@hono/zod-openapi";
import { errorResponses } from "@pes/http";
import { IsoDate, JobSeekerRegistration, Mobile } from "@pes/schemas";
import { defineRoute, staff } from "../../auth/access.js";
import type { App } from "../../context.js";
import { registerJobSeeker } from "../../use-cases/ledgers/job-seeker.js";
import { atTheDesk, presentForCase } from "../person-desk.js";
import { deskFieldsOf, NODE_FILLED, PersonInput, PersonView, todayOf } from "../shared.js";

const Body = z
  .object({
    person: PersonInput.extend({
      phone: Mobile.meta({ description: "The job seeker's contact mobile (联系电话)" }),
    }),
    ...deskFieldsOf(JobSeekerRegistration.shape, [
      ...NODE_FILLED,
      "state",
      "contactMobile",
      "registeredOn",
      "servicePointId",
    ]),
    registeredOn: IsoDate.optional().meta({ description: "Defaults to today (China time)" }),
    servicePointId: JobSeekerRegistration.shape.servicePointId.meta({
      description: "Defaults to the caller's service point",
    }),
  })
  .openapi("JobSeekerRegistrationInput");

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

const route = defineRoute({
  method: "post",
  path: "/v1/job-seeker-registrations",
  tags: ["Job-seeker registration 求职登记"],
  summary: "Register a job seeker (求职登记): profile and wishes (工种, pay, place, shift)",
  description:
    "Anyone from 16 who is able and willing to work; one active registration per person (409 otherwise). " +
    "Published on the city's person topic, keyed by the person key.",
  access: staff,
  request: { body: { required: true, content: { "application/json": { schema: Body } } } },
  responses: {
    201: { description: "Registered", content: { "application/json": { schema: JobSeekerView } } },
    ...errorResponses,
  },
});

export function registerPostJobSeeker(app: App): void {
  app.openapi(route, async (c) => {
    const { person: personInput, registeredOn, servicePointId, ...fields } = c.req.valid("json");
    const pointId = servicePointId ?? c.get("caller").servicePointId ?? undefined;
    const { row, person } = await atTheDesk(
      c,
      personInput,
      { entity: "job-seeker-registration", ownsIdentity: true },
      async ({ ctx, person, districtCode }) => ({
        row: await registerJobSeeker(ctx, {
          person,
          phone: personInput.phone,
          record: {
            ...fields,
            registeredOn: registeredOn ?? todayOf(c),
            ...(pointId ? { servicePointId: pointId } : {}),
          },
          districtCode,
        }),
      }),
    );
    const d = row.data as {
      state: "active";
      registeredOn: string;
      validUntil?: string;
      servicePointId?: string;
    };
    return c.json(
      {
        id: row.id,
        revision: row.revision,
        state: d.state,
        registeredOn: d.registeredOn,
        ...(d.validUntil ? { validUntil: d.validUntil } : {}),
        ...(d.servicePointId ? { servicePointId: d.servicePointId } : {}),
        person: presentForCase(c, person),
      },
      201,
    );
  });
}
