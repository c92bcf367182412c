import { createHash } from "node:crypto";

/**
 * The exchange evidence log (issue 16 #1): an append-only SM3 hash chain over every record the hub
 * accepted, rejected or sent, and every receipt a city or gig market sent for what flowed back to it
 * (#2, docs/adr/0007), with checkpoints the hub signs. Pure: the hashing and the checks an auditor's
 * verifier runs on an exported file; the signature check is handed in.
 */
export type EvidenceKind = "accepted" | "rejected" | "sent" | "receipt";

/** What an entry says, before it is numbered and chained. */
export interface EvidenceFacts {
  kind: EvidenceKind;
  /** The CloudEvents id of the record (ce_id); for a receipt, of the flow-back record it acknowledges. */
  recordId: string;
  /**
   * The record's SM3 leaf (SM3(0x00 ‖ canonical form), ADR 0006), hex; for a sent record, of what was
   * sealed; for a receipt, the flow-back record's leaf as its receiver reports it.
   */
  digest: string;
  /**
   * Accepted/rejected: `<key id>:<root>` it was signed under (empty when unsigned); sent: `outbox:<id>`;
   * receipt: `<key id>:<root>` the receipt was signed under.
   */
  ref: string;
  sender: string;
  receiver: string;
  /** ISO instant, milliseconds. */
  at: string;
  /**
   * Why a rejected record was refused (the dead-letter reason); for a receipt, what the receiver says and
   * when, `applied <time>` or `refused <time> <reason code>`, and `[<flag>]` when it matches nothing sent;
   * empty otherwise.
   */
  reason: string;
}

export interface EvidenceEntry extends EvidenceFacts {
  seq: number;
  /** hex SM3 of the entry before (GENESIS for the first). */
  prev: string;
  /** hex SM3(prev ‖ canonical entry). */
  hash: string;
}

export interface EvidenceCheckpoint {
  /** The last entry it covers and that entry's hash. */
  seq: number;
  hash: string;
  at: string;
  keyId: string;
  /** SM2 with SM3 over checkpointStatement, DER, hex. */
  signature: string;
}

export const GENESIS = "0".repeat(64);

const sm3 = (...parts: Buffer[]) => {
  const h = createHash("sm3");
  for (const p of parts) h.update(p);
  return h.digest("hex");
};

/** The entry's canonical form: lines, no trailing newline, UTF-8. A field holds no newline (clean()). */
export function canonicalEntry(e: Omit<EvidenceEntry, "prev" | "hash">): string {
  return [
    "pes-evidence-1",
    String(e.seq),
    e.kind,
    e.recordId,
    e.digest,
    e.ref,
    e.sender,
    e.receiver,
    e.at,
    e.reason,
  ].join("\n");
}

export const entryHash = (prev: string, e: Omit<EvidenceEntry, "prev" | "hash">): string =>
  sm3(Buffer.from(prev, "hex"), Buffer.from(canonicalEntry(e), "utf8"));

/** A field as an entry holds it: no newline (the canonical form's separator), bounded. */
export const clean = (text: string | null | undefined): string =>
  (text ?? "")
    .replaceAll("\u0000", "")
    .replace(/[\r\n]/g, " ")
    .slice(0, 500);

/** Numbers and chains `facts` after the entry (seq, hash) that ends the log. */
export function chain(last: { seq: number; hash: string }, facts: readonly EvidenceFacts[]): EvidenceEntry[] {
  let { seq, hash } = last;
  return facts.map((f) => {
    const fields = {
      kind: f.kind,
      recordId: clean(f.recordId),
      digest: clean(f.digest),
      ref: clean(f.ref),
      sender: clean(f.sender),
      receiver: clean(f.receiver),
      at: f.at,
      reason: clean(f.reason),
      seq: ++seq,
    };
    const entry = { ...fields, prev: hash, hash: entryHash(hash, fields) };
    hash = entry.hash;
    return entry;
  });
}

/** What the hub signs for a checkpoint. */
export const checkpointStatement = (c: Pick<EvidenceCheckpoint, "keyId" | "seq" | "hash" | "at">): string =>
  `pes-evidence-checkpoint-1\n${c.keyId}\n${c.seq}\n${c.hash}\n${c.at}`;

export interface LogProblem {
  /** The sequence number where it is seen (for a checkpoint, the one it covers). */
  seq: number;
  problem: "altered" | "removed" | "inserted" | "broken-link" | "forged-checkpoint" | "checkpoint-mismatch";
  detail: string;
}

export interface LogVerdict {
  ok: boolean;
  entries: number;
  checkpoints: number;
  /** The first sequence number where the chain does not hold; undefined when it holds throughout. */
  firstBreak: number | undefined;
  /** The last entry a valid checkpoint vouches for. */
  lastCheckpointed: number | undefined;
  problems: LogProblem[];
}

/**
 * Checks an exported log: each entry hashes to its hash, links to the one before, numbers follow
 * each other; each checkpoint is signed by a key the caller trusts and matches the entry it covers.
 * A log that starts after 1 (a segment after an archived one) is anchored by the checkpoint of the
 * entry before it when the file holds that checkpoint.
 */
export function verifyLog(
  entries: readonly EvidenceEntry[],
  checkpoints: readonly EvidenceCheckpoint[],
  signatureHolds: (statement: string, signature: string, keyId: string) => boolean,
): LogVerdict {
  const problems: LogProblem[] = [];
  const validCheckpoints = new Map<number, EvidenceCheckpoint>();
  for (const c of checkpoints) {
    if (signatureHolds(checkpointStatement(c), c.signature, c.keyId)) validCheckpoints.set(c.seq, c);
    else
      problems.push({
        seq: c.seq,
        problem: "forged-checkpoint",
        detail: `the checkpoint of entry ${c.seq} does not verify with key ${c.keyId}`,
      });
  }
  // Where the chain starts: the genesis, or the checkpoint before a segment.
  const first = entries[0];
  let expectedSeq = first ? first.seq : 1;
  let expectedPrev: string | undefined =
    !first || first.seq === 1 ? GENESIS : validCheckpoints.get(first.seq - 1)?.hash;
  if (first && first.seq !== 1 && expectedPrev === undefined) expectedPrev = first.prev; // unanchored segment
  const hashAt = new Map<number, string>();
  for (const e of entries) {
    const fields = {
      seq: e.seq,
      kind: e.kind,
      recordId: e.recordId,
      digest: e.digest,
      ref: e.ref,
      sender: e.sender,
      receiver: e.receiver,
      at: e.at,
      reason: e.reason,
    };
    if (e.seq > expectedSeq)
      problems.push({
        seq: expectedSeq,
        problem: "removed",
        detail:
          e.seq === expectedSeq + 1
            ? `entry ${expectedSeq} is missing`
            : `entries ${expectedSeq}–${e.seq - 1} are missing`,
      });
    else if (e.seq < expectedSeq)
      problems.push({
        seq: e.seq,
        problem: "inserted",
        detail: `an entry numbered ${e.seq} comes after entry ${expectedSeq - 1}`,
      });
    if (entryHash(e.prev, fields) !== e.hash)
      problems.push({ seq: e.seq, problem: "altered", detail: `entry ${e.seq} does not hash to its hash` });
    else if (expectedPrev !== undefined && e.prev !== expectedPrev)
      problems.push({
        seq: e.seq,
        problem: "broken-link",
        detail: `entry ${e.seq} does not follow the entry before it (its prev is not that entry's hash)`,
      });
    // Go on from what this entry claims, so one fault is reported once, where it is.
    if (!hashAt.has(e.seq)) hashAt.set(e.seq, e.hash);
    expectedSeq = Math.max(expectedSeq, e.seq + 1);
    expectedPrev = e.hash;
  }
  let lastCheckpointed: number | undefined;
  const lastSeq = entries.at(-1)?.seq;
  for (const c of validCheckpoints.values()) {
    const at = hashAt.get(c.seq);
    // A checkpoint before the file's first entry belongs to an archived segment.
    if (at === undefined && first && c.seq < first.seq) continue;
    if (at === undefined && lastSeq !== undefined && c.seq > lastSeq) {
      problems.push({
        seq: c.seq,
        problem: "removed",
        detail: `a signed checkpoint covers entry ${c.seq}, past the last entry ${lastSeq}`,
      });
      continue;
    }
    if (at !== c.hash) {
      const before = [...validCheckpoints.keys()].filter(
        (s) => s < c.seq && hashAt.get(s) === validCheckpoints.get(s)!.hash,
      );
      const since = before.length ? Math.max(...before) : undefined;
      problems.push({
        seq: c.seq,
        problem: "checkpoint-mismatch",
        detail: `entry ${c.seq} is not the one the hub signed a checkpoint for: the log was rewritten ${since === undefined ? "before it" : `after entry ${since}, the last signed one that still matches`}`,
      });
      continue;
    }
    lastCheckpointed = Math.max(lastCheckpointed ?? 0, c.seq);
  }
  problems.sort((a, b) => a.seq - b.seq);
  const chainProblems = problems.filter((p) => p.problem !== "forged-checkpoint");
  return {
    ok: problems.length === 0,
    entries: entries.length,
    checkpoints: checkpoints.length,
    firstBreak: chainProblems[0]?.seq,
    lastCheckpointed,
    problems,
  };
}
