import { IdParam, problemResponse } from "@pes/http";
import { defineRoute, market } from "../../auth/access.js";
import type { App } from "../../context.js";
import { withdrawWorker } from "../../use-cases/workers/store.js";
import { useCaseContext } from "../context.js";
import { v1Errors } from "../shared.js";
import { presentWorker, tags, WorkerView } from "./schema.js";

const route = defineRoute({
  method: "delete",
  path: "/v1/workers/{id}",
  tags,
  summary: "The worker withdraws consent: their personal data is erased",
  description:
    "The ID number, name, mobile, person key and preferences are erased; the record stays only as withdrawn, with when consent was given and withdrawn. Withdrawing again changes nothing. The person may register again later.",
  access: market,
  request: { params: IdParam },
  responses: {
    200: { description: "The worker as withdrawn", content: { "application/json": { schema: WorkerView } } },
    404: problemResponse("Your market has no such worker"),
    ...v1Errors,
  },
});

export function registerWithdrawWorker(app: App): void {
  app.openapi(route, async (c) => {
    const { cipher } = c.get("services");
    const row = await withdrawWorker(useCaseContext(c), { id: c.req.valid("param").id });
    return c.json(presentWorker(row, cipher), 200);
  });
}
