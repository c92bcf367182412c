import {
  headerText,
  type IncomingHeaders,
  sealAttributesOf,
  signedAttributesOf,
  sourceOf,
  TRUST_HEADERS,
} from "@pes/schemas";
import {
  type IncomingEvent,
  type Publication,
  recordDigest,
  rowsOf,
  type Sealer,
  writeToOutboxWithEvidence,
} from "@pes/sync";
import type { Database } from "@pes/sync/db";
import { sql } from "drizzle-orm";
import { evidenceCheckpoints, evidenceLog } from "../../db/tables/evidence.js";
import { chain, type EvidenceFacts } from "../../domain/evidence/chain.js";

/**
 * Appends to the evidence log in the caller's transaction, so an entry commits with what it records
 * or not at all. Appends are serialised by one transaction-scoped advisory lock, taken as late as
 * the caller can (an ingest chunk appends last, see deferEvidence), and the chain is computed under
 * it from the last committed entry: one writer at a time, in commit order, no gap.
 */
const EVIDENCE_LOCK = 7_160_100_016;

/** The entry that ends the log: the last row, or after an archive of all of them, the last checkpoint. */
async function lastEntry(tx: Database): Promise<{ seq: number; hash: string }> {
  const [row] = rowsOf<{ seq: string; hash: string }>(
    await tx.execute(sql`select seq::text as seq, hash from (
        (select seq, hash from ${evidenceLog} order by seq desc limit 1)
        union all (select seq, hash from ${evidenceCheckpoints} order by seq desc limit 1)) as last
      order by last.seq desc limit 1`),
  );
  return row ? { seq: Number(row.seq), hash: row.hash } : { seq: 0, hash: "0".repeat(64) };
}

export async function appendEvidence(tx: Database, facts: readonly EvidenceFacts[]): Promise<void> {
  if (facts.length === 0) return;
  await tx.execute(sql`select pg_advisory_xact_lock(${EVIDENCE_LOCK})`);
  const entries = chain(await lastEntry(tx), facts);
  const col = <K extends keyof (typeof entries)[number]>(k: K) => sql.param(entries.map((e) => e[k]));
  await tx.execute(sql`insert into ${evidenceLog} (seq, kind, record_id, digest, ref, sender, receiver, "at", reason, prev, hash)
    select * from unnest(${col("seq")}::bigint[], ${col("kind")}::text[], ${col("recordId")}::text[], ${col("digest")}::text[],
      ${col("ref")}::text[], ${col("sender")}::text[], ${col("receiver")}::text[], ${col("at")}::text[], ${col("reason")}::text[],
      ${col("prev")}::text[], ${col("hash")}::text[])`);
}

/** Entries a transaction has collected to append at its end (deferEvidence). */
const pending = new WeakMap<object, EvidenceFacts[]>();

/**
 * Runs `work` with the entries it records (sendWithEvidence) held back, then appends them after
 * `first` (the records the work is about) in one append at the end: the log's lock is then held only
 * for the transaction's last statements, not while it takes other locks (an ingest chunk's indicator
 * totals), which could deadlock with another chunk.
 */
export async function deferEvidence<T>(
  tx: Database,
  work: () => Promise<T>,
  first: () => readonly EvidenceFacts[],
): Promise<T> {
  const held: EvidenceFacts[] = [];
  pending.set(tx, held);
  try {
    const result = await work();
    await appendEvidence(tx, [...first(), ...held]);
    return result;
  } finally {
    pending.delete(tx);
  }
}

async function record(tx: Database, facts: readonly EvidenceFacts[]) {
  const held = pending.get(tx);
  if (held) held.push(...facts);
  else await appendEvidence(tx, facts);
}

const PROVINCE = sourceOf.province();

/** What the hub accepted: the records of an ingest chunk its consumer verified and hands on. */
export function acceptedFacts(events: readonly IncomingEvent[], at = new Date()): EvidenceFacts[] {
  const when = at.toISOString();
  return events.map((e) => ({
    kind: "accepted",
    recordId: e.attributes.id,
    digest: e.proof?.digest ?? "",
    ref: e.proof ? `${e.proof.keyId}:${e.proof.root}` : "",
    sender: e.attributes.source,
    receiver: PROVINCE,
    at: when,
    reason: "",
  }));
}

/**
 * What the hub refused: a dead letter of its ingest consumer, from the original headers and bytes
 * it carries. The digest is the record's leaf as it arrived (what its signature would cover).
 */
export function rejectedFact(letter: {
  headers: IncomingHeaders | undefined;
  value: Buffer | null;
  reason: string;
  at: string;
}): EvidenceFacts {
  const h = (name: string) => headerText(letter.headers, name);
  const attributes = signedAttributesOf(letter.headers);
  const keyId = h(TRUST_HEADERS.keyId);
  const root = h(TRUST_HEADERS.root);
  return {
    kind: "rejected",
    recordId: attributes.id,
    digest: recordDigest(attributes, sealAttributesOf(letter.headers), letter.value ?? "").toString("hex"),
    ref: keyId || root ? `${keyId ?? ""}:${root ?? ""}` : "",
    sender: attributes.source,
    receiver: PROVINCE,
    at: letter.at,
    reason: letter.reason,
  };
}

/**
 * What the hub sends (to a city, a gig market, its own ledger): writes the records to the outbox in
 * the caller's transaction, sealed for their receivers, and enters each in the evidence log with the
 * digest of what was sealed (the leaf the relay signs) and its outbox row.
 */
export async function sendWithEvidence(
  tx: Database,
  publications: readonly Publication[],
  sealer: Sealer,
): Promise<string[]> {
  const written = await writeToOutboxWithEvidence(tx, publications, sealer);
  const at = new Date().toISOString();
  await record(
    tx,
    written.map((w) => ({
      kind: "sent",
      recordId: w.eventId,
      digest: w.digest,
      ref: `outbox:${w.outboxId}`,
      sender: w.source,
      receiver: w.receiver,
      at,
      reason: "",
    })),
  );
  return written.map((w) => w.eventId);
}
