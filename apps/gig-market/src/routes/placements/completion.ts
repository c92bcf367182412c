import { IdempotencyHeaders, IdParam, problemResponse } from "@pes/http";
import { defineRoute, market } from "../../auth/access.js";
import type { App } from "../../context.js";
import { completePlacement } from "../../use-cases/placements/store.js";
import { useCaseContext } from "../context.js";
import { postErrors } from "../shared.js";
import { CompletionInput, PlacementView, presentPlacement, tags } from "./schema.js";

const route = defineRoute({
  method: "post",
  path: "/v1/placements/{id}/completion",
  tags,
  summary: "The work is done: record the pay due and the pay the worker actually received",
  description:
    "Published as the placement's next revision. Pay received below pay due is wage arrears (欠薪), " +
    "listed by GET /v1/placements?arrears=true. Completing again with the same figures changes nothing.",
  access: market,
  request: {
    headers: IdempotencyHeaders,
    params: IdParam,
    body: { required: true, content: { "application/json": { schema: CompletionInput } } },
  },
  responses: {
    200: { description: "Completed", content: { "application/json": { schema: PlacementView } } },
    404: problemResponse("Your market has no such placement"),
    ...postErrors,
    409: problemResponse("The placement was cancelled or completed with other figures"),
  },
});

export function registerCompletePlacement(app: App): void {
  app.openapi(route, async (c) => {
    const { cipher } = c.get("services");
    const { id } = c.req.valid("param");
    const row = await completePlacement(useCaseContext(c), { ...c.req.valid("json"), id });
    return c.json(presentPlacement(row, cipher), 200);
  });
}
