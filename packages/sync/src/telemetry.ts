import {
  type Context,
  context,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";

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

export function captureTraceContext(ctx: Context = context.active()): {
  traceparent?: string;
  tracestate?: string;
} {
  const carrier: Carrier = {};
  propagator.inject(ctx, carrier, setter);
  return carrier;
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
