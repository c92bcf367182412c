import { errorResponses, pageFrom, pageOf, readCursor } from "@pes/http";
import { defineRoute, readers } from "../../auth/access.js";
import type { App } from "../../context.js";
import { receiptsReceived } from "../../use-cases/receipts/view.js";
import { useCaseContext } from "../context.js";
import { Receipt, ReceiptsQuery, tags } from "./schema.js";

const route = defineRoute({
  method: "get",
  path: "/v1/flowback/receipts",
  tags,
  summary:
    "Receipts as the hub received them, newest first: by receiver, outcome, and whether they match what was sent",
  access: readers,
  request: { query: ReceiptsQuery },
  responses: {
    200: {
      description: "A page of receipts",
      content: { "application/json": { schema: pageOf(Receipt, "FlowbackReceiptPage") } },
    },
    ...errorResponses,
  },
});

export function registerReceipts(app: App): void {
  app.openapi(route, async (c) => {
    const q = c.req.valid("query");
    const rows = await receiptsReceived(useCaseContext(c), {
      receiver: q.receiver,
      outcome: q.outcome,
      flagged: q.flagged,
      limit: q.limit,
      after: readCursor(q.cursor),
    });
    const page = pageFrom(rows, q.limit);
    return c.json(
      { items: page.rows.map(({ cursorAt: _, id: __, ...r }) => r), nextCursor: page.nextCursor },
      200,
    );
  });
}
