// @hono/zod-openapi extends zod before @pes/schemas (loaded by @pes/sync) builds its schemas.
import "@hono/zod-openapi";
import { randomUUID } from "node:crypto";
import { encodeEvent, flowbackReceipt, sourceOf, topics } from "@pes/schemas";
import { provisionTopics } from "@pes/sync";
import { sealAndSign, startGroupAtEnd, TEST_BROKERS, testTrust, waitFor } from "@pes/sync/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DeadLetterIndexer, startDeadLetterIndexer } from "../../src/streams/dead-letter-indexer.js";
import { INGEST_TOPICS, RECEIPT_TOPICS, startIngest, startReceipts } from "../../src/streams/runtime.js";
import {
  cipher,
  hubWithStreams,
  person,
  published,
  SECRET,
  TEST_TRUST,
  unemployment,
  verifiedEvidence,
} from "../support/index.js";

// Receipts for what flows back, at the hub (issue 16 #2, docs/adr/0007): the hub sends 龙岩 a
// closure instruction; receipts signed as 龙岩 (and as 宁德, and forged) come back on the receipts
// topics; the hub keeps them, flags what matches nothing it sent, enters them in its evidence log,
// and its routes answer per receiver and per record. The city node's side is in apps/city-node; both
// together in tests/platform. Cities no test runs a node of, and a person no other test makes: on
// the shared broker, a node of the city would acknowledge this hub's flow-back too.
type Ctx = Awaited<ReturnType<typeof hubWithStreams>>;
let ctx: Ctx;
let ingest: Awaited<ReturnType<typeof startIngest>> | undefined;
let receipts: Awaited<ReturnType<typeof startReceipts>> | undefined;
let indexer: DeadLetterIndexer | undefined;
const group = `hub-test-receipts-${randomUUID()}`;
const receiptsGroup = `${group}-receipts`;
const errors: unknown[] = [];
const LONGYAN = sourceOf.city("350800");
const NINGDE = sourceOf.city("350900");

beforeAll(async () => {
  ctx = await hubWithStreams("receipts");
  const { admin } = ctx.streams;
  await provisionTopics(admin, { cities: ["350800", "350900"], markets: [] });
  await startGroupAtEnd(admin, group, INGEST_TOPICS);
  await startGroupAtEnd(admin, receiptsGroup, RECEIPT_TOPICS);
  const common = { kafkaBrokers: TEST_BROKERS, trust: TEST_TRUST, deadLetterTopic: ctx.deadLetterTopic };
  ingest = await startIngest(ctx.hub.db, { ...common, personKeySecret: SECRET, cipher, groupId: group });
  receipts = await startReceipts(ctx.hub.db, {
    ...common,
    groupId: receiptsGroup,
    onError: (e) => errors.push(e),
  });
  indexer = await startDeadLetterIndexer({
    brokers: TEST_BROKERS,
    db: ctx.hub.db.db,
    topic: ctx.deadLetterTopic,
    groupId: `${group}-dead-letters`,
    trust: TEST_TRUST,
    evidenceGroups: [group, receiptsGroup],
  });
});
afterAll(async () => {
  await indexer?.stop();
  await receipts?.close();
  await ingest?.close();
  await ctx?.close();
});

type Sent = { record_id: string; digest: string; receiver: string };

/** Two open registrations of one person in two cities: the hub tells the older city to close its own. */
async function closureSentToLongyan(): Promise<{ registrationId: string; sent: Sent }> {
  const who = person("1979-02-11", { name: "回执" });
  const [longyan] = published([unemployment("350800", who, "2025-03-03")]);
  const [ningde] = published([unemployment("350900", who, "2025-05-10")]);
  await ctx.streams.producer.send({ topic: topics.cityPerson("350800"), acks: -1, messages: [longyan!] });
  await ctx.streams.producer.send({ topic: topics.cityPerson("350900"), acks: -1, messages: [ningde!] });
  // The registration's id: the record's subject.
  const registrationId = longyan!.headers.ce_subject!;
  const sent = await waitFor(
    async () => {
      const [row] = await ctx.hub.query<Sent & { instruction_id: string }>(
        sql`select e.record_id, e.digest, e.receiver, c.instruction_id::text from hub_conflicts c
          join hub_evidence_log e on e.kind = 'sent' and e.record_id = c.instruction_id::text
          where c.close_record_id = ${registrationId}`,
      );
      return row;
    },
    { what: "the closure instruction sent to 龙岩", timeoutMs: 60_000 },
  );
  return { registrationId, sent };
}

type Clear = { key: string; value: string; headers: Record<string, string> };

/** A receipt as its receiver writes it, before its relay seals and signs it. */
function receiptOf(
  source: string,
  data: { flowbackId: string; digest: string; outcome?: "applied" | "refused" },
): Clear {
  const id = randomUUID();
  const at = "2026-03-02T01:02:03.004Z";
  const outcome = data.outcome ?? "applied";
  const encoded = encodeEvent(
    flowbackReceipt,
    {
      id,
      flowbackId: data.flowbackId,
      flowbackType: "cn.gov.fj.pes.registration-closure-instruction.v1",
      flowbackKey: "pk_test",
      digest: data.digest,
      outcome,
      ...(outcome === "applied"
        ? { appliedAt: at }
        : { refusedAt: at, reasonCode: "unknown-registration", reason: "no such registration at this node" }),
    },
    { source, id },
  );
  return { key: encoded.key, value: encoded.value, headers: encoded.headers };
}

/** As the receiver's relay publishes it: sealed for the province, signed as `signer` (a forger's key when not its own). */
function signed(message: Clear, signer = message.headers.ce_source!) {
  const trust = testTrust(signer);
  const ring = { ...trust.ring, signingKey: () => trust.ring.signingKey(signer) };
  return sealAndSign({ sealer: trust.sealer, ring }, sourceOf.province(), [message])[0]!;
}

const receipt = (
  source: string,
  data: { flowbackId: string; digest: string; outcome?: "applied" | "refused" },
  signer = source,
) => signed(receiptOf(source, data), signer);

const receiptTopic = (source: string) => topics.cityReceipts(source.slice("/city/".length));
const send = (source: string, ...messages: ReturnType<typeof receipt>[]) =>
  ctx.streams.producer.send({ topic: receiptTopic(source), acks: -1, messages });

const stored = () =>
  ctx.hub.query<{
    receipt_id: string;
    flowback_id: string;
    receiver: string;
    outcome: string;
    flag: string | null;
  }>(
    sql`select receipt_id::text, flowback_id, receiver, outcome, flag from hub_flowback_receipts order by received_at`,
  );

const evidence = () =>
  ctx.hub.query<{
    kind: string;
    record_id: string;
    digest: string;
    sender: string;
    receiver: string;
    reason: string;
    ref: string;
  }>(sql`select kind, record_id, digest, sender, receiver, reason, ref from hub_evidence_log order by seq`);

describe("receipts for what flows back, at the hub", () => {
  it("keeps what the receivers acknowledge, flags what matches nothing sent, logs them, and answers per receiver and per record", {
    timeout: 120_000,
  }, async () => {
    const { registrationId, sent } = await closureSentToLongyan();
    expect(sent.receiver).toBe(LONGYAN);
    const applied = receipt(LONGYAN, { flowbackId: sent.record_id, digest: sent.digest });
    const neverSent = receipt(LONGYAN, { flowbackId: randomUUID(), digest: sent.digest });
    const otherDigest = receipt(LONGYAN, {
      flowbackId: sent.record_id,
      digest: "0".repeat(64),
      outcome: "refused",
    });
    const notTheirs = receipt(NINGDE, { flowbackId: sent.record_id, digest: sent.digest });
    // Claims 龙岩, signed with 福州's key: the hub's consumer refuses it before it is a receipt.
    const forged = receipt(
      LONGYAN,
      { flowbackId: sent.record_id, digest: sent.digest },
      sourceOf.city("350100"),
    );
    await send(LONGYAN, applied, neverSent, otherDigest, forged);
    await send(NINGDE, notTheirs);

    const rows = await waitFor(
      async () => {
        const all = await stored();
        const kept = new Set(all.map((r) => r.receipt_id));
        return [applied, neverSent, otherDigest, notTheirs].every((m) => kept.has(m.headers.ce_id!))
          ? all
          : undefined;
      },
      { what: "four receipts kept" },
    );
    const flagOf = (m: ReturnType<typeof receipt>) =>
      rows.find((r) => r.receipt_id === m.headers.ce_id)?.flag;
    expect({
      applied: flagOf(applied),
      neverSent: flagOf(neverSent),
      otherDigest: flagOf(otherDigest),
      notTheirs: flagOf(notTheirs),
      forged: flagOf(forged),
    }).toEqual({
      applied: null,
      neverSent: "not-sent",
      otherDigest: "digest-mismatch",
      notTheirs: "other-receiver",
      forged: undefined,
    });

    // The same receipt again: re-published by the receiver's relay (signed anew), the inbox drops it;
    // a copy put back on the topic (the very signature), the consumer refuses as replayed.
    const clear = receiptOf(LONGYAN, { flowbackId: sent.record_id, digest: sent.digest });
    const first = signed(clear);
    await send(LONGYAN, first);
    await waitFor(async () => (await stored()).some((r) => r.receipt_id === first.headers.ce_id), {
      what: "the receipt kept",
    });
    await send(LONGYAN, signed(clear), first);

    // In the evidence log: one receipt entry each, the receiver's word and when, and the forged one rejected.
    const log = await waitFor(
      async () => {
        const all = await evidence();
        return all.some((e) => e.kind === "rejected" && e.record_id === forged.headers.ce_id) &&
          all.some((e) => e.kind === "rejected" && e.record_id === first.headers.ce_id)
          ? all
          : undefined;
      },
      { what: "the forged receipt and the replayed copy rejected", timeoutMs: 60_000 },
    );
    // This test's: the hub reads every receipts topic, where other tests' nodes acknowledge too.
    const receiptEntries = log.filter((e) => e.kind === "receipt" && [LONGYAN, NINGDE].includes(e.sender));
    expect(receiptEntries).toHaveLength(5);
    const refOf = (m: ReturnType<typeof receipt>) => `${m.headers.ce_peskeyid}:${m.headers.ce_pesroot}`;
    expect(receiptEntries.find((e) => e.ref === refOf(applied))).toEqual({
      kind: "receipt",
      record_id: sent.record_id,
      digest: sent.digest,
      sender: LONGYAN,
      receiver: "/province",
      reason: "applied 2026-03-02T01:02:03.004Z",
      ref: refOf(applied),
    });
    expect(receiptEntries.map((e) => e.reason).sort()).toEqual(
      [
        "applied 2026-03-02T01:02:03.004Z",
        "applied 2026-03-02T01:02:03.004Z",
        "applied 2026-03-02T01:02:03.004Z [not-sent]",
        "applied 2026-03-02T01:02:03.004Z [other-receiver]",
        "refused 2026-03-02T01:02:03.004Z unknown-registration [digest-mismatch]",
      ].sort(),
    );
    expect(log.find((e) => e.kind === "rejected" && e.record_id === first.headers.ce_id)?.reason).toBe(
      "replayed",
    );
    expect((await stored()).filter((r) => r.receipt_id === first.headers.ce_id)).toHaveLength(1);

    // The log still verifies, receipts and all.
    const { verdict } = await verifiedEvidence(ctx.hub.db, TEST_TRUST);
    expect(verdict).toMatchObject({ ok: true, problems: [] });

    // Per receiver: 龙岩 was sent one record, received and applied it; two of its receipts matched
    // nothing sent. 宁德 was sent nothing; its one receipt is flagged.
    const summary = await ctx.hub.get("/v1/flowback/receivers?overdueMinutes=0");
    expect(summary.status, summary.text).toBe(200);
    const row = (receiver: string) =>
      summary.body.items.find((i: { receiver: string }) => i.receiver === receiver);
    expect(row(LONGYAN)).toMatchObject({
      cityCode: "350800",
      cityName: "龙岩",
      marketId: null,
      sent: 1,
      received: 1,
      applied: 1,
      refused: 0,
      unacknowledged: 0,
      overdue: 0,
      flagged: 2,
    });
    expect(row(NINGDE)).toMatchObject({ sent: 0, received: 0, flagged: 1 });

    // The auditor's question, by the registration: did 龙岩 receive and apply its closure, and when?
    const trail = await ctx.hub.get(`/v1/flowback/records/${registrationId}`);
    expect(trail.status, trail.text).toBe(200);
    expect(trail.body).toMatchObject({
      recordId: sent.record_id,
      closure: { registrationId, cityCode: "350800", kind: "two-open-registrations" },
      sent: {
        receiver: LONGYAN,
        digest: sent.digest,
        status: "applied",
        acknowledgedAt: "2026-03-02T01:02:03.004Z",
        recordType: "cn.gov.fj.pes.registration-closure-instruction.v1",
      },
    });
    expect(trail.body.receipts.map((r: { flag: string | null }) => r.flag).sort()).toEqual(
      [null, null, "digest-mismatch", "other-receiver"].sort(),
    );
    expect((await ctx.hub.get(`/v1/flowback/records/${randomUUID()}`)).status).toBe(404);

    const flagged = await ctx.hub.get(`/v1/flowback/receipts?receiver=${LONGYAN}&flagged=true`);
    expect(flagged.status, flagged.text).toBe(200);
    expect(flagged.body.items.map((r: { flag: string }) => r.flag).sort()).toEqual([
      "digest-mismatch",
      "not-sent",
    ]);
    expect(errors).toEqual([]);
  });

  it("reports a record without a receipt as unacknowledged, and overdue after the time", {
    timeout: 120_000,
  }, async () => {
    const { sent } = await closureSentToLongyan();
    const late = await ctx.hub.get("/v1/flowback/receivers?overdueMinutes=0");
    const xiamen = late.body.items.find((i: { receiver: string }) => i.receiver === LONGYAN);
    expect(xiamen).toMatchObject({ sent: 2, applied: 1, unacknowledged: 1, overdue: 1 });
    const patient = await ctx.hub.get("/v1/flowback/receivers");
    expect(patient.body.overdueMinutes).toBe(60);
    expect(patient.body.items.find((i: { receiver: string }) => i.receiver === LONGYAN)).toMatchObject({
      unacknowledged: 1,
      overdue: 0,
    });
    const overdue = await ctx.hub.get(
      `/v1/flowback/records?receiver=${LONGYAN}&status=overdue&overdueMinutes=0`,
    );
    expect(overdue.status, overdue.text).toBe(200);
    expect(overdue.body).toEqual({
      items: [expect.objectContaining({ recordId: sent.record_id, status: "overdue", acknowledgedAt: null })],
      nextCursor: null,
    });
    // All of 龙岩's, newest first, a page at a time.
    const first = await ctx.hub.get(`/v1/flowback/records?receiver=${LONGYAN}&limit=1`);
    expect(first.body.items.map((i: { status: string }) => i.status)).toEqual(["unacknowledged"]);
    const second = await ctx.hub.get(
      `/v1/flowback/records?receiver=${LONGYAN}&limit=1&cursor=${first.body.nextCursor}`,
    );
    expect(second.body).toEqual({
      items: [expect.objectContaining({ status: "applied" })],
      nextCursor: null,
    });
  });
});
