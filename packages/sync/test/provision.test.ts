import { concreteTopics, FUJIAN_CITIES, parseTopic, topics } from "@pes/schemas";
import { ConfigResourceTypes } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKafka } from "../src/kafka.js";
import { DEFAULT_MARKETS, provisionTopics, topicEnsurer } from "../src/provision.js";
import { TEST_BROKERS } from "../src/testing/index.js";

describe("topic provisioning from the catalogue", () => {
  const admin = createKafka({ brokers: TEST_BROKERS, clientId: "test-provision" }).admin();
  beforeAll(() => admin.connect());
  afterAll(() => admin.disconnect());

  it("creates every catalogue topic with its partitions, retention and min.insync.replicas, and is safe to run again", async () => {
    await provisionTopics(admin);
    const second = await provisionTopics(admin);
    expect(second.created).toEqual([]);

    const wanted = concreteTopics(Object.keys(FUJIAN_CITIES), DEFAULT_MARKETS);
    const existing = new Set(await admin.listTopics());
    for (const t of wanted) expect(existing, t.name).toContain(t.name);

    const { topics: meta } = await admin.fetchTopicMetadata({
      topics: [topics.cityPerson("350200"), topics.deadLetters()],
    });
    expect(meta.find((t) => t.name === topics.cityPerson("350200"))!.partitions).toHaveLength(6);

    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [
        {
          type: ConfigResourceTypes.TOPIC,
          name: topics.flowbackCity("350500"),
          configNames: ["retention.ms", "min.insync.replicas"],
        },
      ],
    });
    const cfg = Object.fromEntries(resources[0]!.configEntries.map((e) => [e.configName, e.configValue]));
    expect(cfg).toEqual({ "retention.ms": String(30 * 24 * 3600 * 1000), "min.insync.replicas": "1" });
  });

  it("enrols a market with its own topics: the events and receipts it writes and the flow-back it reads, nobody else's", async () => {
    const market = `e-${Date.now().toString(36)}`;
    const own = [topics.gigEvents(market), topics.gigReceipts(market), topics.flowbackGig(market)];
    try {
      // What `pnpm enrol market <id>` provisions.
      const { created } = await provisionTopics(admin, { cities: [], markets: [market] });
      expect(created).toEqual(expect.arrayContaining(own));
      // Besides its own, at most a fixed topic a fresh broker lacked: no city's, no other market's.
      expect(
        created.filter((t) => !own.includes(t)).every((t) => !/\{/.test(parseTopic(t)!.family.pattern)),
      ).toBe(true);
      const { topics: meta } = await admin.fetchTopicMetadata({ topics: [topics.gigEvents(market)] });
      expect(meta[0]!.partitions).toHaveLength(6);
    } finally {
      await admin.deleteTopics({ topics: own }).catch(() => undefined);
    }
  });

  it("creates the flow-back topic of a market the relay has not seen, with the catalogue's partitions", async () => {
    const market = `m-${Date.now().toString(36)}`;
    const topic = topics.flowbackGig(market);
    const ensure = topicEnsurer(admin);
    await ensure([topic, topics.deadLetters(), "not-a-catalogue-topic"]);
    const existing = await admin.listTopics();
    expect(existing).toContain(topic);
    expect(existing).not.toContain("not-a-catalogue-topic");
    const { topics: meta } = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(meta[0]!.partitions).toHaveLength(3);
    await ensure([topic]); // checked once: no second look-up, no error
  });
});
