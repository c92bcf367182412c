import { randomUUID } from "node:crypto";
import { SpanKind } from "@opentelemetry/api";
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { startTelemetry, type Telemetry } from "@pes/http/telemetry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Per run: records an earlier run left on the broker fail this hub's person-key check and are not applied.
const SECRET = `trace-person-key-secret-${randomUUID()}`;

/**
 * One process, as a service runs it: the SDK with its instrumentations starts first (spans into
 * memory instead of OTLP), then the city node serves real HTTP, its relay publishes, the hub consumes.
 */
describe("one trace from the city node's request to the hub's consumer", () => {
  const exporter = new InMemorySpanExporter();
  let telemetry: Telemetry;
  const closers: Array<() => Promise<unknown>> = [];
  let baseUrl: string;
  let clerk: { headers: Record<string, string> };

  beforeAll(async () => {
    telemetry = await startTelemetry({
      service: "trace-test",
      cityCode: "350200",
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
    // Imported after the SDK started, as main.ts does, so http and kafkajs load instrumented.
    const { startServer } = await import("@pes/http");
    const { createKafka, PiiCipher, provisionTopics } = await import("@pes/sync");
    const { createTestDatabase, TEST_BROKERS } = await import("@pes/sync/testing");
    const { openAppDatabase: openHubDatabase } = await import("../../src/db/index.js");
    const { startIngest } = await import("../../src/streams/runtime.js");
    const city = "../../../city-node";
    const { createApp } = await import(`${city}/src/app.js`);
    const { openAppDatabase: openCityDatabase } = await import(`${city}/src/db/index.js`);
    const { startStreams } = await import(`${city}/src/streams/runtime.js`);
    const { staffWithToken, testServices } = await import(`${city}/test/support/services.js`);
    const { createKafkaProbe } = await import("@pes/http");

    const admin = createKafka({ brokers: TEST_BROKERS, clientId: "trace-test" }).admin();
    await admin.connect();
    await provisionTopics(admin, { cities: ["350200"], markets: [] });
    await admin.disconnect();

    const hubTestDb = await createTestDatabase("tracehub");
    const hubDb = await openHubDatabase({ databaseUrl: hubTestDb.url, dataDir: "/nonexistent" });
    const hub = await startIngest(hubDb, {
      kafkaBrokers: TEST_BROKERS,
      personKeySecret: SECRET,
      cipher: new PiiCipher(Buffer.alloc(32, 9).toString("base64")),
      groupId: `trace-hub-${randomUUID()}`,
      extensions: [],
    });
    closers.push(
      hubTestDb.drop,
      () => hubDb.close(),
      () => hub.stop(),
    );

    const cityTestDb = await createTestDatabase("tracecity");
    const cityDb = await openCityDatabase({
      databaseUrl: cityTestDb.url,
      dataDir: "/nonexistent",
      cityCode: "350200",
    });
    const probe = createKafkaProbe({ clientId: "trace-city", brokers: TEST_BROKERS });
    const base = testServices({ cityCode: "350200", cityName: "厦门" }, cityDb, probe);
    const services = { ...base, vault: { ...base.vault, personKeySecret: SECRET } };
    const streams = await startStreams(
      { cityCode: "350200", kafkaBrokers: TEST_BROKERS },
      cityDb,
      services,
      () => {},
      {
        groupId: `trace-city-${randomUUID()}`,
      },
    );
    closers.push(
      cityTestDb.drop,
      () => cityDb.close(),
      () => probe.close(),
      () => streams.stop(),
    );
    clerk = await staffWithToken(cityDb, "clerk", "350203");
    // A real HTTP server: the http instrumentation sees only requests that come through one.
    const server = await startServer(createApp(services), { port: 0, hostname: "127.0.0.1" });
    closers.push(() => server.close());
    baseUrl = `http://127.0.0.1:${server.port}`;
  }, 120_000);

  afterAll(async () => {
    for (const close of closers.toReversed()) await close().catch(() => {});
    await telemetry?.shutdown();
  });

  it("spans the node's SERVER span, the relay's PRODUCER span and the hub's CONSUMER span", async () => {
    const { waitFor } = await import("@pes/sync/testing");
    const { makeResidentId } = await import("@pes/schemas");
    const res = await fetch(`${baseUrl}/v1/unemployment-registrations`, {
      method: "POST",
      headers: { ...clerk.headers, "content-type": "application/json" },
      body: JSON.stringify({
        person: {
          idNumber: makeResidentId("350203", "1990-03-07", 481),
          name: "陈明",
          divisionCode: "350203001001",
        },
        ableToWork: true,
        wantsWork: true,
        currentlyEmployed: false,
        placeBasis: "residence",
        servicePointId: "sp-trace",
        appliedOn: "2025-09-26",
      }),
    });
    expect(res.status, await res.clone().text()).toBe(201);

    const spans = () => exporter.getFinishedSpans();
    const server = await waitFor(() =>
      spans().find((s) => s.kind === SpanKind.SERVER && s.name.startsWith("POST")),
    );
    const traceId = server.spanContext().traceId;
    const inTrace = (kind: SpanKind) =>
      spans().filter((s) => s.kind === kind && s.spanContext().traceId === traceId);
    const consumer = await waitFor(
      () => inTrace(SpanKind.CONSUMER).find((s) => s.name.startsWith("process ")),
      {
        // The hub's new group reads each topic from its start: what earlier runs left there comes first.
        timeoutMs: 150_000,
        what: "the hub's consumer span in the request's trace",
      },
    ).catch((e) => {
      // Which spans there were, to see where the trace broke.
      const seen = spans().map((s) => `${SpanKind[s.kind]} ${s.name} ${s.spanContext().traceId}`);
      throw new Error(`${(e as Error).message}; spans:\n${seen.join("\n")}`);
    });

    // One producer span per record, no second one from the kafkajs instrumentation, and the chain
    // request → relay → hub unbroken.
    const producers = inTrace(SpanKind.PRODUCER);
    expect(producers.length).toBeGreaterThan(0);
    expect(producers.every((s) => s.name.startsWith("publish "))).toBe(true);
    const byId = new Map<string, ReadableSpan>(spans().map((s) => [s.spanContext().spanId, s]));
    const parent = byId.get(consumer.parentSpanContext!.spanId);
    expect(parent?.kind).toBe(SpanKind.PRODUCER);
    expect(parent?.parentSpanContext?.spanId).toBe(server.spanContext().spanId);
    expect(consumer.resource.attributes["pes.city_code"]).toBe("350200");
  }, 180_000);
});
