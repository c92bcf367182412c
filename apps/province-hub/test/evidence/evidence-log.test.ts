// @hono/zod-openapi extends zod before @pes/schemas (loaded by @pes/sync) builds its schemas.
import "@hono/zod-openapi";
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { fromKafkaHeaders, sealAttributesOf, sourceOf, topics } from "@pes/schemas";
import { recordDigest, sm2Verify } from "@pes/sync";
import { startGroupAtEnd, TEST_BROKERS, waitFor } from "@pes/sync/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EvidenceEntry, verifyLog } from "../../src/domain/evidence/chain.js";
import { parseExport } from "../../src/domain/evidence/file.js";
import { type DeadLetterIndexer, startDeadLetterIndexer } from "../../src/streams/dead-letter-indexer.js";
import { INGEST_TOPICS, startIngest } from "../../src/streams/runtime.js";
import { evidenceHeader, evidenceSigner } from "../../src/trust.js";
import { checkpointIfDue } from "../../src/use-cases/evidence/checkpoint.js";
import { archiveEvidence, exportEvidence } from "../../src/use-cases/evidence/export.js";
import {
  cipher,
  hubWithStreams,
  type PublishedMessage,
  person,
  published,
  SECRET,
  TEST_TRUST,
  unemployment,
} from "../support/index.js";

// The evidence log on the real broker (issue 16 #1): the hub ingests two cities' registrations of one
// person, refuses a forged record and sends the older city a closure instruction; the exported log
// holds all three kinds, its chain holds, and `pnpm verify-log` says so without the database.
type Ctx = Awaited<ReturnType<typeof hubWithStreams>>;
let ctx: Ctx;
let ingest: Awaited<ReturnType<typeof startIngest>> | undefined;
let indexer: DeadLetterIndexer | undefined;
const group = `hub-test-evidence-${randomUUID()}`;
const idOf = (m: PublishedMessage) => m.headers.ce_id!;
const digestOf = (m: PublishedMessage) => {
  const attrs = fromKafkaHeaders(m.headers);
  if (!attrs.success) throw new Error("no envelope");
  return recordDigest(attrs.data, sealAttributesOf(m.headers), m.value).toString("hex");
};

const entries = async () =>
  (
    await ctx.hub.query<{ seq: string } & Omit<EvidenceEntry, "seq">>(
      sql`select seq::text, kind, record_id as "recordId", digest, ref, sender, receiver, "at", reason, prev, hash
      from hub_evidence_log order by seq`,
    )
  ).map((r) => ({ ...r, seq: Number(r.seq) }) as EvidenceEntry);

beforeAll(async () => {
  ctx = await hubWithStreams("evidence");
  await startGroupAtEnd(ctx.streams.admin, group, INGEST_TOPICS);
  ingest = await startIngest(ctx.hub.db, {
    kafkaBrokers: TEST_BROKERS,
    personKeySecret: SECRET,
    cipher,
    trust: TEST_TRUST,
    groupId: group,
    deadLetterTopic: ctx.deadLetterTopic,
  });
  indexer = await startDeadLetterIndexer({
    brokers: TEST_BROKERS,
    db: ctx.hub.db.db,
    topic: ctx.deadLetterTopic,
    groupId: `${group}-dead-letters`,
    trust: TEST_TRUST,
    evidenceGroups: [group],
  });
});
afterAll(async () => {
  await indexer?.stop();
  await ingest?.close();
  await ctx?.close();
});

describe("the hub's evidence log on the real broker", () => {
  it("enters what it accepted, rejected and sent, and the exported log verifies", {
    timeout: 120_000,
  }, async () => {
    const who = person();
    const [xiamen] = published([unemployment("350200", who, "2025-03-03")]);
    const [quanzhou] = published([unemployment("350500", who, "2025-05-10")]);
    const [forged] = published([unemployment("350200", person(), "2025-03-04")], {
      signedBy: sourceOf.city("350100"),
    });
    await ctx.streams.producer.send({ topic: topics.cityPerson("350200"), acks: -1, messages: [xiamen!] });
    await ctx.streams.producer.send({
      topic: topics.cityPerson("350500"),
      acks: -1,
      messages: [quanzhou!],
    });
    await ctx.streams.producer.send({ topic: topics.cityPerson("350200"), acks: -1, messages: [forged!] });

    const log = await waitFor(
      async () => {
        const all = await entries();
        const ours = (kind: string, id: string) => all.find((e) => e.kind === kind && e.recordId === id);
        const sent = all.find((e) => e.kind === "sent" && e.receiver === "/city/350200");
        return ours("accepted", idOf(xiamen!)) &&
          ours("accepted", idOf(quanzhou!)) &&
          ours("rejected", idOf(forged!)) &&
          sent
          ? all
          : undefined;
      },
      { what: "accepted, rejected and sent entries", timeoutMs: 60_000 },
    );
    const find = (kind: string, id: string) => log.find((e) => e.kind === kind && e.recordId === id)!;
    // Accepted: the leaf the city signed, under its key and root.
    expect(find("accepted", idOf(xiamen!))).toMatchObject({
      digest: digestOf(xiamen!),
      ref: `${xiamen!.headers.ce_peskeyid}:${xiamen!.headers.ce_pesroot}`,
      sender: "/city/350200",
      receiver: "/province",
      reason: "",
    });
    // Rejected: the record as it arrived, and why.
    expect(find("rejected", idOf(forged!))).toMatchObject({
      digest: digestOf(forged!),
      sender: "/city/350200",
      reason: "unknown-signer",
    });
    // Sent: the closure instruction to Xiamen, by its outbox row, and the digest the relay signs.
    const sent = log.find((e) => e.kind === "sent" && e.receiver === "/city/350200")!;
    const [row] = await ctx.hub.query<{ id: string; event_id: string }>(
      sql`select id::text, event_id from pes_outbox where id = ${sent.ref.replace("outbox:", "")}::bigint`,
    );
    expect(row?.event_id).toBe(sent.recordId);
    expect(sent).toMatchObject({ sender: "/province", digest: expect.stringMatching(/^[0-9a-f]{64}$/) });
    // One entry per record: a record handed on is entered once.
    expect(log.filter((e) => e.recordId === idOf(xiamen!))).toHaveLength(1);

    // Signed, exported, and verified offline.
    const checkpoint = await checkpointIfDue(ctx.hub.db.db, evidenceSigner(TEST_TRUST), {
      everyEntries: 1,
      everyMs: 0,
    });
    expect(checkpoint?.seq).toBeGreaterThanOrEqual(log.at(-1)!.seq);
    const lines = await exportEvidence(ctx.hub.db.db, evidenceHeader(TEST_TRUST));
    const exported = parseExport(lines.join("\n"));
    expect(exported.header.keys).toEqual([
      { id: checkpoint!.keyId, publicKey: TEST_TRUST.registry.key(checkpoint!.keyId)!.publicKey },
    ]);
    expect(new Set(exported.entries.map((e) => e.kind))).toEqual(new Set(["accepted", "rejected", "sent"]));
    const verdict = verifyLog(exported.entries, exported.checkpoints, (s, sig, keyId) =>
      sm2Verify(s, sig, TEST_TRUST.registry.key(keyId)!.publicKey),
    );
    expect(verdict).toMatchObject({ ok: true, firstBreak: undefined, lastCheckpointed: checkpoint!.seq });

    const dir = mkdtempSync(join(tmpdir(), "evidence-"));
    const file = join(dir, "log.jsonl");
    writeFileSync(file, `${lines.join("\n")}\n`);
    const cli = join(import.meta.dirname, "../../src/cli/verify-log.ts");
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", cli, file]);
    expect(stdout).toMatch(/OK: the chain holds throughout/);

    // The same export over HTTP, for an admin only; a range that ends before the log's end is not
    // vouched for by a new checkpoint.
    const viewer = await ctx.hub.app.request("/v1/evidence/log", { headers: ctx.hub.as.viewer });
    expect(viewer.status).toBe(403);
    const backwards = await ctx.hub.app.request("/v1/evidence/log?from=3&to=2", {
      headers: ctx.hub.as.admin,
    });
    expect(backwards.status).toBe(400);
    expect(((await backwards.json()) as { errors: unknown }).errors).toEqual([
      expect.objectContaining({ path: "to" }),
    ]);
    const http = await ctx.hub.app.request("/v1/evidence/log", { headers: ctx.hub.as.admin });
    expect(http.status).toBe(200);
    expect(http.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
    const overHttp = parseExport(await http.text());
    // The same log, perhaps longer: other tests' records on the shared topics go on arriving.
    expect(overHttp.entries.slice(0, exported.entries.length)).toEqual(exported.entries);
    expect(
      verifyLog(overHttp.entries, overHttp.checkpoints, (s, sig, keyId) =>
        sm2Verify(s, sig, TEST_TRUST.registry.key(keyId)!.publicKey),
      ),
    ).toMatchObject({ ok: true, lastCheckpointed: overHttp.entries.at(-1)!.seq });

    // Retention: what is past it goes to a file, up to the last checkpoint (the HTTP export signed one
    // at its end, after records other tests sent meanwhile), and that file verifies alone.
    const [last] = await ctx.hub.query<{ seq: string }>(
      sql`select max(seq)::text as seq from hub_evidence_checkpoints`,
    );
    const lastCheckpoint = Number(last!.seq);
    expect(lastCheckpoint).toBeGreaterThanOrEqual(overHttp.entries.at(-1)!.seq);
    const archived = await archiveEvidence(ctx.hub.db.db, {
      retentionDays: 183,
      dir: join(dir, "archive"),
      header: evidenceHeader(TEST_TRUST),
      now: new Date(Date.now() + 184 * 86_400_000),
    });
    expect(archived).toMatchObject({ fromSeq: 1, toSeq: lastCheckpoint });
    expect(readdirSync(join(dir, "archive"))).toHaveLength(1);
    const segment = await promisify(execFile)(process.execPath, ["--import", "tsx", cli, archived!.file]);
    expect(segment.stdout).toMatch(/OK: the chain holds throughout; signed by the hub up to entry/);
    expect((await entries()).filter((e) => e.seq <= lastCheckpoint)).toEqual([]);
  });
});
