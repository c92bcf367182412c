import { IdParam, problemResponse } from "@pes/http";
import { defineRoute, market } from "../../auth/access.js";
import type { App } from "../../context.js";
import { deleteWebhook } from "../../use-cases/webhooks/store.js";
import { useCaseContext } from "../context.js";
import { v1Errors } from "../shared.js";
import { tags } from "./schema.js";

const route = defineRoute({
  method: "delete",
  path: "/v1/webhooks/{id}",
  tags,
  summary: "Unsubscribe: nothing more is sent, pending deliveries are cancelled",
  access: market,
  request: { params: IdParam },
  responses: {
    204: { description: "Deleted" },
    404: problemResponse("Your market has no such webhook"),
    ...v1Errors,
  },
});

export function registerDeleteWebhook(app: App): void {
  app.openapi(route, async (c) => {
    await deleteWebhook(useCaseContext(c), { id: c.req.valid("param").id });
    return c.body(null, 204);
  });
}
