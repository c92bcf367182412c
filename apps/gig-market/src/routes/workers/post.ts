import { IdempotencyHeaders, problemResponse } from "@pes/http";
import { defineRoute, market } from "../../auth/access.js";
import type { App } from "../../context.js";
import { registerWorker } from "../../use-cases/workers/store.js";
import { useCaseContext } from "../context.js";
import { postErrors } from "../shared.js";
import { presentWorker, tags, WorkerInput, WorkerView } from "./schema.js";

const route = defineRoute({
  method: "post",
  path: "/v1/workers",
  tags,
  summary: "Register a gig worker (零工) who consents to matching and placement by your market",
  description:
    "The ID number, name and mobile are kept encrypted and shown only masked from now on. One worker per person per market (409 for a second). Without `consent.given` the registration is refused (422).",
  access: market,
  request: {
    headers: IdempotencyHeaders,
    body: { required: true, content: { "application/json": { schema: WorkerInput } } },
  },
  responses: {
    201: { description: "Registered", content: { "application/json": { schema: WorkerView } } },
    ...postErrors,
    409: problemResponse(
      "This person is already a worker of your market, or the first request with this Idempotency-Key is still being handled",
    ),
    422: problemResponse(
      "No consent, a preferred place outside your market's city, or an Idempotency-Key used for another request",
    ),
  },
});

export function registerPostWorker(app: App): void {
  app.openapi(route, async (c) => {
    const { cipher } = c.get("services");
    const row = await registerWorker(useCaseContext(c), c.req.valid("json"));
    return c.json(presentWorker(row, cipher), 201);
  });
}
