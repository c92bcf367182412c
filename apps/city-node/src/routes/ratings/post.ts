import { z } from "@hono/zod-openapi";
import type { App } from "../../context.js";
import { ratingIntake } from "../../use-cases/intake/kinds/services.js";
import { registerIntakeRoutes } from "../intake.js";
import { presentForCase } from "../person-desk.js";
import { PersonView } from "../shared.js";

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

/** POST /v1/ratings, PUT /v1/ratings/{id}. */
export function registerPostRating(app: App): void {
  registerIntakeRoutes(app, {
    intake: ratingIntake,
    path: "/v1/ratings",
    tags: ["Services 服务记录"],
    inputName: "ServiceRatingInput",
    view: RatingView,
    present: (c, { row, person }) => ({
      id: row.id,
      revision: row.revision,
      category: row.category,
      satisfied: row.satisfied,
      serviceRecordId: row.serviceRecordId,
      servicePointId: row.servicePointId,
      ratedAt: row.ratedAt.toISOString(),
      person: presentForCase(c, person),
    }),
    post: {
      summary: "Record a real-name rating of a service (好差评)",
      description:
        "1–5 points or satisfied/unsatisfied, by category (public employment service, training, policy handling). " +
        "A rated service must have been given to this person and is rated once (409), after it was given.",
    },
    put: {
      summary: "Correct a rating (好差评更正)",
      description:
        "The rules of the POST; a rating stays the rating of the service it rated (422 at serviceRecordId), and " +
        "an omitted ratedAt keeps the record's.",
    },
  });
}
