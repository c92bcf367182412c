import { IdempotencyHeaders, problemResponse } from "@pes/http";
import { eq } from "drizzle-orm";
import { defineRoute, market } from "../../auth/access.js";
import type { App } from "../../context.js";
import { flowbackItems } from "../../db/tables/flowback.js";
import { attemptsOf, redeliver } from "../../use-cases/webhooks/store.js";
import { useCaseContext } from "../context.js";
import { postErrors } from "../shared.js";
import { DeliveryParams, DeliveryView, presentDelivery, tags } from "./schema.js";

const route = defineRoute({
  method: "post",
  path: "/v1/webhooks/{id}/deliveries/{deliveryId}/redelivery",
  tags,
  summary: "Send a delivery again, with the same id and a fresh timestamp and signature",
  description:
    "The delivery becomes pending with a new round of attempts and is sent within moments. Receivers that keep the ids they processed see the same webhook-id again and may simply answer 2xx.",
  access: market,
  request: { params: DeliveryParams, headers: IdempotencyHeaders },
  responses: {
    202: { description: "Queued", content: { "application/json": { schema: DeliveryView } } },
    404: problemResponse("Your market has no such webhook, or it no such delivery"),
    ...postErrors,
  },
});

export function registerRedeliver(app: App): void {
  app.openapi(route, async (c) => {
    const ctx = useCaseContext(c);
    const { db } = ctx;
    const { id, deliveryId } = c.req.valid("param");
    const row = await redeliver(ctx, { webhookId: id, id: deliveryId });
    const [item] = await db
      .select({ kind: flowbackItems.kind })
      .from(flowbackItems)
      .where(eq(flowbackItems.id, row.itemId));
    const attempts = await attemptsOf(ctx, { deliveryIds: [row.id] });
    return c.json(presentDelivery(row, item!.kind, attempts.get(row.id) ?? []), 202);
  });
}
