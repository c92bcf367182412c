import { IdParam, problemResponse } from "@pes/http";
import { defineRoute, market } from "../../auth/access.js";
import type { App } from "../../context.js";
import { findPlacement } from "../../use-cases/placements/store.js";
import { useCaseContext } from "../context.js";
import { v1Errors } from "../shared.js";
import { PlacementView, presentPlacement, tags } from "./schema.js";

const route = defineRoute({
  method: "get",
  path: "/v1/placements/{id}",
  tags,
  summary: "One of your market's placements",
  access: market,
  request: { params: IdParam },
  responses: {
    200: { description: "The placement", content: { "application/json": { schema: PlacementView } } },
    404: problemResponse("Your market has no such placement"),
    ...v1Errors,
  },
});

export function registerGetPlacement(app: App): void {
  app.openapi(route, async (c) => {
    const { cipher } = c.get("services");
    const row = await findPlacement(useCaseContext(c), { id: c.req.valid("param").id });
    return c.json(presentPlacement(row, cipher), 200);
  });
}
