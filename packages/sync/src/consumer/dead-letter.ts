import {
  DEAD_LETTER_HEADERS,
  DEAD_LETTER_REASONS,
  type DecodeFailure,
  headerText,
  type IncomingHeaders,
  topics,
} from "@pes/schemas";
import type { KafkaMessage, Producer } from "kafkajs";
import type { TrustFailureReason } from "../trust/index.js";

export type DeadLetterReason =
  | TrustFailureReason
  | "replayed"
  | DecodeFailure["reason"]
  | "handler-rejected"
  | "handler-failed";

export interface DeadLetter {
  reason: DeadLetterReason;
  detail: string;
  fieldPath?: string;
  schema?: string;
  /** The handler's rule when it rejected the record (RejectedRecordError.code), e.g. person-key-mismatch. */
  code?: string;
}

/** Headers that carry why a record was dead-lettered and where it came from: the contract's. */
export const DLQ_HEADERS = DEAD_LETTER_HEADERS;
// Every reason this consumer gives is documented in the contract.
DEAD_LETTER_REASONS satisfies Record<DeadLetterReason, string>;

export interface Origin {
  topic: string;
  partition: number;
  group: string;
  /** Defaults to the catalogue's dead-letter topic. */
  deadLetterTopic?: string;
}

function originalHeaders(headers: IncomingHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(headers ?? {})) {
    if (name.startsWith("pes_dlq_")) continue;
    const value = headerText(headers, name);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/** Sends the original bytes to the dead-letter topic with the reason; returns once the broker has it. */
export async function sendToDeadLetters(
  producer: Producer,
  origin: Origin,
  items: Array<{ message: KafkaMessage; why: DeadLetter }>,
) {
  if (items.length === 0) return;
  const at = new Date().toISOString();
  const messages = items.map(({ message, why }) => ({
    key: message.key,
    value: message.value,
    headers: {
      ...originalHeaders(message.headers),
      [DLQ_HEADERS.reason]: why.reason,
      // Reasons name fields and rules, never values, so no personal data reaches this header.
      [DLQ_HEADERS.detail]: why.detail.slice(0, 500),
      ...(why.fieldPath ? { [DLQ_HEADERS.fieldPath]: why.fieldPath } : {}),
      ...(why.schema ? { [DLQ_HEADERS.schema]: why.schema } : {}),
      // A rule's name (kebab-case), what a rejection notice to the record's city reports.
      ...(why.code ? { [DLQ_HEADERS.code]: why.code.slice(0, 60) } : {}),
      [DLQ_HEADERS.topic]: origin.topic,
      [DLQ_HEADERS.partition]: String(origin.partition),
      [DLQ_HEADERS.offset]: message.offset,
      [DLQ_HEADERS.group]: origin.group,
      [DLQ_HEADERS.at]: at,
    },
  }));
  // In sends of at most ~512 KiB: a chunk of large records (sealed, signed, with their headers) in
  // one request can pass the broker's message.max.bytes (1 MiB), which refuses the whole request.
  for (const part of bySize(messages, 512 * 1024))
    await producer.send({ topic: origin.deadLetterTopic ?? topics.deadLetters(), acks: -1, messages: part });
}

type Outgoing = { key: Buffer | null; value: Buffer | null; headers: Record<string, string> };

function sizeOf(m: Outgoing): number {
  let n = (m.key?.length ?? 0) + (m.value?.length ?? 0) + 64;
  for (const [k, v] of Object.entries(m.headers)) n += k.length + Buffer.byteLength(v);
  return n;
}

function* bySize(messages: Outgoing[], limit: number): Generator<Outgoing[]> {
  let part: Outgoing[] = [];
  let size = 0;
  for (const m of messages) {
    const n = sizeOf(m);
    if (part.length > 0 && size + n > limit) {
      yield part;
      part = [];
      size = 0;
    }
    part.push(m);
    size += n;
  }
  if (part.length > 0) yield part;
}

export interface DeadLetterView extends DeadLetter {
  originTopic: string;
  originPartition: number;
  originOffset: string;
  group: string;
  at: string;
}

/** Reads the why and where of a dead letter; a missing or unreadable header reads as empty (partition -1). */
export function readDeadLetter(headers: IncomingHeaders | undefined): DeadLetterView {
  const h = (k: keyof typeof DLQ_HEADERS) => headerText(headers, DLQ_HEADERS[k]);
  const fieldPath = h("fieldPath");
  const schema = h("schema");
  const code = h("code");
  const partitionText = h("partition") ?? "";
  const partition = /^\d{1,10}$/.test(partitionText) ? Number(partitionText) : -1;
  return {
    reason: (h("reason") ?? "handler-failed") as DeadLetterReason,
    detail: h("detail") ?? "",
    ...(fieldPath ? { fieldPath } : {}),
    ...(schema ? { schema } : {}),
    ...(code ? { code } : {}),
    originTopic: h("topic") ?? "",
    // A Kafka partition is a 32-bit int; anything else ("", "1.5", "9e99") is no partition at all.
    originPartition: partition <= 2 ** 31 - 1 ? partition : -1,
    originOffset: h("offset") ?? "",
    group: h("group") ?? "",
    at: h("at") ?? "",
  };
}

/**
 * Puts a dead letter back on its original topic after the cause was fixed, with its original headers
 * (and so its original event id: a consumer that had applied it still applies it once).
 */
export async function replayDeadLetter(
  producer: Producer,
  message: Pick<KafkaMessage, "key" | "value" | "headers">,
  value?: Buffer | string,
) {
  const view = readDeadLetter(message.headers);
  if (!view.originTopic) throw new Error("not a dead letter: no origin topic header");
  await producer.send({
    topic: view.originTopic,
    acks: -1,
    messages: [
      { key: message.key, value: value ?? message.value, headers: originalHeaders(message.headers) },
    ],
  });
  return view;
}
