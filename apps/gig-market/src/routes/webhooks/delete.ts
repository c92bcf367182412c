import { createRoute } from "@hono/zod-openapi";
import { problemResponse } from "@pes/http";
import type { App } from "../../context.js";
import { deleteWebhook } from "../../use-cases/webhooks/store.js";
import { bearer, IdParam, v1Errors } from "../shared.js";
import { tags } from "./schema.js";

const route = createRoute({
  method: "delete",
  path: "/v1/webhooks/{id}",
  tags,
  summary: "Unsubscribe: nothing more is sent, pending deliveries are cancelled",
  security: bearer,
  request: { params: IdParam },
  responses: {
    204: { description: "Deleted" },
    404: problemResponse("Your market has no such webhook"),
    ...v1Errors,
  },
});

export function registerDeleteWebhook(app: App): void {
  app.openapi(route, async (c) => {
    await deleteWebhook(c.get("services").db.db, c.get("market").id, c.req.valid("param").id);
    return c.body(null, 204);
  });
}
