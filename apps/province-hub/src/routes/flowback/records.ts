import { z } from "@hono/zod-openapi";
import { DomainError } from "@pes/core";
import { errorResponses, pageFrom, pageOf, problemResponse, readCursor } from "@pes/http";
import { defineRoute, readers } from "../../auth/access.js";
import type { App } from "../../context.js";
import { flowbackRecord, flowbackRecords } from "../../use-cases/receipts/view.js";
import { useCaseContext } from "../context.js";
import { overdueBefore } from "./overdue.js";
import { FlowbackRecord, OverdueMinutes, Receipt, RecordsQuery, tags } from "./schema.js";

const json = <T extends z.ZodType>(schema: T) => ({ "application/json": { schema } });

const list = defineRoute({
  method: "get",
  path: "/v1/flowback/records",
  tags,
  summary:
    "Flow-back sent, newest first, with what came of it: by receiver and status (unacknowledged, overdue, refused…)",
  access: readers,
  request: { query: RecordsQuery },
  responses: {
    200: {
      description: "A page of flow-back records",
      content: json(pageOf(FlowbackRecord, "FlowbackRecordPage")),
    },
    ...errorResponses,
  },
});

const one = defineRoute({
  method: "get",
  path: "/v1/flowback/records/{id}",
  tags,
  summary:
    "One flow-back record: when it was sent, to whom, when its receipt came, applied or refused, and when",
  description:
    "By the record's event id, or by the id of a registration whose closure the hub decided: did the city receive and apply the closure of this registration, and when?",
  access: readers,
  request: {
    params: z.object({
      id: z
        .uuid()
        .openapi({ description: "A flow-back record's event id, or a registration id the hub closed" }),
    }),
    query: z.object({ overdueMinutes: OverdueMinutes }),
  },
  responses: {
    200: {
      description: "The record as sent and every receipt for it, flagged ones too",
      content: json(
        z
          .object({
            recordId: z.string(),
            closure: z
              .object({
                registrationId: z.string(),
                cityCode: z.string(),
                kind: z.string(),
                decidedAt: z.string(),
              })
              .nullable()
              .openapi({
                description: "When looked up by a registration: the closure the hub decided for it",
              }),
            sent: FlowbackRecord.nullable().openapi({
              description: "null: the hub has no record of sending it",
            }),
            receipts: z.array(Receipt),
          })
          .openapi("FlowbackRecordTrail"),
      ),
    },
    404: problemResponse("The hub neither sent such a record nor received a receipt for it"),
    ...errorResponses,
  },
});

export function registerFlowbackRecords(app: App): void {
  app.openapi(list, async (c) => {
    const q = c.req.valid("query");
    const { before } = overdueBefore(c, q.overdueMinutes);
    const rows = await flowbackRecords(useCaseContext(c), {
      receiver: q.receiver,
      status: q.status,
      overdueBefore: before,
      limit: q.limit,
      after: readCursor(q.cursor),
    });
    const page = pageFrom(rows, q.limit, (r) => ({ at: r.sentAt, id: r.recordId }));
    return c.json({ items: page.rows, nextCursor: page.nextCursor }, 200);
  });
  app.openapi(one, async (c) => {
    const { id } = c.req.valid("param");
    const { before } = overdueBefore(c, c.req.valid("query").overdueMinutes);
    const found = await flowbackRecord(useCaseContext(c), id, before);
    if (!found)
      throw new DomainError(
        "not_found",
        "flowback-record-not-found",
        `The hub knows no flow-back record ${id}`,
      );
    return c.json(found, 200);
  });
}
