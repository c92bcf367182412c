import { IdParam, problemResponse } from "@pes/http";
import { defineRoute, market } from "../../auth/access.js";
import type { App } from "../../context.js";
import { updateWorker } from "../../use-cases/workers/store.js";
import { useCaseContext } from "../context.js";
import { v1Errors } from "../shared.js";
import { presentWorker, tags, WorkerPatch, WorkerView } from "./schema.js";

const route = defineRoute({
  method: "patch",
  path: "/v1/workers/{id}",
  tags,
  summary: "Change a worker's occupations, preferred places, expected pay or availability",
  description:
    "Only the fields sent change; null clears the pay or a date. The ID number, name and mobile cannot change.",
  access: market,
  request: {
    params: IdParam,
    body: { required: true, content: { "application/json": { schema: WorkerPatch } } },
  },
  responses: {
    200: { description: "The worker as changed", content: { "application/json": { schema: WorkerView } } },
    404: problemResponse("Your market has no such worker"),
    409: problemResponse("The worker withdrew their consent"),
    422: problemResponse(
      "A preferred place outside your market's city, or availableUntil before availableFrom",
    ),
    ...v1Errors,
  },
});

export function registerPatchWorker(app: App): void {
  app.openapi(route, async (c) => {
    const { cipher } = c.get("services");
    const row = await updateWorker(useCaseContext(c), {
      ...c.req.valid("json"),
      id: c.req.valid("param").id,
    });
    return c.json(presentWorker(row, cipher), 200);
  });
}
