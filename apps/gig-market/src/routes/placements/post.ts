import { IdempotencyHeaders, problemResponse } from "@pes/http";
import { defineRoute, market } from "../../auth/access.js";
import type { App } from "../../context.js";
import { placeWorker } from "../../use-cases/placements/store.js";
import { useCaseContext } from "../context.js";
import { postErrors } from "../shared.js";
import { PlacementInput, PlacementView, presentPlacement, tags } from "./schema.js";

const route = defineRoute({
  method: "post",
  path: "/v1/placements",
  tags,
  summary: "Place a worker in an open posting (介绍就业)",
  description:
    "Published on the market's pes.gig.{market}.events as a gig-placement record (revision 1) in the same transaction. " +
    "The placement that takes the posting's last place marks the posting filled.",
  access: market,
  request: {
    headers: IdempotencyHeaders,
    body: { required: true, content: { "application/json": { schema: PlacementInput } } },
  },
  responses: {
    201: { description: "Placed", content: { "application/json": { schema: PlacementView } } },
    404: problemResponse("Your market has no such posting or worker"),
    ...postErrors,
    409: problemResponse(
      "The posting is not open (or is full), the worker withdrew or is already placed there, or the Idempotency-Key is in flight",
    ),
  },
});

export function registerPostPlacement(app: App): void {
  app.openapi(route, async (c) => {
    const { cipher } = c.get("services");
    const row = await placeWorker(useCaseContext(c), c.req.valid("json"));
    return c.json(presentPlacement(row, cipher), 201);
  });
}
