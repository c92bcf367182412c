import { z } from "@hono/zod-openapi";
import { errorResponses, problemResponse } from "@pes/http";
import { defineRoute, readers } from "../../auth/access.js";
import type { App } from "../../context.js";
import { runningStreams } from "./running.js";
import { PartitionLag, tags } from "./schema.js";

const route = defineRoute({
  method: "get",
  path: "/v1/streams/lag",
  tags,
  summary: "The ingest consumer group's lag per partition",
  access: readers,
  responses: {
    200: {
      description: "Lag per partition, and in total",
      content: {
        "application/json": {
          schema: z.object({ totalLag: z.number().int(), items: z.array(PartitionLag) }),
        },
      },
    },
    503: problemResponse("The hub runs without its streams"),
    ...errorResponses,
  },
});

export function registerLag(app: App): void {
  app.openapi(route, async (c) => {
    const items = (await runningStreams(c.get("services")).lag()).sort(
      (a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition,
    );
    return c.json({ totalLag: items.reduce((n, p) => n + p.lag, 0), items }, 200);
  });
}
