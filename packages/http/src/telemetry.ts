import { register } from "node:module";
import type { SpanProcessor } from "@opentelemetry/sdk-trace";

/**
 * The OpenTelemetry Node SDK of a service: HTTP and kafkajs instrumentations, W3C trace context,
 * spans exported over OTLP as the standard OTEL_* variables say (OTEL_EXPORTER_OTLP_ENDPOINT,
 * OTEL_TRACES_EXPORTER, OTEL_EXPORTER_OTLP_PROTOCOL, …).
 *
 * Off unless an exporter is configured (OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT
 * or OTEL_TRACES_EXPORTER) or a test passes its own span processors: a developer's machine and the
 * tests have no collector to send to, and the loader hook costs start-up time.
 *
 * Call it before http and kafkajs are imported (main.ts imports the service itself only after it):
 * the instrumentations patch those modules as they load.
 */
export interface TelemetryOptions {
  service: string;
  version?: string;
  /** The city node's city code, as the resource attribute pes.city_code. */
  cityCode?: string;
  /** In place of the OTLP exporter, e.g. an in-memory exporter's processor in a test. */
  spanProcessors?: SpanProcessor[];
  env?: NodeJS.ProcessEnv;
}

export interface Telemetry {
  readonly enabled: boolean;
  /** Flushes the spans not yet exported and stops the SDK. */
  shutdown(): Promise<void>;
}

const OFF: Telemetry = { enabled: false, shutdown: async () => {} };
let current: Telemetry = OFF;

export function telemetryWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OTEL_SDK_DISABLED === "true") return false;
  if (env.OTEL_TRACES_EXPORTER) return env.OTEL_TRACES_EXPORTER !== "none";
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

let hooked = false;

export async function startTelemetry(opts: TelemetryOptions): Promise<Telemetry> {
  if (current.enabled) return current;
  if (!opts.spanProcessors && !telemetryWanted(opts.env)) return OFF;

  // ESM imports of kafkajs and node:http pass through import-in-the-middle, so the instrumentations
  // can patch them; only those modules, so the rest loads as it would without tracing.
  if (!hooked) {
    register("@opentelemetry/instrumentation/hook.mjs", import.meta.url, {
      data: { include: ["kafkajs", "http", "https", "node:http", "node:https"] },
    });
    hooked = true;
  }
  // Loaded only now: with tracing off a service never loads the SDK.
  const [{ NodeSDK }, { resourceFromAttributes }, { HttpInstrumentation }, { KafkaJsInstrumentation }] =
    await Promise.all([
      import("@opentelemetry/sdk-node"),
      import("@opentelemetry/resources"),
      import("@opentelemetry/instrumentation-http"),
      import("@opentelemetry/instrumentation-kafkajs"),
    ]);

  const sdk = new NodeSDK({
    serviceName: opts.service,
    resource: resourceFromAttributes({
      "service.name": opts.service,
      ...(opts.version ? { "service.version": opts.version } : {}),
      ...(opts.cityCode ? { "pes.city_code": opts.cityCode } : {}),
    }),
    // Without spanProcessors the SDK builds the exporter from OTEL_* (OTLP over HTTP by default).
    ...(opts.spanProcessors ? { spanProcessors: opts.spanProcessors } : {}),
    instrumentations: [
      new HttpInstrumentation({
        // Probes every few seconds would bury the requests worth seeing.
        ignoreIncomingRequestHook: (req) => req.url === "/healthz" || req.url === "/readyz",
      }),
      new KafkaJsInstrumentation(),
    ],
  });
  sdk.start();
  current = {
    enabled: true,
    async shutdown() {
      current = OFF;
      await sdk.shutdown();
    },
  };
  return current;
}

/**
 * Flushes and stops the SDK if one runs, giving up after `timeoutMs`: an unreachable collector must
 * not hold a stopping service past its shutdown grace.
 */
export async function shutdownTelemetry(timeoutMs = 5_000): Promise<void> {
  const telemetry = current;
  if (!telemetry.enabled) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    telemetry.shutdown().catch(() => {}),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
      timer.unref();
    }),
  ]);
  clearTimeout(timer);
}
