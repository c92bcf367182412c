import { randomUUID } from "node:crypto";
import { decodeEvent, sourceOf, topics } from "@pes/schemas";
import { createKafka, createProducer, OutboxRelay, readTrusted, topicEnsurer } from "@pes/sync";
import { TEST_BROKERS, testTrust, waitFor } from "@pes/sync/testing";
import { sql } from "drizzle-orm";
import type { Consumer } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { person, provider, skillsPolicy, TEST_TRUST, type VoucherHub, voucherHub } from "../support/index.js";

let hub: VoucherHub;
let relay: OutboxRelay;
let consumer: Consumer;
const kafka = createKafka({ brokers: TEST_BROKERS, clientId: "test-voucher-relay" });
const producer = createProducer(kafka);
const admin = kafka.admin();
// A market the broker has never seen: its flow-back topic is created when the first notice goes out.
const market = `vm-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  hub = await voucherHub("vrelay");
  await Promise.all([producer.connect(), admin.connect()]);
  // The relay main.ts runs, with the same topic creation, signing as the province.
  relay = new OutboxRelay({
    db: hub.db.db,
    producer,
    ensureTopics: topicEnsurer(admin),
    signer: TEST_TRUST.ring,
    idleMs: 50,
  });
  relay.start();
});
afterAll(async () => {
  await consumer?.disconnect();
  await relay?.stop();
  await Promise.all([producer.disconnect(), admin.disconnect()]);
  await hub?.close();
});

describe("voucher events on the broker", () => {
  it("publishes every step as a voucher-event on pes.province.vouchers and the notices to the market's own topic", async () => {
    await hub.market(market);
    expect(
      (await hub.post("/v1/voucher-providers", provider(market, "gig-market", [hub.gatewayId]))).status,
    ).toBe(201);
    expect((await hub.post("/v1/voucher-policies", skillsPolicy("relay", [market]))).status).toBe(201);
    const who = person();
    await hub.onLedger(who, "rural-migrant");
    const { id } = (await hub.post("/v1/vouchers", { policyId: "relay", personKey: who.key })).body;
    expect(
      (await hub.post(`/v1/vouchers/${id}/claim`, { idNumber: who.idNumber }, hub.as.gateway)).status,
    ).toBe(200);
    const redeemed = await hub.post(
      `/v1/vouchers/${id}/redemption`,
      { providerId: market, personKey: who.key, serviceRef: "r-1" },
      hub.as.gateway,
    );
    expect(redeemed.status).toBe(200);

    await waitFor(
      async () =>
        (
          await hub.query<{ n: number }>(
            sql`select count(*)::int as n from pes_outbox where published_at is null`,
          )
        )[0]!.n === 0,
      { what: "the outbox published", timeoutMs: 30_000 },
    );
    expect(await admin.listTopics()).toContain(topics.flowbackGig(market));

    const seen: Array<{ topic: string; key: string; data: Record<string, unknown> }> = [];
    consumer = kafka.consumer({ groupId: `test-voucher-relay-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({
      topics: [topics.provinceVouchers(), topics.flowbackGig(market)],
      fromBeginning: true,
    });
    // Each receiver verifies the province's signature and opens what was sealed for it, as its consumer does.
    const receivers = {
      [topics.provinceVouchers()]: TEST_TRUST,
      [topics.flowbackGig(market)]: testTrust(sourceOf.gig(market)),
    };
    const refused: string[] = [];
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        const trusted = readTrusted(receivers[topic]!, { topic, ...message });
        if (trusted.ok !== true) {
          // The shared voucher topic keeps earlier runs' records, some from before records were sealed.
          if (topic === topics.flowbackGig(market))
            refused.push(trusted.ok === false ? `${trusted.reason}: ${trusted.detail}` : "no envelope");
          return;
        }
        const decoded = decodeEvent(message.headers, trusted.value);
        if (decoded.ok && (decoded.event.data as { voucherId?: string }).voucherId === id)
          seen.push({
            topic,
            key: message.key!.toString(),
            data: decoded.event.data as Record<string, unknown>,
          });
      },
    });
    await waitFor(() => seen.length >= 6, { what: "3 events and 3 market notices", timeoutMs: 60_000 });
    // Everything on the market's own (new) topic verifies as the province's and opens for the market.
    expect(refused).toEqual([]);
    const events = seen.filter((s) => s.topic === topics.provinceVouchers());
    expect(events.map((e) => [e.data.revision, (e.data.event as { type: string }).type])).toEqual([
      [1, "issued"],
      [2, "claimed"],
      [3, "redeemed"],
    ]);
    expect(events.every((e) => e.key === who.key)).toBe(true);
    const notices = seen.filter((s) => s.topic === topics.flowbackGig(market));
    expect(notices.map((n) => n.data.status)).toEqual(["issued", "claimed", "redeemed"]);
  });
});
