import { z } from "@hono/zod-openapi";
import { errorResponses } from "@pes/http";
import { defineRoute, staff } from "../../auth/access.js";
import type { App } from "../../context.js";
import { nodeStatus } from "../../use-cases/node-status.js";

const Instant = z.string().nullable();

const NodeStatus = z
  .object({
    outbox: z.object({
      pending: z
        .number()
        .int()
        .openapi({ description: "Records written, not yet published to the province" }),
      oldestAgeSeconds: z
        .number()
        .int()
        .openapi({ description: "How long the oldest of them has waited (0: none)" }),
      lastPublishedAt: Instant.openapi({ description: "The last record published (within the last day)" }),
    }),
    lastFlowbackAppliedAt: Instant.openapi({ description: "The last record of 数据回流 the node applied" }),
    openRejections: z
      .number()
      .int()
      .openapi({ description: "Records the province refused, not corrected yet (GET /v1/rejections)" }),
    imports: z
      .array(
        z.object({
          id: z.uuid(),
          form: z.string(),
          state: z.enum(["queued", "running", "done", "failed"]),
          fileName: z.string().nullable(),
          rowsRead: z.number().int().nullable(),
          rowsApplied: z.number().int(),
          rowsRejected: z.number().int(),
          createdAt: z.string(),
          finishedAt: Instant,
        }),
      )
      .openapi({ description: "The last ten imports (a city admin: everyone's; staff: their own)" }),
  })
  .openapi("NodeStatus");

const route = defineRoute({
  method: "get",
  path: "/v1/node/status",
  access: staff,
  tags: ["Node"],
  summary: "节点状态: the outbox, the last record published and flow-back applied, open refusals, imports",
  description: "Counts and times only, no personal data.",
  responses: {
    200: { description: "The node's status", content: { "application/json": { schema: NodeStatus } } },
    ...errorResponses,
  },
});

export function registerGetNodeStatus(app: App): void {
  app.openapi(route, async (c) => {
    const caller = c.get("caller");
    const status = await nodeStatus(c.get("services").db.db, {
      importsOf: caller.role === "city-admin" ? undefined : caller.staffId,
    });
    return c.json(status, 200);
  });
}
