import { randomUUID } from "node:crypto";
import { topics } from "@pes/schemas";
import { createKafka, provisionTopics } from "@pes/sync";
import { TEST_BROKERS, waitFor } from "@pes/sync/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRelay } from "../src/streams/runtime.js";
import { type GigApp, openAsProvince, posting, rows, testApp } from "./support/index.js";

interface Seen {
  key: string;
  source: string;
  data: { id: string; revision: number; status: string; marketId: string };
}

describe("the relay publishes postings to the market's own pes.gig.{market}.events", () => {
  const kafka = createKafka({ brokers: TEST_BROKERS, clientId: "gig-streams-test" });
  const topic = topics.gigEvents("xm-siming-gig");
  const watcher = kafka.consumer({ groupId: `gig-watch-${randomUUID()}` });
  const seen: Seen[] = [];
  let gig: GigApp;
  let relay: Awaited<ReturnType<typeof startRelay>>;

  beforeAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    await provisionTopics(admin, { cities: [], markets: ["xm-siming-gig"] });
    // Read from where the topic ends now: what earlier runs published is not this test's. A topic
    // just created (a fresh broker) may answer "not the leader" for a moment.
    const ends = await waitFor(() => admin.fetchTopicOffsets(topic), { what: `the end of ${topic}` });
    await admin.disconnect();
    await watcher.connect();
    await watcher.subscribe({ topic });
    await watcher.run({
      eachMessage: async ({ message }) => {
        seen.push({
          key: String(message.key),
          source: String(message.headers?.ce_source),
          // Sealed for the province: read as the province opens it.
          data: JSON.parse(openAsProvince(message.headers as Record<string, Buffer>, message.value)),
        });
      },
    });
    for (const { partition, offset } of ends) watcher.seek({ topic, partition, offset });
    gig = await testApp("streams");
    relay = await startRelay({ kafkaBrokers: TEST_BROKERS }, gig.services, () => {});
  });

  afterAll(async () => {
    await relay?.close();
    await watcher.disconnect();
    await gig?.close();
  });

  it("sends each revision once, in order, keyed by the posting and with the market as source", async () => {
    const { body } = await gig.post("/v1/postings", posting());
    await gig.patch(`/v1/postings/${body.id}`, { status: "filled" });
    await waitFor(
      async () => (await rows(gig.db, sql`select 1 from pes_outbox where published_at is null`)).length === 0,
      { what: "the outbox to be published" },
    );
    const mine = await waitFor(
      () => {
        const found = seen.filter((s) => s.key === body.id);
        return found.length >= 2 ? found : undefined;
      },
      { what: `both revisions on ${topic}` },
    );
    expect(mine.map((s) => [s.data.revision, s.data.status, s.source, s.data.marketId])).toEqual([
      [1, "open", "/gig/xm-siming-gig", "xm-siming-gig"],
      [2, "filled", "/gig/xm-siming-gig", "xm-siming-gig"],
    ]);
  });
});
