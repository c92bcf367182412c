import { z } from "@hono/zod-openapi";
import { DomainError } from "@pes/core";
import { errorResponses, problemResponse } from "@pes/http";
import { readDeadLetter, replayDeadLetter } from "@pes/sync";
import { and, eq, sql } from "drizzle-orm";
import { defineRoute, writers } from "../../auth/access.js";
import type { App } from "../../context.js";
import { deadLetterReplays } from "../../db/tables/monitoring.js";
import { findDeadLetter } from "../../streams/dead-letters.js";
import { deadLetterTopicOf, runningStreams } from "./running.js";
import { Replay, tags } from "./schema.js";

const route = defineRoute({
  method: "post",
  path: "/v1/dead-letters/{partition}/{offset}/replay",
  tags,
  summary: "Put a dead letter back on its origin topic (operator or admin), once unless forced",
  access: writers,
  request: {
    params: z.object({
      // A string in the path, then a number: z.coerce would document it optional and nullable,
      // which a path parameter never is (swagger-parser refuses the document).
      partition: z
        .string()
        .regex(/^\d{1,9}$/, "a partition number")
        .transform(Number)
        .openapi({ param: { name: "partition", in: "path" }, type: "string" }),
      offset: z
        .string()
        .regex(/^\d{1,19}$/, "an offset")
        .openapi({ param: { name: "offset", in: "path" } }),
    }),
    body: {
      required: false,
      content: {
        "application/json": {
          schema: z.object({
            force: z.boolean().default(false).openapi({ description: "Replay again though it was replayed" }),
          }),
        },
      },
    },
  },
  responses: {
    201: { description: "Replayed", content: { "application/json": { schema: Replay } } },
    404: problemResponse("No such dead letter"),
    409: problemResponse("Already replayed; send force: true to replay it again"),
    503: problemResponse("The hub runs without its streams"),
    ...errorResponses,
  },
});

export function registerReplay(app: App): void {
  app.openapi(route, async (c) => {
    const { partition, offset } = c.req.valid("param");
    const force = (c.req.valid("json") as { force?: boolean } | undefined)?.force ?? false;
    const services = c.get("services");
    const operator = c.get("operator");
    const streams = runningStreams(services);
    const topic = deadLetterTopicOf(streams);
    const message = await findDeadLetter(streams.admin, topic, partition, offset);
    if (!message)
      throw new DomainError(
        "not_found",
        "dead-letter-not-found",
        `No dead letter at ${topic} ${partition}/${offset}`,
      );
    const view = readDeadLetter(message.headers);
    // One replay at a time per dead letter: the check, the send and the record are one step.
    const row = await services.db.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`${topic}/${partition}/${offset}`}))`);
      const same = and(
        eq(deadLetterReplays.deadLetterTopic, topic),
        eq(deadLetterReplays.partition, partition),
        eq(deadLetterReplays.offset, offset),
      );
      const [earlier] = await tx.select().from(deadLetterReplays).where(same).limit(1);
      if (earlier && !force)
        throw new DomainError(
          "conflict",
          "already-replayed",
          `Replayed at ${earlier.replayedAt.toISOString()}; send force: true to replay it again`,
        );
      const [inserted] = await tx
        .insert(deadLetterReplays)
        .values({
          deadLetterTopic: topic,
          partition,
          offset,
          originTopic: view.originTopic,
          reason: view.reason,
          operatorId: operator.id,
          forced: Boolean(earlier),
        })
        .returning();
      await replayDeadLetter(streams.producer, message);
      return inserted!;
    });
    return c.json(
      {
        partition,
        offset,
        originTopic: row.originTopic,
        replayedAt: row.replayedAt.toISOString(),
        operatorId: row.operatorId,
        forced: row.forced,
      },
      201,
    );
  });
}
