import { createRoute, z } from "@hono/zod-openapi";
import { errorResponses, problemResponse } from "@pes/http";
import { and, eq, inArray } from "drizzle-orm";
import type { App } from "../../app.js";
import { deadLetterReplays } from "../../db/tables/monitoring.js";
import { browseDeadLetters } from "../../monitoring/dead-letters.js";
import { deadLetterTopicOf, runningStreams } from "../../monitoring/streams.js";
import { bearer, DeadLetter, tags } from "./schema.js";

const route = createRoute({
  method: "get",
  path: "/v1/dead-letters",
  tags,
  summary: "Records a consumer could not apply, newest first, with why (never their values)",
  security: bearer,
  request: {
    query: z.object({
      reason: z.string().max(60).optional(),
      topic: z.string().max(249).optional().meta({ description: "The origin topic" }),
      city: z
        .string()
        .regex(/^\d{6}$/, "a city code such as 350200")
        .optional(),
      page: z.coerce.number().int().min(1).default(1),
      pageSize: z.coerce.number().int().min(1).max(200).default(50),
    }),
  },
  responses: {
    200: {
      description: "One page of dead letters",
      content: {
        "application/json": {
          schema: z.object({
            topic: z.string(),
            total: z.number().int(),
            page: z.number().int(),
            pageSize: z.number().int(),
            items: z.array(DeadLetter),
          }),
        },
      },
    },
    503: problemResponse("The hub runs without its streams"),
    ...errorResponses,
  },
});

export function registerDeadLetters(app: App): void {
  app.openapi(route, async (c) => {
    const { reason, topic: originTopic, city, page, pageSize } = c.req.valid("query");
    const services = c.get("services");
    const streams = runningStreams(services);
    const topic = deadLetterTopicOf(streams);
    const all = await browseDeadLetters(streams.admin, topic, { reason, originTopic, city });
    const shown = all.slice((page - 1) * pageSize, page * pageSize);
    const replays = shown.length
      ? await services.db.db
          .select()
          .from(deadLetterReplays)
          .where(
            and(
              eq(deadLetterReplays.deadLetterTopic, topic),
              inArray(
                deadLetterReplays.offset,
                shown.map((e) => e.offset),
              ),
            ),
          )
      : [];
    const items = shown.map((e) => ({
      ...e,
      replays: replays
        .filter((r) => r.partition === e.partition && r.offset === e.offset)
        .map((r) => ({ operatorId: r.operatorId, at: r.replayedAt.toISOString(), forced: r.forced })),
    }));
    return c.json({ topic, total: all.length, page, pageSize, items }, 200);
  });
}
