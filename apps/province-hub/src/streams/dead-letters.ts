import { randomUUID } from "node:crypto";
import { DomainError } from "@pes/core";
import { headerText, type IncomingHeaders, sealAttributesOf } from "@pes/schemas";
import { createKafka, type DeadLetterView, readDeadLetter, type Trust } from "@pes/sync";
import type { Admin, KafkaMessage } from "kafkajs";
import { cityOf } from "../use-cases/monitoring/streams.js";

const SCAN_TIMEOUT_MS = 20_000;

export interface DeadLetterEntry extends DeadLetterView {
  partition: number;
  offset: string;
  /** From the original record's CloudEvents headers; never from its value. */
  eventId: string | null;
  type: string | null;
  source: string | null;
  cityCode: string | null;
  /**
   * What the value looked like, without a single value in it: its size, format and field names (of
   * the record opened, when it was sealed for the hub), or whom it is sealed for.
   */
  summary: string;
}

/** What reads a dead letter: the hub's opener, and the registry that tells whose key a value is sealed for. */
export type DeadLetterReader = Pick<Trust, "opener" | "registry">;

/** Describes a record value by its shape only: an ID number or name never leaves the hub this way. */
export function maskedSummary(value: Buffer | null): string {
  if (!value) return "empty (tombstone)";
  try {
    const parsed: unknown = JSON.parse(value.toString("utf8"));
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed))
      return `JSON object, ${value.length} bytes, fields: ${Object.keys(parsed).sort().join(", ") || "none"}`;
    return `JSON ${Array.isArray(parsed) ? "array" : typeof parsed}, ${value.length} bytes`;
  } catch {
    return `not JSON, ${value.length} bytes`;
  }
}

/**
 * The summary of a dead letter's value. The topic keeps the original bytes, sealed (docs/adr/0006):
 * one sealed for the hub is opened with its keys and described by its shape alone, like a clear one;
 * one sealed for another party (a city's or a market's own dead-lettered flow-back) reads "sealed for
 * <its receiver>", as the hub cannot and must not read it.
 */
export function summaryOf(
  reader: DeadLetterReader,
  headers: IncomingHeaders | undefined,
  value: Buffer | null,
): string {
  const seal = sealAttributesOf(headers);
  if (!seal.sealAlg || !value) return maskedSummary(value);
  const opened = reader.opener.open(seal, headerText(headers, "ce_id") ?? "", value);
  if (opened.ok) return maskedSummary(Buffer.from(opened.plaintext, "utf8"));
  const recipient = seal.recipient
    ? (reader.registry.key(seal.recipient)?.source ?? seal.recipient)
    : "nobody";
  if (opened.reason === "not-for-us") return `sealed for ${recipient}, ${value.length} bytes`;
  return `sealed for ${recipient}, ${value.length} bytes, does not open (${opened.reason})`;
}

export function entryOf(reader: DeadLetterReader, partition: number, message: KafkaMessage): DeadLetterEntry {
  const view = readDeadLetter(message.headers);
  const source = headerText(message.headers, "ce_source") ?? null;
  return {
    ...view,
    at: timeOf(view.at, message.timestamp),
    partition,
    offset: message.offset,
    eventId: headerText(message.headers, "ce_id") ?? null,
    type: headerText(message.headers, "ce_type") ?? null,
    source,
    cityCode: cityOf(source ?? undefined, view.originTopic),
    summary: summaryOf(reader, message.headers, message.value),
  };
}

// Years 1970 to 9999: an instant JavaScript and PostgreSQL both read and write the same way.
const LATEST_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
const instant = (ms: number) => (Number.isFinite(ms) && ms >= 0 && ms <= LATEST_MS ? ms : undefined);

/**
 * When a dead letter was written, as an ISO instant: its pes_dlq_at header, or, when that is missing
 * or unreadable, the broker's timestamp of the dead letter (the same moment, give or take a send).
 */
export function timeOf(header: string, brokerTimestamp: string): string {
  return new Date(instant(Date.parse(header)) ?? instant(Number(brokerTimestamp)) ?? 0).toISOString();
}

/**
 * Reads `topic` from the beginning to its current end, handing each message to `onMessage`. A
 * throwaway consumer group that never commits and is deleted afterwards, so no other group moves.
 */
export async function scanTopic(
  admin: Admin,
  topic: string,
  onMessage: (partition: number, message: KafkaMessage) => void,
  only?: { partition: number; offset: string },
): Promise<void> {
  const ends = new Map(
    (await admin.fetchTopicOffsets(topic))
      .filter((p) => Number(p.high) > Number(p.low))
      .filter((p) => !only || (p.partition === only.partition && Number(p.high) > Number(only.offset)))
      .map((p) => [p.partition, Number(p.high)]),
  );
  if (ends.size === 0) return;
  const { brokers } = await admin.describeCluster();
  const kafka = createKafka({
    brokers: brokers.map((b) => `${b.host}:${b.port}`),
    clientId: "province-hub-dead-letters",
  });
  const groupId = `province-hub-dead-letters-browse-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
  let done!: () => void;
  const finished = new Promise<void>((resolve) => {
    done = resolve;
  });
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const end = ends.get(batch.partition);
        if (end === undefined) return;
        for (const message of batch.messages) {
          if (Number(message.offset) >= end) break;
          if (!only || message.offset === only.offset) onMessage(batch.partition, message);
          if (Number(message.offset) >= end - 1 || (only && message.offset === only.offset))
            ends.delete(batch.partition);
        }
        if (ends.size === 0) done();
      },
    });
    if (only) consumer.seek({ topic, partition: only.partition, offset: only.offset });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(new DomainError("unavailable", "dead-letters-timeout", `could not read ${topic} in time`)),
        SCAN_TIMEOUT_MS,
      );
    });
    await Promise.race([finished, timeout]).finally(() => clearTimeout(timer));
  } finally {
    await consumer.disconnect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
  }
}

/** One dead letter, value included (for replay only), or undefined. */
export async function findDeadLetter(
  admin: Admin,
  topic: string,
  partition: number,
  offset: string,
): Promise<KafkaMessage | undefined> {
  let found: KafkaMessage | undefined;
  await scanTopic(
    admin,
    topic,
    (_, message) => {
      found = message;
    },
    { partition, offset },
  );
  return found;
}
