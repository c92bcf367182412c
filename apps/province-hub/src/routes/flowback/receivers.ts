import { z } from "@hono/zod-openapi";
import { errorResponses } from "@pes/http";
import { defineRoute, readers } from "../../auth/access.js";
import type { App } from "../../context.js";
import { receiverSummaries } from "../../use-cases/receipts/view.js";
import { useCaseContext } from "../context.js";
import { overdueBefore } from "./overdue.js";
import { OverdueMinutes, ReceiverSummary, tags } from "./schema.js";

const route = defineRoute({
  method: "get",
  path: "/v1/flowback/receivers",
  tags,
  summary: "Per city node and gig market: flow-back sent, received, applied, refused, still unacknowledged",
  description:
    "What the hub sent each receiver in the last `days` (its evidence log's sent entries) and what their receipts say; overdue is what is unacknowledged after `overdueMinutes`.",
  access: readers,
  request: {
    query: z.object({
      days: z.coerce.number().int().min(1).max(183).default(30).openapi({
        description: "The window: flow-back sent in the last so many days (the log keeps at least 183)",
      }),
      overdueMinutes: OverdueMinutes,
    }),
  },
  responses: {
    200: {
      description: "One row per receiver",
      content: {
        "application/json": {
          schema: z.object({
            since: z.string(),
            checkedAt: z.string(),
            overdueMinutes: z.number().int(),
            items: z.array(ReceiverSummary),
          }),
        },
      },
    },
    ...errorResponses,
  },
});

export function registerReceivers(app: App): void {
  app.openapi(route, async (c) => {
    const { days, overdueMinutes } = c.req.valid("query");
    const now = new Date();
    const since = new Date(now.getTime() - days * 86_400_000);
    const overdue = overdueBefore(c, overdueMinutes, now);
    const items = await receiverSummaries(useCaseContext(c), { since, overdueBefore: overdue.before });
    return c.json(
      {
        since: since.toISOString(),
        checkedAt: now.toISOString(),
        overdueMinutes: overdue.minutes,
        items,
      },
      200,
    );
  });
}
