import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { generateSm2KeyPair, sm2Sign, sm2Verify } from "@pes/sync";
import { describe, expect, it } from "vitest";
import {
  chain,
  checkpointStatement,
  type EvidenceCheckpoint,
  type EvidenceEntry,
  type EvidenceFacts,
  entryHash,
  GENESIS,
  verifyLog,
} from "../../src/domain/evidence/chain.js";

// The evidence log's chain and its offline verifier (issue 16 #1): each kind of tampering is found,
// at the entry where it was done.
const hub = { id: "test-province-sig", ...generateSm2KeyPair() };
const forger = generateSm2KeyPair();

const facts = (n: number): EvidenceFacts[] =>
  Array.from({ length: n }, (_, i) => ({
    kind: (["accepted", "rejected", "sent"] as const)[i % 3]!,
    recordId: `rec-${i + 1}`,
    digest: (i + 1).toString(16).padStart(64, "0"),
    ref: i % 3 === 2 ? `outbox:${i + 1}` : `test-city-sig:${"ab".repeat(32)}`,
    sender: i % 3 === 2 ? "/province" : "/city/350200",
    receiver: i % 3 === 2 ? "/city/350200" : "/province",
    at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    reason: i % 3 === 1 ? "forged" : "",
  }));

const checkpointOf = (e: EvidenceEntry, key = hub): EvidenceCheckpoint => {
  const unsigned = { seq: e.seq, hash: e.hash, at: e.at, keyId: hub.id };
  return { ...unsigned, signature: sm2Sign(checkpointStatement(unsigned), key) };
};

const holds = (statement: string, signature: string, keyId: string) =>
  keyId === hub.id && sm2Verify(statement, signature, hub.publicKey);

/** Ten entries, checkpoints after the 5th and the 10th. */
function log() {
  const entries = chain({ seq: 0, hash: GENESIS }, facts(10));
  return { entries, checkpoints: [checkpointOf(entries[4]!), checkpointOf(entries[9]!)] };
}

describe("the evidence chain", () => {
  it("numbers entries from 1 and links each to the one before by SM3", () => {
    const { entries } = log();
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(entries[0]!.prev).toBe(GENESIS);
    for (const [i, e] of entries.entries()) {
      if (i > 0) expect(e.prev).toBe(entries[i - 1]!.hash);
      expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
    }
    // Appending later continues the same chain as appending at once.
    const first = chain({ seq: 0, hash: GENESIS }, facts(10).slice(0, 4));
    const rest = chain({ seq: 4, hash: first[3]!.hash }, facts(10).slice(4));
    expect([...first, ...rest]).toEqual(entries);
  });

  it("keeps a field's newline out of the canonical form", () => {
    const [e] = chain({ seq: 0, hash: GENESIS }, [{ ...facts(1)[0]!, reason: "a\nb" }]);
    expect(e!.reason).toBe("a b");
  });
});

describe("verifyLog", () => {
  it("passes an intact log, vouched for up to its last checkpoint", () => {
    const { entries, checkpoints } = log();
    expect(verifyLog(entries, checkpoints, holds)).toMatchObject({
      ok: true,
      entries: 10,
      checkpoints: 2,
      firstBreak: undefined,
      lastCheckpointed: 10,
      problems: [],
    });
  });

  it("finds an altered entry at its sequence number", () => {
    const { entries, checkpoints } = log();
    entries[6] = { ...entries[6]!, receiver: "/city/350100" };
    const v = verifyLog(entries, checkpoints, holds);
    expect(v.ok).toBe(false);
    expect(v.firstBreak).toBe(7);
    expect(v.problems[0]).toMatchObject({ seq: 7, problem: "altered" });
  });

  it("finds an altered entry whose hash was recomputed: the next no longer follows it", () => {
    const { entries, checkpoints } = log();
    const changed = { ...entries[6]!, digest: "f".repeat(64) };
    entries[6] = { ...changed, hash: entryHash(changed.prev, changed) };
    const v = verifyLog(entries, checkpoints, holds);
    expect(v.firstBreak).toBe(8);
    expect(v.problems.map((p) => [p.seq, p.problem])).toEqual([[8, "broken-link"]]);
    // Recomputed onward too, the chain is whole again, but not the one the hub signed.
    for (let i = 7; i < entries.length; i++) {
      const e = { ...entries[i]!, prev: entries[i - 1]!.hash };
      entries[i] = { ...e, hash: entryHash(e.prev, e) };
    }
    const rechained = verifyLog(entries, checkpoints, holds);
    expect(rechained.firstBreak).toBe(10);
    expect(rechained.problems).toEqual([
      expect.objectContaining({
        seq: 10,
        problem: "checkpoint-mismatch",
        detail: expect.stringMatching(/after entry 5,/),
      }),
    ]);
  });

  it("finds a removed entry where it was", () => {
    const { entries, checkpoints } = log();
    entries.splice(3, 1); // entry 4
    const v = verifyLog(entries, checkpoints, holds);
    expect(v.firstBreak).toBe(4);
    expect(v.problems[0]).toMatchObject({ seq: 4, problem: "removed" });
    expect(v.problems.map((p) => p.problem)).toContain("broken-link");
  });

  it("finds removed entries at the end when a checkpoint covers them", () => {
    const { entries, checkpoints } = log();
    const v = verifyLog(entries.slice(0, 8), checkpoints, holds);
    expect(v.ok).toBe(false);
    expect(v.problems).toEqual([expect.objectContaining({ seq: 10, problem: "removed" })]);
  });

  it("finds an inserted entry, even one chained properly onto the entry before", () => {
    const { entries, checkpoints } = log();
    const [forged] = chain({ seq: 5, hash: entries[4]!.hash }, [{ ...facts(1)[0]!, recordId: "smuggled" }]);
    entries.splice(5, 0, forged!); // between 5 and 6, numbered 6
    const v = verifyLog(entries, checkpoints, holds);
    expect(v.firstBreak).toBe(6);
    expect(v.problems[0]).toMatchObject({ seq: 6, problem: "inserted" });
    expect(v.problems).toContainEqual(expect.objectContaining({ seq: 6, problem: "broken-link" }));
  });

  it("finds a forged checkpoint: signed with another key, or with its covered hash changed", () => {
    const { entries, checkpoints } = log();
    const byForger = checkpointOf(entries[7]!, { ...forger, id: hub.id } as typeof hub);
    const moved = { ...checkpoints[0]!, hash: entries[5]!.hash };
    const v = verifyLog(entries, [byForger, moved, checkpoints[1]!], holds);
    expect(v.ok).toBe(false);
    expect(v.firstBreak).toBeUndefined(); // the chain itself holds
    expect(v.problems.map((p) => [p.seq, p.problem])).toEqual([
      [5, "forged-checkpoint"],
      [8, "forged-checkpoint"],
    ]);
  });

  it("checks a segment after an archived one from the checkpoint that ends the archive", () => {
    const { entries, checkpoints } = log();
    expect(verifyLog(entries.slice(5), checkpoints, holds)).toMatchObject({ ok: true, lastCheckpointed: 10 });
    // Its first entry changed to follow something else: the archive's checkpoint catches it.
    const detached = entries.slice(5);
    const moved = { ...detached[0]!, prev: "1".repeat(64) };
    detached[0] = { ...moved, hash: entryHash(moved.prev, moved) };
    expect(verifyLog(detached, checkpoints, holds).problems[0]).toMatchObject({
      seq: 6,
      problem: "broken-link",
    });
  });
});

describe("pnpm verify-log", () => {
  const run = promisify(execFile);
  const cli = join(import.meta.dirname, "../../src/cli/verify-log.ts");
  const dir = mkdtempSync(join(tmpdir(), "verify-log-"));
  const write = (name: string, entries: EvidenceEntry[], checkpoints: EvidenceCheckpoint[]) => {
    const file = join(dir, name);
    const header = { type: "header", format: "pes-evidence-log-1", source: "/province", keys: [hub] };
    const lines = [
      { ...header, keys: [{ id: hub.id, publicKey: hub.publicKey }] },
      ...entries.map((e) => ({ type: "entry", ...e })),
      ...checkpoints.map((c) => ({ type: "checkpoint", ...c })),
    ];
    writeFileSync(file, lines.map((l) => JSON.stringify(l)).join("\n"));
    return file;
  };
  const verify = (file: string) =>
    run(process.execPath, ["--import", "tsx", cli, file]).then(
      (r) => ({ code: 0, out: r.stdout }),
      (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
    );

  it("exits 0 on an intact file and 1, naming the entry, on a tampered one", {
    timeout: 60_000,
  }, async () => {
    const { entries, checkpoints } = log();
    const intact = await verify(write("intact.jsonl", entries, checkpoints));
    expect(intact).toMatchObject({ code: 0 });
    expect(intact.out).toMatch(/OK: the chain holds throughout; signed by the hub up to entry 10/);
    entries[2] = { ...entries[2]!, recordId: "other" };
    const tampered = await verify(write("tampered.jsonl", entries, checkpoints));
    expect(tampered.code).toBe(1);
    expect(tampered.out).toMatch(/entry 3: altered/);
    expect(tampered.out).toMatch(/the chain breaks first at entry 3/);
  });
});
