import { IdParam, problemResponse } from "@pes/http";
import { defineRoute, market } from "../../auth/access.js";
import type { App } from "../../context.js";
import { findWebhook } from "../../use-cases/webhooks/store.js";
import { useCaseContext } from "../context.js";
import { v1Errors } from "../shared.js";
import { presentWebhook, tags, WebhookView } from "./schema.js";

const route = defineRoute({
  method: "get",
  path: "/v1/webhooks/{id}",
  tags,
  summary: "One of your market's webhook subscriptions",
  access: market,
  request: { params: IdParam },
  responses: {
    200: { description: "The subscription", content: { "application/json": { schema: WebhookView } } },
    404: problemResponse("Your market has no such webhook"),
    ...v1Errors,
  },
});

export function registerGetWebhook(app: App): void {
  app.openapi(route, async (c) => {
    const row = await findWebhook(useCaseContext(c), { id: c.req.valid("param").id });
    return c.json(presentWebhook(row), 200);
  });
}
