import { context, SpanKind, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import {
  ATTR_MESSAGING_CONSUMER_GROUP_NAME,
  ATTR_MESSAGING_DESTINATION_NAME,
  ATTR_MESSAGING_DESTINATION_PARTITION_ID,
  ATTR_MESSAGING_KAFKA_OFFSET,
  ATTR_MESSAGING_OPERATION_TYPE,
  ATTR_MESSAGING_SYSTEM,
} from "@opentelemetry/semantic-conventions/incubating";
import { inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IncomingEvent } from "../src/consumer/runner.js";
import { rowsOf } from "../src/db/rows.js";
import { writeToOutbox } from "../src/outbox/write.js";
import { waitFor } from "../src/testing/index.js";
import { type Pipeline, PRODUCER, personEvent, receivedCount, setupPipeline } from "./harness.js";
import * as schema from "./schema.js";

describe("trace context rides with the record", () => {
  const exporter = new InMemorySpanExporter();
  let p: Pipeline;
  let q: Pipeline;
  beforeAll(async () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    trace.setGlobalTracerProvider(
      new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] }),
    );
    [p, q] = await Promise.all([setupPipeline("trace"), setupPipeline("tracebatch")]);
  });
  afterAll(async () => {
    await Promise.all([p?.close(), q?.close()]);
    trace.disable();
    context.disable();
  });

  it("the consumer's span is a child of the span that wrote the outbox row", async () => {
    const tracer = trace.getTracer("test");
    const requestSpanId = await tracer.startActiveSpan("POST /v1/registrations", async (span) => {
      await p.db.transaction((tx) => writeToOutbox(tx, [personEvent(p.topic, 1, 1)], PRODUCER.sealer));
      span.end();
      return span.spanContext();
    });
    p.relay().start();
    await p.consumer().start();
    await waitFor(async () => (await receivedCount(p)) === 1);
    const consumerSpan = await waitFor(() =>
      exporter.getFinishedSpans().find((s) => s.name === "process service-record"),
    );
    // request → the relay's PRODUCER span → the consumer's span, one trace, and one producer span.
    const producerSpans = exporter.getFinishedSpans().filter((s) => s.kind === SpanKind.PRODUCER);
    expect(producerSpans.map((s) => s.name)).toEqual([`publish ${p.topic}`]);
    expect(producerSpans[0]!.spanContext().traceId).toBe(requestSpanId.traceId);
    expect(producerSpans[0]!.parentSpanContext?.spanId).toBe(requestSpanId.spanId);
    expect(consumerSpan.spanContext().traceId).toBe(requestSpanId.traceId);
    expect(consumerSpan.parentSpanContext?.spanId).toBe(producerSpans[0]!.spanContext().spanId);
    // The semantic conventions' messaging attributes: what a tracing backend groups and links by.
    expect(producerSpans[0]!.attributes).toMatchObject({
      [ATTR_MESSAGING_SYSTEM]: "kafka",
      [ATTR_MESSAGING_DESTINATION_NAME]: p.topic,
      [ATTR_MESSAGING_OPERATION_TYPE]: "send",
    });
    expect(consumerSpan.attributes).toMatchObject({
      [ATTR_MESSAGING_SYSTEM]: "kafka",
      [ATTR_MESSAGING_DESTINATION_NAME]: p.topic,
      [ATTR_MESSAGING_OPERATION_TYPE]: "process",
      [ATTR_MESSAGING_CONSUMER_GROUP_NAME]: p.group,
    });
    // The partition and offset the record was read from, as the inbox kept them.
    const [read] = rowsOf<{ partition: number; offset: string }>(
      await p.db.execute(
        sql`select partition, "offset"::text as "offset" from pes_inbox where event_id = ${consumerSpan.attributes["cloudevents.event_id"]}`,
      ),
    );
    expect(consumerSpan.attributes[ATTR_MESSAGING_DESTINATION_PARTITION_ID]).toBe(String(read!.partition));
    expect(consumerSpan.attributes[ATTR_MESSAGING_KAFKA_OFFSET]).toBe(Number(read!.offset));
    // Never the record's key, not even a pseudonymous one: a forger's key reaches the span too.
    expect(Object.keys(consumerSpan.attributes)).not.toContain("messaging.kafka.message.key");
  });

  it("what a batch handler writes because of a record goes on in that record's consumer span", async () => {
    const tracer = trace.getTracer("test");
    // Two requests, one person: both records on one partition, so the consumer gets them in one batch.
    const requests = [];
    for (const seq of [1, 2])
      requests.push(
        await tracer.startActiveSpan(`POST ${seq}`, async (span) => {
          const [id] = await q.db.transaction((tx) =>
            writeToOutbox(tx, [personEvent(q.topic, 1, seq)], PRODUCER.sealer),
          );
          span.end();
          return { eventId: id!, span: span.spanContext() };
        }),
      );
    expect(await q.relay().publishBatch()).toBe(2);

    // The batch answers each record with a record of its own, as the hub's flow-back does.
    const batches: number[] = [];
    const answers = new Map<string, string>();
    await q
      .consumer({
        handle: undefined,
        handleBatch: async (tx, events: IncomingEvent[]) => {
          batches.push(events.length);
          const ids = await writeToOutbox(
            tx,
            events.map((e) => ({ ...personEvent(`${q.topic}.answers`, 2, 1), trace: e.trace })),
            PRODUCER.sealer,
          );
          for (const [i, e] of events.entries()) answers.set(e.attributes.id, ids[i]!);
        },
      })
      .start();
    const rows = await waitFor(
      async () => {
        if (answers.size < 2) return undefined;
        const rows = await q.db
          .select()
          .from(schema.outbox)
          .where(inArray(schema.outbox.eventId, [...answers.values()]));
        return rows.length === 2 ? rows : undefined;
      },
      { what: "both records answered" },
    );
    expect(batches).toEqual([2]);
    const consumerSpans = exporter
      .getFinishedSpans()
      .filter((s) => s.kind === SpanKind.CONSUMER && s.attributes["messaging.destination.name"] === q.topic);
    for (const { eventId, span: request } of requests) {
      const consumer = consumerSpans.find((s) => s.attributes["cloudevents.event_id"] === eventId)!;
      expect(consumer.spanContext().traceId).toBe(request.traceId);
      const answer = rows.find((r) => r.eventId === answers.get(eventId))!;
      // Its own record's consumer span, not the batch's first one.
      expect(answer.traceparent).toBe(`00-${request.traceId}-${consumer.spanContext().spanId}-01`);
    }
  });
});
