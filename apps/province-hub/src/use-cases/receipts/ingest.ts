import { type FlowbackReceipt, flowbackReceipt, sourceOf } from "@pes/schemas";
import { type IncomingEvent, RejectedRecordError, rowsOf } from "@pes/sync";
import type { Database } from "@pes/sync/db";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import { flowbackReceipts } from "../../db/tables/receipts.js";
import type { EvidenceFacts } from "../../domain/evidence/chain.js";
import { appendEvidence } from "../evidence/log.js";

type Receipt = z.output<typeof FlowbackReceipt>;
export type ReceiptFlag = "not-sent" | "other-receiver" | "digest-mismatch";

const PROVINCE = sourceOf.province();

/** What the hub sent of `ids`, by record id: its evidence log's `sent` entries. */
async function sentOf(tx: Database, ids: readonly string[]) {
  const rows = rowsOf<{ record_id: string; receiver: string; digest: string }>(
    await tx.execute(sql`select record_id, receiver, digest from hub_evidence_log
      where kind = 'sent' and record_id = any(${sql.param([...new Set(ids)])}::text[])`),
  );
  return new Map(rows.map((r) => [r.record_id, r]));
}

/** Why a receipt acknowledges nothing the hub sent, or undefined when it matches a record sent to its sender. */
export function flagOf(
  sent: { receiver: string; digest: string } | undefined,
  receiver: string,
  digest: string,
): ReceiptFlag | undefined {
  if (!sent) return "not-sent";
  if (sent.receiver !== receiver) return "other-receiver";
  if (sent.digest !== digest) return "digest-mismatch";
  return undefined;
}

/** The receipt as the log's reason: what the receiver says and when, and the flag. */
function reasonOf(r: Receipt, flag: ReceiptFlag | undefined): string {
  const at = r.outcome === "applied" ? r.appliedAt : r.refusedAt;
  return [r.outcome, at, r.reasonCode, flag && `[${flag}]`].filter(Boolean).join(" ");
}

/**
 * The receipts of a chunk (docs/adr/0007), verified and opened by the consumer: each is kept with
 * what it says, checked against what the hub sent (a receipt for a record it never sent, sent to
 * someone else or with another digest is flagged, never counted), and entered in the evidence log as
 * a `receipt`, all in the consumer's transaction. A receipt received again (the same id) changes nothing.
 */
export async function takeReceipts(tx: Database, events: readonly IncomingEvent[]): Promise<void> {
  for (const e of events)
    if (e.definition.name !== flowbackReceipt.name)
      throw new RejectedRecordError(`a receipts topic carries flow-back receipts, not ${e.definition.name}`);
  const receipts = events.map((e) => ({ event: e, data: e.data as Receipt }));
  const sent = await sentOf(
    tx,
    receipts.map((r) => r.data.flowbackId),
  );
  const rows = receipts.map(({ event, data }) => {
    const receiver = event.attributes.source;
    const flag = flagOf(sent.get(data.flowbackId), receiver, data.digest);
    return { event, data, flag, receiver };
  });
  const inserted = await tx
    .insert(flowbackReceipts)
    .values(
      rows.map(({ data, flag, receiver }) => ({
        receiptId: data.id,
        flowbackId: data.flowbackId,
        receiver,
        flowbackType: data.flowbackType,
        digest: data.digest,
        outcome: data.outcome,
        reasonCode: data.reasonCode ?? null,
        reason: data.reason ?? null,
        acknowledgedAt: new Date((data.outcome === "applied" ? data.appliedAt : data.refusedAt)!),
        flag: flag ?? null,
      })),
    )
    .onConflictDoNothing()
    .returning({ receiptId: flowbackReceipts.receiptId });
  const fresh = new Set(inserted.map((r) => r.receiptId));
  const at = new Date().toISOString();
  const facts: EvidenceFacts[] = rows
    .filter(({ data }) => fresh.delete(data.id))
    .map(({ event, data, flag, receiver }) => ({
      kind: "receipt",
      recordId: data.flowbackId,
      digest: data.digest,
      ref: event.proof ? `${event.proof.keyId}:${event.proof.root}` : "",
      sender: receiver,
      receiver: PROVINCE,
      at,
      reason: reasonOf(data, flag),
    }));
  await appendEvidence(tx, facts);
}
