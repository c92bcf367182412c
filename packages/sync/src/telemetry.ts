import {
  type Context,
  context,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from "@opentelemetry/api";
import { suppressTracing, W3CTraceContextPropagator } from "@opentelemetry/core";
import {
  ATTR_MESSAGING_DESTINATION_NAME,
  ATTR_MESSAGING_OPERATION_TYPE,
  ATTR_MESSAGING_SYSTEM,
  MESSAGING_OPERATION_TYPE_VALUE_SEND,
  MESSAGING_SYSTEM_VALUE_KAFKA,
} from "@opentelemetry/semantic-conventions/incubating";

/**
 * W3C trace context travels with each record: stored on its outbox row, carried as Kafka headers,
 * restored by the consumer. The propagator is used directly, not the global one, so the context
 * goes through even when a service has not registered an SDK.
 */
const propagator = new W3CTraceContextPropagator();
const tracer = trace.getTracer("@pes/sync");

type Carrier = Record<string, string>;
const setter = {
  set(c: Carrier, k: string, v: string) {
    c[k] = v;
  },
};
const getter = {
  get: (c: Carrier, k: string) => c[k],
  keys: (c: Carrier) => Object.keys(c),
};

/** A W3C trace context as it is stored on an outbox row and carried in a record's headers. */
export interface TraceHeaders {
  traceparent?: string;
  tracestate?: string;
}

export function captureTraceContext(ctx: Context = context.active()): TraceHeaders {
  const carrier: Carrier = {};
  propagator.inject(ctx, carrier, setter);
  return carrier;
}

/**
 * The context of `span` as headers: what a record written because of the span's work carries, so
 * its trace goes on from that span. Without an SDK the span is its parent's context, which goes on.
 */
export function traceHeadersOf(span: Span): TraceHeaders {
  return captureTraceContext(trace.setSpan(ROOT_CONTEXT, span));
}

export function contextFromHeaders(headers: Carrier): Context {
  return propagator.extract(ROOT_CONTEXT, headers, getter);
}

/** Runs `fn` in a CONSUMER span whose parent is the trace that wrote the record. */
export function withConsumerSpan<T>(
  name: string,
  headers: Carrier,
  attributes: Record<string, string | number>,
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  return tracer.startActiveSpan(
    name,
    { kind: SpanKind.CONSUMER, attributes },
    contextFromHeaders(headers),
    async (span) => {
      try {
        return await fn(span);
      } catch (e) {
        span.recordException(e as Error);
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw e;
      } finally {
        span.end();
      }
    },
  );
}

/**
 * The relay's PRODUCER spans, one per record, each a child of the trace that wrote the record; each
 * record's headers are set to its span's context. `send` runs with tracing suppressed: the kafkajs
 * instrumentation would otherwise add a second producer span for each message, parented to the
 * relay's loop rather than the record's trace, and overwrite the traceparent header with it.
 */
export async function withProducerSpans<T>(
  messages: Array<{ topic: string; headers: Carrier; attributes?: Record<string, string | number> }>,
  send: () => Promise<T>,
): Promise<T> {
  const spans = messages.map(({ topic, headers, attributes }) => {
    const span = tracer.startSpan(
      `publish ${topic}`,
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          [ATTR_MESSAGING_SYSTEM]: MESSAGING_SYSTEM_VALUE_KAFKA,
          [ATTR_MESSAGING_DESTINATION_NAME]: topic,
          [ATTR_MESSAGING_OPERATION_TYPE]: MESSAGING_OPERATION_TYPE_VALUE_SEND,
          ...attributes,
        },
      },
      contextFromHeaders(headers),
    );
    // Without an SDK the span is the parent's context itself, so the headers stay as they were.
    delete headers.traceparent;
    delete headers.tracestate;
    propagator.inject(trace.setSpan(ROOT_CONTEXT, span), headers, setter);
    return span;
  });
  return covering(spans, () => context.with(suppressTracing(context.active()), send));
}

/**
 * CONSUMER spans for records applied together in one transaction (a batch handler): one per record,
 * each a child of its record's trace, all covering the batch's work. The batch runs in the first
 * record's span, so what it logs carries a trace id; `fn` gets each record's span context, for what
 * the batch writes to the outbox because of that record (the active context is only the first's).
 */
export async function withConsumerSpans<T>(
  name: (index: number) => string,
  records: Array<{ headers: Carrier; attributes: Record<string, string | number> }>,
  fn: (traces: TraceHeaders[]) => Promise<T>,
): Promise<T> {
  const spans = records.map(({ headers, attributes }, i) =>
    tracer.startSpan(name(i), { kind: SpanKind.CONSUMER, attributes }, contextFromHeaders(headers)),
  );
  const traces = spans.map(traceHeadersOf);
  const first = spans[0];
  return covering(spans, () =>
    first ? context.with(trace.setSpan(context.active(), first), () => fn(traces)) : fn(traces),
  );
}

/** Runs `work` under `spans`: each records a failure as its error, and all end when the work does. */
async function covering<T>(spans: Span[], work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    for (const span of spans) {
      span.recordException(e as Error);
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
    throw e;
  } finally {
    for (const span of spans) span.end();
  }
}
