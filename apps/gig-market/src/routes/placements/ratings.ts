import { z } from "@hono/zod-openapi";
import { IdempotencyHeaders, IdParam, problemResponse } from "@pes/http";
import { defineRoute, market } from "../../auth/access.js";
import type { App } from "../../context.js";
import { ratePlacement, ratingsOf } from "../../use-cases/placements/ratings.js";
import { findPlacement } from "../../use-cases/placements/store.js";
import { useCaseContext } from "../context.js";
import { postErrors, v1Errors } from "../shared.js";
import { presentRating, RatingInput, RatingView, tags } from "./schema.js";

const post = defineRoute({
  method: "post",
  path: "/v1/placements/{id}/ratings",
  tags,
  summary: "Rate a completed placement (好差评), once by the worker and once by the employer",
  description:
    "Published on the market's pes.gig.{market}.events as a gig-rating record; the worker's rating of the service counts in the province's satisfaction figures.",
  access: market,
  request: {
    headers: IdempotencyHeaders,
    params: IdParam,
    body: { required: true, content: { "application/json": { schema: RatingInput } } },
  },
  responses: {
    201: { description: "Rated", content: { "application/json": { schema: RatingView } } },
    404: problemResponse("Your market has no such placement"),
    ...postErrors,
    409: problemResponse("The placement is not completed, or this side has already rated it"),
  },
});

const list = defineRoute({
  method: "get",
  path: "/v1/placements/{id}/ratings",
  tags,
  summary: "The ratings of one of your market's placements",
  access: market,
  request: { params: IdParam },
  responses: {
    200: {
      description: "At most two: the worker's and the employer's",
      content: { "application/json": { schema: z.object({ items: z.array(RatingView) }) } },
    },
    404: problemResponse("Your market has no such placement"),
    ...v1Errors,
  },
});

export function registerRatings(app: App): void {
  app.openapi(post, async (c) => {
    const { id } = c.req.valid("param");
    const row = await ratePlacement(useCaseContext(c), { ...c.req.valid("json"), placementId: id });
    return c.json(presentRating(row), 201);
  });
  app.openapi(list, async (c) => {
    const ctx = useCaseContext(c);
    const { id } = c.req.valid("param");
    await findPlacement(ctx, { id });
    return c.json({ items: (await ratingsOf(ctx, { placementId: id })).map(presentRating) }, 200);
  });
}
