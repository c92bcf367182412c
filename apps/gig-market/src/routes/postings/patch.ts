import { IdParam, problemResponse } from "@pes/http";
import { defineRoute, market } from "../../auth/access.js";
import type { App } from "../../context.js";
import { changePostingStatus } from "../../use-cases/postings/store.js";
import { useCaseContext } from "../context.js";
import { v1Errors } from "../shared.js";
import { PostingPatch, PostingView, presentPosting, tags } from "./schema.js";

const route = defineRoute({
  method: "patch",
  path: "/v1/postings/{id}",
  tags,
  summary: "Change a posting's status",
  description:
    "open → filled, closed or cancelled; filled → open (a worker dropped out) or closed; closed and cancelled are final. " +
    "Each change is the next revision, published on the market's pes.gig.{market}.events; the same status again changes nothing.",
  access: market,
  request: {
    params: IdParam,
    body: { required: true, content: { "application/json": { schema: PostingPatch } } },
  },
  responses: {
    200: { description: "The posting as changed", content: { "application/json": { schema: PostingView } } },
    404: problemResponse("Your market has no such posting"),
    409: problemResponse("The posting's status cannot change that way"),
    ...v1Errors,
  },
});

export function registerPatchPosting(app: App): void {
  app.openapi(route, async (c) => {
    const { cipher } = c.get("services");
    const { id } = c.req.valid("param");
    const row = await changePostingStatus(useCaseContext(c), { id, status: c.req.valid("json").status });
    return c.json(presentPosting(row, cipher), 200);
  });
}
