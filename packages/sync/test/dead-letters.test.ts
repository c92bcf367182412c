import { encodeEvent, recordByName, TRUST_HEADERS } from "@pes/schemas";
import { sampleRecord } from "@pes/schemas/samples";
import type { KafkaMessage } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readDeadLetter, replayDeadLetter } from "../src/consumer/dead-letter.js";
import { RejectedRecordError } from "../src/consumer/errors.js";
import { parseMetrics, sealAndSign, testTrust, waitFor } from "../src/testing/index.js";
import { type Pipeline, PRODUCER, receivedCount, SOURCE, setupPipeline, storeHandler } from "./harness.js";

/** Hand-made records, sealed for the province and signed by the city, as its relay would. */
const asCity = <M extends { value: string; headers?: Record<string, string> }>(messages: M[]) =>
  sealAndSign(PRODUCER, "/province", messages);

describe("invalid and poisoned records go to the dead letters with their reason; the consumer goes on", () => {
  let p: Pipeline;
  const rejected = new Set<string>();
  const deadLetters: KafkaMessage[] = [];

  beforeAll(async () => {
    p = await setupPipeline("deadletters");
    await p
      .consumer({
        handle: async (tx, event) => {
          if (rejected.has(event.attributes.id))
            throw new RejectedRecordError("registration already closed", "status");
          await storeHandler(tx, event);
        },
      })
      .start();
    const reader = p.kafka.consumer({ groupId: `${p.group}-reader` });
    await reader.connect();
    await reader.subscribe({ topic: p.deadLetterTopic, fromBeginning: true });
    await reader.run({ eachMessage: async ({ message }) => void deadLetters.push(message) });
  });
  afterAll(async () => p?.close());

  const valid = () => {
    return encodeEvent(
      recordByName("unemployment-registration")!,
      sampleRecord("unemployment-registration"),
      { source: SOURCE },
    );
  };

  it("dead-letters malformed JSON, a wrong schema version, an invalid ID number, a missing envelope and a rejected record", async () => {
    const good1 = valid();
    const malformed = valid();
    const wrongVersion = valid();
    const badId = valid();
    const badIdData = JSON.parse(badId.value);
    // Same person, last character changed: the GB 11643 check character no longer matches.
    const id: string = badIdData.person.idNumber;
    badIdData.person.idNumber = id.slice(0, 17) + (id[17] === "1" ? "2" : "1");
    const rejectedEvent = valid();
    rejected.add(rejectedEvent.attributes.id);
    const good2 = valid();

    await p.producer.send({
      topic: p.topic,
      acks: -1,
      messages: asCity([
        { key: good1.key, value: good1.value, headers: good1.headers },
        { key: malformed.key, value: "{not json", headers: malformed.headers },
        {
          key: wrongVersion.key,
          value: wrongVersion.value,
          headers: {
            ...wrongVersion.headers,
            ce_type: wrongVersion.headers.ce_type!.replace(/\.v\d+$/, ".v9"),
          },
        },
        { key: badId.key, value: JSON.stringify(badIdData), headers: badId.headers },
        { key: "no-envelope", value: "{}" },
        { key: rejectedEvent.key, value: rejectedEvent.value, headers: rejectedEvent.headers },
        { key: good2.key, value: good2.value, headers: good2.headers },
      ]),
    });

    await waitFor(() => deadLetters.length >= 5, { what: "five dead letters" });
    await waitFor(async () => (await receivedCount(p)) === 2, { what: "the two valid records applied" });

    const views = deadLetters.map((m) => readDeadLetter(m.headers));
    const byReason = Object.fromEntries(views.map((v) => [v.reason, v]));
    expect(Object.keys(byReason).sort()).toEqual([
      "handler-rejected",
      "invalid-record",
      "malformed-json",
      "missing-envelope",
      "unsupported-version",
    ]);
    expect(byReason["invalid-record"]).toMatchObject({
      fieldPath: "person.idNumber",
      schema: good1.attributes.type,
      originTopic: p.topic,
    });
    expect(byReason["unsupported-version"]!.schema).toMatch(/unemployment-registration\.v9$/);
    expect(byReason["handler-rejected"]).toMatchObject({
      detail: "registration already closed",
      fieldPath: "status",
      group: p.group,
    });
    // The reason never quotes the record's values.
    for (const v of views) expect(v.detail).not.toContain(id.slice(0, 10));
    expect(p.metrics.total("deadLettered", p.topic)).toBe(5);
    // Labels show only the contract's record types and parties' sources: what a sender wrote in its
    // headers (a v9, nothing at all) reads "unknown".
    const dead = parseMetrics(await p.metrics.registry.metrics());
    const counted = (type: string, source: string) =>
      dead.value("pes_kafka_records_dead_lettered_total", { topic: p.topic, type, source });
    expect(counted(good1.attributes.type, SOURCE)).toBe(3);
    expect(counted("unknown", SOURCE)).toBe(1);
    expect(counted("unknown", "unknown")).toBe(1);
  });

  it("replays a dead letter after the cause is fixed, and it is applied once", async () => {
    const message = deadLetters.find((m) => readDeadLetter(m.headers).reason === "handler-rejected")!;
    rejected.clear();
    const before = await receivedCount(p);
    await replayDeadLetter(p.producer, message);
    await waitFor(async () => (await receivedCount(p)) === before + 1, {
      what: "the replayed record applied",
    });
    await replayDeadLetter(p.producer, message);
    const sentinel = valid();
    await p.producer.send({
      topic: p.topic,
      acks: -1,
      messages: asCity([{ key: sentinel.key, value: sentinel.value, headers: sentinel.headers }]),
    });
    // The sentinel shares no partition guarantee with the replay, so wait for the group to catch up fully.
    await waitFor(async () => (await receivedCount(p)) === before + 2, { what: "the sentinel applied" });
    await waitFor(async () => {
      const { consumerLag } = await import("../src/lag.js");
      return (await consumerLag(p.admin, p.group, [p.topic])).every((l) => l.lag === 0);
    });
    expect(await receivedCount(p)).toBe(before + 2);
  });

  it("dead-letters forged, altered, unsigned, unknown-signer, wrong-key and replayed records, and applies none of them", async () => {
    const before = await receivedCount(p);
    const deadBefore = deadLetters.length;
    const [altered, forged, unknownKey, byOther, applied] = [valid(), valid(), valid(), valid(), valid()].map(
      (e) => asCity([{ key: e.key, value: e.value, headers: e.headers }])[0]!,
    );
    const unsigned = valid();
    // Fuzhou's key signing a record that claims to be Xiamen's.
    const fuzhouKey = testTrust("/city/350100").ring.signingKey("/city/350100");
    const forger = { ...PRODUCER.ring, signingKey: () => fuzhouKey };
    const [claimsXiamen] = sealAndSign({ ...PRODUCER, ring: forger }, "/province", [
      { key: byOther!.key, value: valid().value, headers: valid().headers },
    ]);
    await p.producer.send({ topic: p.topic, acks: -1, messages: [applied!] });
    await waitFor(async () => (await receivedCount(p)) === before + 1, {
      what: "the genuine record applied",
    });
    await p.producer.send({
      topic: p.topic,
      acks: -1,
      messages: [
        { ...altered!, headers: { ...altered!.headers, ce_subject: "someone-else" } },
        { ...forged!, headers: { ...forged!.headers, [TRUST_HEADERS.root]: "ab".repeat(32) } },
        { key: unsigned.key, value: unsigned.value, headers: unsigned.headers },
        {
          ...unknownKey!,
          headers: { ...unknownKey!.headers, [TRUST_HEADERS.keyId]: "test-city-359999-sig" },
        },
        claimsXiamen!,
        applied!,
      ],
    });
    const ids = new Set([altered, forged, unknownKey, claimsXiamen, applied].map((m) => m!.headers!.ce_id));
    ids.add(unsigned.attributes.id);
    const ours = () =>
      deadLetters.slice(deadBefore).filter((m) => ids.has(m.headers?.ce_id?.toString() ?? ""));
    await waitFor(() => ours().length >= 6, { what: "six more dead letters" });
    const reasons = ours().map((m) => readDeadLetter(m.headers).reason);
    expect(reasons.sort()).toEqual([
      "altered",
      "forged",
      "replayed",
      "unknown-signer",
      "unknown-signer",
      "unsigned",
    ]);
    expect(await receivedCount(p)).toBe(before + 1);
  });
});
