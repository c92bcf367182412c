import { IdParam, problemResponse } from "@pes/http";
import { defineRoute, market } from "../../auth/access.js";
import type { App } from "../../context.js";
import { findWorker } from "../../use-cases/workers/store.js";
import { useCaseContext } from "../context.js";
import { v1Errors } from "../shared.js";
import { presentWorker, tags, WorkerView } from "./schema.js";

const route = defineRoute({
  method: "get",
  path: "/v1/workers/{id}",
  tags,
  summary: "One of your market's workers, masked",
  access: market,
  request: { params: IdParam },
  responses: {
    200: { description: "The worker", content: { "application/json": { schema: WorkerView } } },
    404: problemResponse("Your market has no such worker"),
    ...v1Errors,
  },
});

export function registerGetWorker(app: App): void {
  app.openapi(route, async (c) => {
    const { cipher } = c.get("services");
    const row = await findWorker(useCaseContext(c), { id: c.req.valid("param").id });
    return c.json(presentWorker(row, cipher), 200);
  });
}
