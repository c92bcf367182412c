import { PageQuery, pageFrom, pageOf, readCursor } from "@pes/http";
import { newestFirst } from "@pes/sync";
import { and, eq, getTableColumns, isNull } from "drizzle-orm";
import { defineRoute, market } from "../../auth/access.js";
import type { App } from "../../context.js";
import { webhooks } from "../../db/tables/webhooks.js";
import { v1Errors } from "../shared.js";
import { presentWebhook, tags, WebhookView } from "./schema.js";

const route = defineRoute({
  method: "get",
  path: "/v1/webhooks",
  tags,
  summary: "Your market's webhook subscriptions, newest first; never a secret",
  access: market,
  request: { query: PageQuery },
  responses: {
    200: {
      description: "One page",
      content: { "application/json": { schema: pageOf(WebhookView, "WebhookPage") } },
    },
    ...v1Errors,
  },
});

export function registerListWebhooks(app: App): void {
  app.openapi(route, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const keys = newestFirst(webhooks.createdAt, webhooks.id);
    const rows = await c
      .get("services")
      .db.db.select({ ...getTableColumns(webhooks), cursorAt: keys.at })
      .from(webhooks)
      .where(
        and(
          eq(webhooks.marketId, c.get("market").id),
          isNull(webhooks.deletedAt),
          keys.after(readCursor(cursor)),
        ),
      )
      .orderBy(...keys.orderBy)
      .limit(limit + 1);
    const page = pageFrom(rows, limit);
    return c.json({ items: page.rows.map(presentWebhook), nextCursor: page.nextCursor }, 200);
  });
}
