import { randomUUID } from "node:crypto";
import { SpanKind } from "@opentelemetry/api";
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from "@opentelemetry/sdk-trace";
import { startTelemetry, type Telemetry } from "@pes/http/telemetry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Per run: records an earlier run left on the broker fail this hub's person-key check and are not applied.
const SECRET = `trace-person-key-secret-${randomUUID()}`;

/**
 * One process, as a service runs it: the SDK with its instrumentations starts first (spans into
 * memory instead of OTLP), then the city node serves real HTTP, its relay publishes, the hub consumes,
 * the hub's relay publishes the flow-back and the city node's consumer applies it; a gig market's
 * relay publishes its gig work to the hub and its flow-back consumer applies what the hub sends it.
 */
describe("one trace from the city node's request to the hub and back", () => {
  const exporter = new InMemorySpanExporter();
  let telemetry: Telemetry;
  const closers: Array<() => Promise<unknown>> = [];
  let baseUrl: string;
  let clerk: { headers: Record<string, string> };
  const hubGroup = `trace-hub-${randomUUID()}`;
  const cityGroup = `trace-city-${randomUUID()}`;
  const marketGroup = `trace-market-${randomUUID()}`;
  /** The city node's flow-back notices of a person. */
  let noticesOf: (personKey: string) => Promise<Array<Record<string, unknown>>>;
  /** The gig market service, called as this run's market of 思明; its posting of that district. */
  let gig: {
    ids: { siming: string };
    post(path: string, body: unknown): Promise<{ status: number; text: string; body: unknown }>;
    get(path: string): Promise<{ status: number; text: string; body: unknown }>;
  };
  let gigPosting: () => Record<string, unknown>;
  /** The districts the hub has learned a market serves, from its gig events; undefined before. */
  let hubAreaOf: (marketId: string) => Promise<string[] | undefined>;

  beforeAll(async () => {
    telemetry = await startTelemetry({
      service: "trace-test",
      cityCode: "350200",
      spanProcessors: [new SimpleSpanProcessor({ exporter })],
    });
    // Imported after the SDK started, as main.ts does, so http and kafkajs load instrumented.
    const { startServer } = await import("@pes/http");
    const { createKafka, PiiCipher, provisionTopics } = await import("@pes/sync");
    const { eq } = await import("drizzle-orm");
    const { startGroupAtEnd, TEST_BROKERS } = await import("@pes/sync/testing");
    const { topics } = await import("@pes/schemas");
    // Each service through its test kit (its package's "./testing" export).
    const hubKit = await import("@pes/province-hub/testing");
    const { gigMarkets, gigMarketsExtension, needsFlowbackExtension, startIngest, TEST_TRUST } = hubKit;
    const cityKit = await import("@pes/city-node/testing");
    const { createApp, flowbackNotices, staffWithToken, startStreams, testServices } = cityKit;
    const { createKafkaProbe } = await import("@pes/http");
    const gigKit = await import("@pes/gig-market/testing");
    const { posting, runIds, startFlowback, startRelay } = gigKit;
    const marketIds: { siming: string; jinjiang: string } = runIds();

    const admin = createKafka({ brokers: TEST_BROKERS, clientId: "trace-test" }).admin();
    await admin.connect();
    // This run's markets are enrolled before the hub starts: their own pes.gig.{market}.events exist.
    await provisionTopics(admin, { cities: ["350200"], markets: [marketIds.siming, marketIds.jinjiang] });
    // The hub and the city node read only what this run sends: the shared topics keep every earlier
    // run's records (tens of thousands on 厦门's person topic), which new groups would read, and
    // refuse, first.
    await startGroupAtEnd(admin, hubGroup, hubKit.INGEST_TOPICS);
    await startGroupAtEnd(admin, cityGroup, [topics.flowbackCity("350200")]);
    await admin.disconnect();

    const hubTestDb = await hubKit.testDatabase("tracehub");
    const hubDb = hubTestDb.db;
    const cipher = new PiiCipher(Buffer.alloc(32, 9).toString("base64"));
    const hub = await startIngest(hubDb, {
      kafkaBrokers: TEST_BROKERS,
      personKeySecret: SECRET,
      cipher,
      trust: TEST_TRUST,
      groupId: hubGroup,
      // The markets' areas first, as run.ts orders them; then the service-needed notice to the city
      // and the work-needed notice to the markets: the flow-backs whose traces the tests follow.
      // Only this run's markets are learned: the broker keeps earlier runs' gig events, and their
      // markets would be sent this run's persons too.
      extensions: [
        (tx, chunk) =>
          gigMarketsExtension(tx, {
            ...chunk,
            records: chunk.records.filter((r) => r.data.marketId === marketIds.siming),
          }),
        needsFlowbackExtension({ cipher, sealer: TEST_TRUST.sealer }),
      ],
    });
    closers.push(
      () => hubTestDb.close(),
      () => hub.close(),
    );
    hubAreaOf = async (marketId) => {
      const [row] = await hubDb.db.select().from(gigMarkets).where(eq(gigMarkets.marketId, marketId));
      return row?.districtCodes;
    };

    const cityTestDb = await cityKit.testDatabase("tracecity", "350200");
    const cityDb = cityTestDb.db;
    const probe = createKafkaProbe({ clientId: "trace-city", brokers: TEST_BROKERS });
    const base = testServices({ cityCode: "350200", cityName: "厦门" }, cityDb, probe);
    const services = { ...base, vault: { ...base.vault, personKeySecret: SECRET } };
    const streams = await startStreams(
      { cityCode: "350200", kafkaBrokers: TEST_BROKERS },
      cityDb,
      services,
      () => {},
      {
        groupId: cityGroup,
      },
    );
    closers.push(
      () => cityTestDb.close(),
      () => probe.close(),
      () => streams.close(),
    );
    clerk = await staffWithToken(cityDb, "clerk", "350203");
    // A real HTTP server: the http instrumentation sees only requests that come through one.
    const server = await startServer(createApp(services), { port: 0, hostname: "127.0.0.1" });
    closers.push(() => server.close());
    baseUrl = `http://127.0.0.1:${server.port}`;
    noticesOf = (personKey) =>
      cityDb.db.select().from(flowbackNotices).where(eq(flowbackNotices.personKey, personKey));

    // The gig market service: markets of this run only, its relay to their pes.gig.{market}.events and its
    // flow-back consumer (in a group of this run) on the served markets' pes.flowback.gig.{market}.
    const gigService = await gigKit.testApp("tracegig", { ids: marketIds });
    closers.push(() => gigService.close());
    const onError = () => {};
    // The relay signs as the markets, the flow-back consumer verifies and opens: the services' trust.
    const relay = await startRelay({ kafkaBrokers: TEST_BROKERS }, gigService.services, onError);
    closers.push(() => relay.close());
    const flowback = await startFlowback(
      { kafkaBrokers: TEST_BROKERS, consumerGroup: marketGroup },
      gigService.services,
      onError,
    );
    closers.push(() => flowback.close());
    gig = gigService;
    gigPosting = posting;
  }, 120_000);

  afterAll(async () => {
    for (const close of closers.toReversed()) await close().catch(() => {});
    await telemetry?.shutdown();
  });

  it("spans the node's SERVER span, the relay's PRODUCER span and the hub's CONSUMER span", async () => {
    const { waitFor } = await import("@pes/sync/testing");
    const { person } = await import("./support/person.js");
    const res = await fetch(`${baseUrl}/v1/unemployment-registrations`, {
      method: "POST",
      headers: { ...clerk.headers, "content-type": "application/json" },
      body: JSON.stringify({
        person: {
          idNumber: person(481).idNumber,
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

  /** Applies for a person of 思明 at the city node and registers them; the registration's id. */
  async function registerPerson(idNumber: string, name: string): Promise<string> {
    const post = (path: string, body: unknown) =>
      fetch(`${baseUrl}${path}`, {
        method: "POST",
        headers: { ...clerk.headers, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const applied = await post("/v1/unemployment-registrations", {
      person: { idNumber, name, divisionCode: "350203001001" },
      ableToWork: true,
      wantsWork: true,
      currentlyEmployed: false,
      placeBasis: "residence",
      servicePointId: "sp-trace",
      appliedOn: "2025-09-26",
    });
    expect(applied.status, await applied.clone().text()).toBe(201);
    const { id } = (await applied.json()) as { id: string };
    // Registered and served nothing yet: the hub owes the person the 131 services and tells the city
    // and the gig markets of the person's district.
    const registered = await post(`/v1/unemployment-registrations/${id}/register`, {
      registeredOn: "2025-09-29",
    });
    expect(registered.status, await registered.clone().text()).toBe(200);
    return id;
  }

  /**
   * The span that applied a flow-back (`applying`, found in the trace of the request registering
   * `registrationId`) and its ancestors, each the parent of the next: city SERVER → city relay
   * PRODUCER → hub CONSUMER → hub relay PRODUCER → the applying CONSUMER. Looked up as one, so each
   * span has ended when the chain is read.
   */
  async function flowbackChain(registrationId: string, applying: (s: ReadableSpan) => boolean, what: string) {
    const { waitFor } = await import("@pes/sync/testing");
    const spans = () => exporter.getFinishedSpans();
    const path = (s: ReadableSpan) => String(s.attributes["url.path"] ?? s.attributes["http.target"] ?? "");
    const server = await waitFor(() =>
      spans().find((s) => s.kind === SpanKind.SERVER && path(s).endsWith(`/${registrationId}/register`)),
    );
    const traceId = server.spanContext().traceId;
    const chain = await waitFor(
      () => {
        const inTrace = spans().filter((s) => s.spanContext().traceId === traceId);
        const byId = new Map(inTrace.map((s) => [s.spanContext().spanId, s]));
        const parentOf = (s: ReadableSpan | undefined) =>
          s?.parentSpanContext ? byId.get(s.parentSpanContext.spanId) : undefined;
        const consumer = inTrace.find((s) => s.kind === SpanKind.CONSUMER && applying(s));
        const hubProducer = parentOf(consumer);
        const hubConsumer = parentOf(hubProducer);
        const cityProducer = parentOf(hubConsumer);
        return consumer && hubProducer && hubConsumer && cityProducer
          ? { applying: consumer, hubProducer, hubConsumer, cityProducer }
          : undefined;
      },
      { timeoutMs: 150_000, what },
    ).catch((e) => {
      const seen = spans().map((s) => `${SpanKind[s.kind]} ${s.name} ${s.spanContext().traceId}`);
      throw new Error(`${(e as Error).message}; spans:\n${seen.join("\n")}`);
    });

    // The leg up, the same for every flow-back: the node's request, its relay, the hub applying it.
    const { topics } = await import("@pes/schemas");
    const { hubProducer, hubConsumer, cityProducer } = chain;
    expect(cityProducer.kind).toBe(SpanKind.PRODUCER);
    expect(cityProducer.name).toBe(`publish ${topics.cityPerson("350200")}`);
    expect(cityProducer.parentSpanContext?.spanId).toBe(server.spanContext().spanId);
    expect(hubConsumer.kind).toBe(SpanKind.CONSUMER);
    expect(hubConsumer.name).toBe("process unemployment-registration");
    expect(hubConsumer.attributes["messaging.consumer.group.name"]).toBe(hubGroup);
    expect(hubProducer.kind).toBe(SpanKind.PRODUCER);
    for (const s of Object.values(chain)) expect(s.spanContext().traceId).toBe(traceId);
    return chain;
  }

  it("goes on from the hub's CONSUMER span to its flow-back notice and the city node's CONSUMER span applying it", async () => {
    const { waitFor } = await import("@pes/sync/testing");
    const { personKeyOf, topics } = await import("@pes/schemas");
    const { person } = await import("./support/person.js");
    const { idNumber } = person(517, { birthDate: "1988-11-02" });
    const id = await registerPerson(idNumber, "林晓");

    const { applying, hubProducer } = await flowbackChain(
      id,
      (s) =>
        s.name === "process service-needed-notice" &&
        s.attributes["messaging.consumer.group.name"] === cityGroup,
      "the city node's consumer span of the notice, in the request's trace",
    );
    expect(hubProducer.name).toBe(`publish ${topics.flowbackCity("350200")}`);
    expect(applying.attributes["messaging.destination.name"]).toBe(topics.flowbackCity("350200"));

    // And the node applied it: the notice of the person's 131 shortfall is in its table.
    const [notice] = await waitFor(async () => {
      const rows = await noticesOf(personKeyOf(idNumber, SECRET));
      return rows.length > 0 ? rows : undefined;
    });
    expect(notice).toMatchObject({ type: "service-needed-notice", status: "open" });
    expect(notice!.data).toMatchObject({ reasons: ["131-shortfall"] });
    expect(notice!.data).toHaveProperty("shortfall131");
  }, 180_000);

  it("goes on from the hub's CONSUMER span to its work-needed notice and the gig market's CONSUMER span applying it", async () => {
    const { waitFor } = await import("@pes/sync/testing");
    const { maskResidentId, personKeyOf, topics } = await import("@pes/schemas");
    const { person } = await import("./support/person.js");
    const marketId = gig.ids.siming;
    // The hub learns a market's area from the gig work it publishes: a posting in 思明 (350203).
    const posted = await gig.post("/v1/postings", gigPosting());
    expect(posted.status, posted.text).toBe(201);
    expect(
      await waitFor(() => hubAreaOf(marketId), { timeoutMs: 150_000, what: "the hub knowing the market" }),
    ).toEqual(["350203"]);

    const { idNumber } = person(523, { birthDate: "1992-05-14" });
    const id = await registerPerson(idNumber, "黄磊");
    const { applying, hubProducer } = await flowbackChain(
      id,
      (s) =>
        s.name === "process work-needed-notice" &&
        s.attributes["messaging.consumer.group.name"] === marketGroup,
      "the gig market's consumer span of the notice, in the request's trace",
    );
    expect(hubProducer.name).toBe(`publish ${topics.flowbackGig(marketId)}`);
    expect(applying.attributes["messaging.destination.name"]).toBe(topics.flowbackGig(marketId));

    // And the market applied it: its flow-back feed lists the person (masked) as needing work.
    const key = personKeyOf(idNumber, SECRET);
    type Item = { kind: string; person: { key: string }; workNeeded: unknown };
    const item = await waitFor(
      async () => {
        const feed = await gig.get("/v1/flowback?kind=work-needed-notice");
        expect(feed.status, feed.text).toBe(200);
        return (feed.body as { items: Item[] }).items.find((i) => i.person.key === key);
      },
      { what: "the person's notice in the market's flow-back feed" },
    );
    expect(item).toMatchObject({
      kind: "work-needed-notice",
      person: { key, idNumber: maskResidentId(idNumber), name: "黄*" },
      workNeeded: { status: "open", reasons: ["131-shortfall"], areaCode: "350203" },
    });
  }, 180_000);
});
