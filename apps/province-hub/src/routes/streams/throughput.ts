import { z } from "@hono/zod-openapi";
import { errorResponses, problemResponse } from "@pes/http";
import { defineRoute, readers } from "../../auth/access.js";
import type { App } from "../../context.js";
import { cityOf } from "../../use-cases/monitoring/streams.js";
import { throughputWindowOf } from "../../use-cases/monitoring/throughput.js";
import { type MonitoredStreams, runningStreams } from "./running.js";
import { ThroughputRow, tags } from "./schema.js";

const route = defineRoute({
  method: "get",
  path: "/v1/streams/throughput",
  tags,
  summary: "Records per minute per topic, city and record type",
  access: readers,
  responses: {
    200: {
      description: "Rates over the last minute (windowSeconds says how much of it was sampled)",
      content: {
        "application/json": {
          schema: z.object({ windowSeconds: z.number().int(), items: z.array(ThroughputRow) }),
        },
      },
    },
    503: problemResponse("The hub runs without its streams"),
    ...errorResponses,
  },
});

/** The rates of the last minute with each row's city, by topic, source and type: this route's and the live stream's. */
export function throughputOf(streams: MonitoredStreams) {
  const { windowSeconds, rows } = throughputWindowOf(streams.metrics).rates();
  const items = rows
    .map((r) => ({ ...r, cityCode: cityOf(r.source, r.topic) }))
    .sort(
      (a, b) =>
        a.topic.localeCompare(b.topic) || a.source.localeCompare(b.source) || a.type.localeCompare(b.type),
    );
  return { windowSeconds, items };
}

export function registerThroughput(app: App): void {
  app.openapi(route, async (c) => c.json(throughputOf(runningStreams(c.get("services"))), 200));
}
