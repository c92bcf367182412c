import { IdParam, PageQuery, pageFrom, pageOf, problemResponse, readCursor } from "@pes/http";
import { newestFirst } from "@pes/sync";
import { and, eq, getTableColumns, inArray } from "drizzle-orm";
import { defineRoute, market } from "../../auth/access.js";
import type { App } from "../../context.js";
import { flowbackItems } from "../../db/tables/flowback.js";
import { webhookDeliveries } from "../../db/tables/webhooks.js";
import { attemptsOf, findWebhook } from "../../use-cases/webhooks/store.js";
import { useCaseContext } from "../context.js";
import { v1Errors } from "../shared.js";
import { DeliveryView, presentDelivery, tags } from "./schema.js";

const route = defineRoute({
  method: "get",
  path: "/v1/webhooks/{id}/deliveries",
  tags,
  summary: "The subscription's delivery log, newest first, each with its attempts",
  description:
    "Each attempt shows when, the status code answered, how long it took and why it failed; never the body.",
  access: market,
  request: { params: IdParam, query: PageQuery },
  responses: {
    200: {
      description: "One page",
      content: { "application/json": { schema: pageOf(DeliveryView, "WebhookDeliveryPage") } },
    },
    404: problemResponse("Your market has no such webhook"),
    ...v1Errors,
  },
});

export function registerListDeliveries(app: App): void {
  app.openapi(route, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const ctx = useCaseContext(c);
    const { db } = ctx;
    const hook = await findWebhook(ctx, { id: c.req.valid("param").id });
    const keys = newestFirst(webhookDeliveries.createdAt, webhookDeliveries.id);
    const rows = await db
      .select({ ...getTableColumns(webhookDeliveries), cursorAt: keys.at })
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.webhookId, hook.id), keys.after(readCursor(cursor))))
      .orderBy(...keys.orderBy)
      .limit(limit + 1);
    const page = pageFrom(rows, limit);
    const ids = page.rows.map((r) => r.id);
    const attempts = await attemptsOf(ctx, { deliveryIds: ids });
    const kinds = new Map(
      ids.length === 0
        ? []
        : (
            await db
              .select({ id: flowbackItems.id, kind: flowbackItems.kind })
              .from(flowbackItems)
              .where(inArray(flowbackItems.id, [...new Set(page.rows.map((r) => r.itemId))]))
          ).map((i) => [i.id, i.kind]),
    );
    return c.json(
      {
        items: page.rows.map((r) => presentDelivery(r, kinds.get(r.itemId)!, attempts.get(r.id) ?? [])),
        nextCursor: page.nextCursor,
      },
      200,
    );
  });
}
