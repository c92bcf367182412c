import { outboxBacklog, outbox as outboxRows } from "@pes/sync";
import type { Database } from "@pes/sync/db";
import { desc, eq, isNull, sql } from "drizzle-orm";
import { changes, rejections } from "../db/tables/feedback.js";
import { importJobs } from "../db/tables/imports.js";

/**
 * 节点状态: what a city's staff check first when the province says it is missing something — the
 * outbox (what waits to be published and for how long), the last record published, the last
 * flow-back applied, the province's refusals still open, and the imports with their progress.
 * Counts and times only: no personal data.
 */
export async function nodeStatus(db: Database, opts: { importsOf?: string | undefined }) {
  const [outbox, [published], [flowback], [refused], imports] = await Promise.all([
    outboxBacklog(db),
    // On demand only (published rows are kept a day): not on /metrics' path.
    db.select({ last: sql<string | null>`max(${outboxRows.publishedAt})` }).from(outboxRows),
    db.select({ last: sql<string | null>`max(${changes.receivedAt})` }).from(changes),
    db.select({ open: sql<number>`count(*)::int` }).from(rejections).where(isNull(rejections.clearedAt)),
    db
      .select({
        id: importJobs.id,
        form: importJobs.form,
        state: importJobs.state,
        fileName: importJobs.fileName,
        rowsRead: importJobs.rowsRead,
        rowsApplied: importJobs.rowsApplied,
        rowsRejected: importJobs.rowsRejected,
        createdAt: importJobs.createdAt,
        finishedAt: importJobs.finishedAt,
      })
      .from(importJobs)
      .where(opts.importsOf ? eq(importJobs.staffId, opts.importsOf) : undefined)
      .orderBy(desc(importJobs.createdAt))
      .limit(10),
  ]);
  return {
    outbox: {
      pending: outbox.rows,
      oldestAgeSeconds: Math.round(outbox.oldestAgeSeconds),
      lastPublishedAt: published?.last ? new Date(published.last).toISOString() : null,
    },
    lastFlowbackAppliedAt: flowback?.last ? new Date(flowback.last).toISOString() : null,
    openRejections: refused?.open ?? 0,
    imports: imports.map((i) => ({
      ...i,
      createdAt: i.createdAt.toISOString(),
      finishedAt: i.finishedAt?.toISOString() ?? null,
    })),
  };
}
