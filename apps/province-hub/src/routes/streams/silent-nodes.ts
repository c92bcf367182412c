import { z } from "@hono/zod-openapi";
import { errorResponses, problemResponse } from "@pes/http";
import { defineRoute, readers } from "../../auth/access.js";
import type { App } from "../../context.js";
import { lastHeard, silentSources } from "../../use-cases/monitoring/silent.js";
import { useCaseContext } from "../context.js";
import { runningStreams } from "./running.js";
import { SilentNode, tags } from "./schema.js";

const route = defineRoute({
  method: "get",
  path: "/v1/streams/silent-nodes",
  tags,
  summary: "Sources not heard from for longer than a threshold, and city nodes never heard from",
  access: readers,
  request: {
    query: z.object({
      thresholdMinutes: z.coerce.number().int().min(1).max(44_640).default(60),
    }),
  },
  responses: {
    200: {
      description: "Silent sources, the longest silent first",
      content: {
        "application/json": {
          schema: z.object({
            checkedAt: z.string(),
            thresholdMinutes: z.number().int(),
            items: z.array(SilentNode),
          }),
        },
      },
    },
    503: problemResponse("The hub runs without its streams"),
    ...errorResponses,
  },
});

export function registerSilentNodes(app: App): void {
  app.openapi(route, async (c) => {
    const { thresholdMinutes } = c.req.valid("query");
    const services = c.get("services");
    const streams = runningStreams(services);
    const now = new Date();
    const heard = await lastHeard(useCaseContext(c), { live: streams.lastSeen() });
    return c.json(
      { checkedAt: now.toISOString(), thresholdMinutes, items: silentSources(heard, thresholdMinutes, now) },
      200,
    );
  });
}
