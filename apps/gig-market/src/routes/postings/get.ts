import { IdParam, problemResponse } from "@pes/http";
import { defineRoute, market } from "../../auth/access.js";
import type { App } from "../../context.js";
import { findPosting } from "../../use-cases/postings/store.js";
import { useCaseContext } from "../context.js";
import { v1Errors } from "../shared.js";
import { PostingView, presentPosting, tags } from "./schema.js";

const route = defineRoute({
  method: "get",
  path: "/v1/postings/{id}",
  tags,
  summary: "One of your market's postings",
  access: market,
  request: { params: IdParam },
  responses: {
    200: { description: "The posting", content: { "application/json": { schema: PostingView } } },
    404: problemResponse("Your market has no such posting"),
    ...v1Errors,
  },
});

export function registerGetPosting(app: App): void {
  app.openapi(route, async (c) => {
    const { cipher } = c.get("services");
    const row = await findPosting(useCaseContext(c), { id: c.req.valid("param").id });
    return c.json(presentPosting(row, cipher), 200);
  });
}
