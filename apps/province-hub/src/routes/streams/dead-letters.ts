import { z } from "@hono/zod-openapi";
import { errorResponses, problemResponse } from "@pes/http";
import type { Database } from "@pes/sync/db";
import { and, eq, inArray } from "drizzle-orm";
import type { Admin } from "kafkajs";
import { defineRoute, readers } from "../../auth/access.js";
import type { App } from "../../context.js";
import { deadLetterReplays } from "../../db/tables/monitoring.js";
import { browseDeadLetters, notYetIndexed } from "../../streams/dead-letter-index.js";
import { deadLetterTopicOf, runningStreams } from "./running.js";
import { DeadLetter, tags } from "./schema.js";

const LAG_TIMEOUT_MS = 1_000;

const route = defineRoute({
  method: "get",
  path: "/v1/dead-letters",
  tags,
  summary: "Records a consumer could not apply, newest first, with why (never their values)",
  description:
    "Read from the hub's index of the dead-letter topic, which follows the topic within moments; notYetIndexed says how many it has still to reach.",
  access: readers,
  request: {
    query: z.object({
      reason: z.string().max(60).optional(),
      topic: z.string().max(249).optional().meta({ description: "The origin topic" }),
      city: z
        .string()
        .regex(/^\d{6}$/, "a city code such as 350200")
        .optional(),
      group: z.string().max(255).optional().meta({ description: "The consumer group that refused it" }),
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
            notYetIndexed: z.number().int().nullable().openapi({
              description:
                "Dead letters already on the topic that the index has not reached (0: none); null when the broker did not answer in time",
            }),
          }),
        },
      },
    },
    503: problemResponse("The hub runs without its streams"),
    ...errorResponses,
  },
});

/** How far the index is behind the topic; null rather than a slow answer when the broker is slow or away. */
async function indexLag(admin: Admin, db: Database, topic: string): Promise<number | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), LAG_TIMEOUT_MS);
  });
  const lag = admin
    .fetchTopicOffsets(topic)
    .then((ends) => notYetIndexed(db, topic, ends))
    .catch(() => null);
  return Promise.race([lag, late]).finally(() => clearTimeout(timer));
}

export function registerDeadLetters(app: App): void {
  app.openapi(route, async (c) => {
    const { reason, topic: originTopic, city, group, page, pageSize } = c.req.valid("query");
    const services = c.get("services");
    const streams = runningStreams(services);
    const topic = deadLetterTopicOf(streams);
    const [{ total, items: shown }, behind] = await Promise.all([
      browseDeadLetters(services.db.db, topic, { reason, originTopic, city, group }, { page, pageSize }),
      indexLag(streams.admin, services.db.db, topic),
    ]);
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
    return c.json({ topic, total, page, pageSize, items, notYetIndexed: behind }, 200);
  });
}
