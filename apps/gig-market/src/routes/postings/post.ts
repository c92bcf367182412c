import { IdempotencyHeaders } from "@pes/http";
import { defineRoute, market } from "../../auth/access.js";
import type { App } from "../../context.js";
import { createPosting } from "../../use-cases/postings/store.js";
import { useCaseContext } from "../context.js";
import { postErrors } from "../shared.js";
import { PostingInput, PostingView, presentPosting, tags } from "./schema.js";

const route = defineRoute({
  method: "post",
  path: "/v1/postings",
  tags,
  summary: "Post a gig (零工岗位); it is open and published to the province",
  description:
    "The posting is published on the market's pes.gig.{market}.events as a gig-posting record (revision 1) in the same transaction.",
  access: market,
  request: {
    headers: IdempotencyHeaders,
    body: { required: true, content: { "application/json": { schema: PostingInput } } },
  },
  responses: {
    201: { description: "Posted", content: { "application/json": { schema: PostingView } } },
    ...postErrors,
  },
});

export function registerPostPosting(app: App): void {
  app.openapi(route, async (c) => {
    const { cipher } = c.get("services");
    const row = await createPosting(useCaseContext(c), c.req.valid("json"));
    return c.json(presentPosting(row, cipher), 201);
  });
}
