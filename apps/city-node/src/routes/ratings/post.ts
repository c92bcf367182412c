import { z } from "@hono/zod-openapi";
import { errorResponses } from "@pes/http";
import { ServiceRating, Timestamp } from "@pes/schemas";
import { defineRoute, staff } from "../../auth/access.js";
import type { App } from "../../context.js";
import { recordRating } from "../../use-cases/ledgers/services.js";
import { atTheDesk, presentForCase } from "../person-desk.js";
import { deskFieldsOf, PersonInput, PersonView, RECORD_FILLED } from "../shared.js";

const Body = z
  .object({
    person: PersonInput.meta({ description: "The person who rates (real-name 实名评价)" }),
    ...deskFieldsOf(ServiceRating.shape, [...RECORD_FILLED, "ratedAt"]),
    ratedAt: Timestamp.optional().meta({ description: "Defaults to now" }),
  })
  .openapi("ServiceRatingInput");

const RatingView = z
  .object({
    id: z.uuid(),
    revision: z.number().int(),
    category: z.string(),
    satisfied: z.boolean().openapi({ description: "好评 (satisfied, or 3–5 points) or 差评" }),
    serviceRecordId: z.uuid().nullable(),
    servicePointId: z.string().nullable(),
    ratedAt: z.string(),
    person: PersonView,
  })
  .openapi("ServiceRating");

const route = defineRoute({
  method: "post",
  path: "/v1/ratings",
  tags: ["Services 服务记录"],
  summary: "Record a real-name rating of a service (好差评)",
  description:
    "1–5 points or satisfied/unsatisfied, by category (public employment service, training, policy handling). " +
    "A rated service must have been given to this person and is rated once (409), after it was given.",
  access: staff,
  request: { body: { required: true, content: { "application/json": { schema: Body } } } },
  responses: {
    201: { description: "Recorded", content: { "application/json": { schema: RatingView } } },
    ...errorResponses,
  },
});

export function registerPostRating(app: App): void {
  app.openapi(route, async (c) => {
    const { person: personInput, ratedAt, ...fields } = c.req.valid("json");
    const { row, person } = await atTheDesk(
      c,
      personInput,
      { entity: "service-rating" },
      async ({ ctx, person, districtCode }) => {
        const input = { ...fields, ratedAt: ratedAt ?? new Date().toISOString() };
        return { row: await recordRating(ctx, { person, record: input, districtCode }) };
      },
    );
    return c.json(
      {
        id: row.id,
        revision: row.revision,
        category: row.category,
        satisfied: row.satisfied,
        serviceRecordId: row.serviceRecordId,
        servicePointId: row.servicePointId,
        ratedAt: row.ratedAt.toISOString(),
        person: presentForCase(c, person),
      },
      201,
    );
  });
}
