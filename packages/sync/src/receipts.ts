import {
  FlowbackReceipt,
  flowbackReceipt,
  headerText,
  parseTopic,
  ReceiptReasonCode,
  SINGLE_LINE_TEXT,
  sealAttributesOf,
  signedAttributesOf,
  sourceOf,
  topics,
} from "@pes/schemas";
import type { z } from "zod";
import type { IncomingEvent, RefusedRecord } from "./consumer/runner.js";
import type { Database } from "./db/index.js";
import { derivedUuid } from "./ids.js";
import { writeToOutbox } from "./outbox/write.js";
import { recordDigest, type Trust } from "./trust/index.js";

/**
 * Receipts for what flows back (docs/adr/0007): a city node or gig market acknowledges each flow-back
 * record it applied or refused with a flowback-receipt on its own receipts topic, through its outbox,
 * so the receipt is sealed for the hub and signed by its relay like every record.
 */
export interface FlowbackReceipts {
  /** In the handler's transaction, once it has applied `event`: the receipt commits with what it acknowledges. */
  applied(tx: Database, event: IncomingEvent, note?: ReceiptNote): Promise<void>;
  /** ConsumerOptions.onRefused: a refused receipt for each refused record whose id can be read (not a replayed copy). */
  refused(tx: Database, records: readonly RefusedRecord[]): Promise<void>;
}

/** What an applied record's receipt adds, e.g. already-closed: what it asked for held before. */
export interface ReceiptNote {
  code: string;
  text: string;
}

type Receipt = z.input<typeof FlowbackReceipt>;

/** Who acknowledges a record read on `topic` and on which topic: its reader, on its receipts topic; none off flow-back. */
export function receiptRouteOf(topic: string): { source: string; topic: string } | undefined {
  const parsed = parseTopic(topic);
  if (parsed?.family.name === "flowbackCity" && parsed.city)
    return { source: sourceOf.city(parsed.city), topic: topics.cityReceipts(parsed.city) };
  if (parsed?.family.name === "flowbackGig" && parsed.market)
    return { source: sourceOf.gig(parsed.market), topic: topics.gigReceipts(parsed.market) };
  return undefined;
}

/**
 * A receipt's id: a UUID (version 8) derived from who acknowledges which record, read where, and how.
 * A receipt written again (a crash before the consumer's offset committed) is the same receipt, and
 * the hub's inbox drops it; a dead letter replayed later is read at another offset and acknowledged anew.
 */
export function receiptId(parts: {
  source: string;
  flowbackId: string;
  topic: string;
  partition: number;
  offset: string;
  outcome: "applied" | "refused";
}): string {
  const { source, flowbackId, topic, partition, offset, outcome } = parts;
  return derivedUuid(["pes-receipt-1", source, flowbackId, topic, String(partition), offset, outcome]);
}

/** A key the receipt can travel under: the record's own when it is one line of at most 200 characters. */
function keyOr(key: string | null | undefined, fallback: string): string {
  return key && key.length <= 200 && key.trim() === key && SINGLE_LINE_TEXT.test(key) ? key : fallback;
}

/** A dead letter's detail as a receipt's reason: one line, bounded; absent when nothing is left. */
function reasonText(detail: string): string | undefined {
  const line = detail
    // biome-ignore lint/suspicious/noControlCharactersInRegex: they are what is replaced
    .replace(/[\u0000-\u001f\u007f]/g, " ")
    .trim()
    .slice(0, 500);
  return line || undefined;
}

function refusedReceipt(record: RefusedRecord, source: string, at: string): Receipt | undefined {
  const { message, why } = record;
  // A copy of a record applied before: that record has its receipt.
  if (why.reason === "replayed") return undefined;
  const flowbackId = headerText(message.headers, "ce_id");
  if (!flowbackId) return undefined;
  const attributes = signedAttributesOf(message.headers);
  const reason = reasonText(why.detail);
  return {
    id: receiptId({ ...record, offset: message.offset, source, flowbackId, outcome: "refused" }),
    flowbackId,
    flowbackType: attributes.type || "unknown",
    flowbackKey: keyOr(message.key?.toString(), flowbackId),
    // The leaf of what arrived, as its signature would cover it: the hub compares it with what it sent.
    digest: recordDigest(attributes, sealAttributesOf(message.headers), message.value ?? "").toString("hex"),
    outcome: "refused",
    // The handler's rule when it names one the contract takes, else the consumer's reason.
    reasonCode: why.code && ReceiptReasonCode.safeParse(why.code).success ? why.code : why.reason,
    ...(reason ? { reason } : {}),
    refusedAt: at,
  };
}

/**
 * The receipts of a receiver holding `trust`: only for the sources it signs as, so a receipt it could
 * not sign never holds up its outbox. A receipt that does not pass the contract (a forged record's id
 * that is no UUID) is left out: the hub then sees that record unacknowledged.
 */
export function flowbackReceipts(
  trust: Pick<Trust, "sealer" | "ring">,
  now: () => Date = () => new Date(),
): FlowbackReceipts {
  const write = async (tx: Database, receipts: Array<{ topic: string; source: string; data: Receipt }>) => {
    const valid = receipts.filter((r) => FlowbackReceipt.safeParse(r.data).success);
    if (valid.length === 0) return;
    await writeToOutbox(
      tx,
      // Its id is its event's too, so the hub's inbox drops a receipt written again.
      valid.map((r) => ({ ...r, definition: flowbackReceipt, id: r.data.id })),
      trust.sealer,
    );
  };
  const routeOf = (topic: string) => {
    const route = receiptRouteOf(topic);
    return route && trust.ring.signingKey(route.source) ? route : undefined;
  };
  return {
    async applied(tx, event, note) {
      const route = routeOf(event.topic);
      if (!route || !event.proof) return;
      const flowbackId = event.attributes.id;
      const data: Receipt = {
        id: receiptId({ ...event, source: route.source, flowbackId, outcome: "applied" }),
        flowbackId,
        flowbackType: event.attributes.type,
        flowbackKey: keyOr(event.key, flowbackId),
        digest: event.proof.digest,
        outcome: "applied",
        ...(note ? { reasonCode: note.code, reason: note.text } : {}),
        appliedAt: now().toISOString(),
      };
      await write(tx, [{ ...route, data }]);
    },
    async refused(tx, records) {
      const at = now().toISOString();
      const receipts = records.flatMap((record) => {
        const route = routeOf(record.topic);
        const data = route && refusedReceipt(record, route.source, at);
        return route && data ? [{ ...route, data }] : [];
      });
      await write(tx, receipts);
    },
  };
}
