import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EvidenceEntry, type EvidenceFacts, verifyLog } from "../../src/domain/evidence/chain.js";
import { parseExport } from "../../src/domain/evidence/file.js";
import { evidenceHeader } from "../../src/trust.js";
import { exportEvidence } from "../../src/use-cases/evidence/export.js";
import { appendEvidence } from "../../src/use-cases/evidence/log.js";
import { TEST_TRUST, type TestDatabase, testDatabase } from "../support/index.js";

// Appends in the database: one chain, in commit order, whatever the number of writers at once.
let hub: TestDatabase;
beforeAll(async () => {
  hub = await testDatabase("evidenceappend");
});
afterAll(async () => hub?.close());

const fact = (i: number): EvidenceFacts => ({
  kind: "sent",
  recordId: `r-${i}`,
  digest: "0".repeat(64),
  ref: `outbox:${i}`,
  sender: "/province",
  receiver: "/city/350200",
  at: new Date().toISOString(),
  reason: "",
});

describe("appendEvidence", () => {
  it("chains 40 concurrent transactions' entries into one unbroken log", async () => {
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        hub.db.db.transaction((tx) => appendEvidence(tx, [fact(2 * i), fact(2 * i + 1)])),
      ),
    );
    // One that rolls back leaves nothing.
    await hub.db.db
      .transaction(async (tx) => {
        await appendEvidence(tx, [fact(999)]);
        throw new Error("rolled back");
      })
      .catch(() => undefined);
    const rows = await hub.query<{ n: number }>(sql`select count(*)::int as n from hub_evidence_log`);
    expect(rows[0]!.n).toBe(80);
    const { entries, checkpoints } = parseExport(
      (await exportEvidence(hub.db.db, evidenceHeader(TEST_TRUST))).join("\n"),
    );
    expect(entries.map((e: EvidenceEntry) => e.seq)).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
    expect(verifyLog(entries, checkpoints, () => false)).toMatchObject({ ok: true });
  });
});
