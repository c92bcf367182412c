import { createRoute } from "@hono/zod-openapi";
import { problemResponse } from "@pes/http";
import type { App } from "../../context.js";
import { findPosting } from "../../use-cases/postings/store.js";
import { bearer, IdParam, v1Errors } from "../shared.js";
import { PostingView, presentPosting, tags } from "./schema.js";

const route = createRoute({
  method: "get",
  path: "/v1/postings/{id}",
  tags,
  summary: "One of your market's postings",
  security: bearer,
  request: { params: IdParam },
  responses: {
    200: { description: "The posting", content: { "application/json": { schema: PostingView } } },
    404: problemResponse("Your market has no such posting"),
    ...v1Errors,
  },
});

export function registerGetPosting(app: App): void {
  app.openapi(route, async (c) => {
    const { db, cipher } = c.get("services");
    const row = await findPosting(db.db, c.get("market").id, c.req.valid("param").id);
    return c.json(presentPosting(row, cipher), 200);
  });
}
