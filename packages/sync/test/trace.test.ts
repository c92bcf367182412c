import { context, SpanKind, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeToOutbox } from "../src/outbox/write.js";
import { waitFor } from "../src/testing/index.js";
import { type Pipeline, personEvent, receivedCount, setupPipeline } from "./harness.js";

describe("trace context rides with the record", () => {
  const exporter = new InMemorySpanExporter();
  let p: Pipeline;
  beforeAll(async () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    trace.setGlobalTracerProvider(
      new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
    );
    p = await setupPipeline("trace");
  });
  afterAll(async () => {
    await p?.close();
    trace.disable();
    context.disable();
  });

  it("the consumer's span is a child of the span that wrote the outbox row", async () => {
    const tracer = trace.getTracer("test");
    const requestSpanId = await tracer.startActiveSpan("POST /v1/registrations", async (span) => {
      await p.db.transaction((tx) => writeToOutbox(tx, [personEvent(p.topic, 1, 1)]));
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
    expect(consumerSpan.attributes["messaging.destination.name"]).toBe(p.topic);
  });
});
