import { IdempotencyHeaders, IdParam, problemResponse } from "@pes/http";
import { defineRoute, market } from "../../auth/access.js";
import type { App } from "../../context.js";
import { cancelPlacement } from "../../use-cases/placements/store.js";
import { useCaseContext } from "../context.js";
import { postErrors } from "../shared.js";
import { CancellationInput, PlacementView, presentPlacement, tags } from "./schema.js";

const route = defineRoute({
  method: "post",
  path: "/v1/placements/{id}/cancellation",
  tags,
  summary: "Cancel a placement that is not completed; a filled posting opens again",
  access: market,
  request: {
    headers: IdempotencyHeaders,
    params: IdParam,
    body: { required: true, content: { "application/json": { schema: CancellationInput } } },
  },
  responses: {
    200: { description: "Cancelled", content: { "application/json": { schema: PlacementView } } },
    404: problemResponse("Your market has no such placement"),
    ...postErrors,
    409: problemResponse("The placement is completed"),
  },
});

export function registerCancelPlacement(app: App): void {
  app.openapi(route, async (c) => {
    const { cipher } = c.get("services");
    const { id } = c.req.valid("param");
    const row = await cancelPlacement(useCaseContext(c), { id, reason: c.req.valid("json").reason });
    return c.json(presentPlacement(row, cipher), 200);
  });
}
