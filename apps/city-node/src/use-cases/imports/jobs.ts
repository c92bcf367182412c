import type { FieldError } from "@pes/core";
import type { Database } from "@pes/sync/db";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { type ImportState, importJobs, importRejections } from "../../db/tables/imports.js";
import { staff } from "../../db/tables/network.js";
import {
  type CellError,
  cellErrorOfField,
  FORMS,
  type FormDefinition,
  type FormId,
  type FormReading,
  type FormRow,
  scrubPersonalData,
} from "../../domain/forms/index.js";
import {
  type BatchItemInput,
  type Refusal,
  type RefusalReason,
  runBatch,
  type UnknownServicePoints,
} from "../batches/index.js";
import type { UseCaseContext } from "../context.js";
import type { IntakeCaller } from "../intake/types.js";
import { readForm } from "./read-form.js";

export type ImportJobRow = typeof importJobs.$inferSelect;

export interface ImportOptions {
  unknownServicePoints: UnknownServicePoints;
}

/** The uploader's file, read: what a new job is made of. */
export interface NewImport {
  form: FormId;
  staffId: string;
  bytes: Uint8Array;
  format: "xlsx" | "csv";
  fileName?: string | undefined;
  options: ImportOptions;
  purpose?: string | null | undefined;
  requestId?: string | null | undefined;
  /** The file's reading (readForm): its data rows and the cell errors of the rows it refused. */
  reading: Extract<FormReading, { ok: true }>;
}

/**
 * A new import job, queued: the file kept encrypted until the job ends, the rows refused at reading
 * already in its rejections (and counted), the rows read known from the start.
 */
export async function createImportJob(
  ctx: Pick<UseCaseContext, "db" | "vault">,
  job: NewImport,
): Promise<ImportJobRow> {
  const refusedRows = new Set(job.reading.errors.map((e) => e.row)).size;
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(importJobs)
      .values({
        form: job.form,
        staffId: job.staffId,
        format: job.format,
        fileName: job.fileName ?? null,
        fileBytes: job.bytes.byteLength,
        fileEnc: ctx.vault.cipher.encrypt(Buffer.from(job.bytes).toString("base64")),
        options: job.options,
        purpose: job.purpose ?? null,
        requestId: job.requestId ?? null,
        rowsRead: job.reading.rowsRead,
        rowsRejected: refusedRows,
      })
      .returning();
    await keepRejections(tx, row!.id, 0, job.reading.errors);
    return row!;
  });
}

export async function findImportJob(db: Database, id: string): Promise<ImportJobRow | undefined> {
  const [row] = await db.select().from(importJobs).where(eq(importJobs.id, id));
  return row;
}

/** A job's rejections for its report, in the order they were found (the report sorts them by row). */
export async function rejectionsOf(db: Database, jobId: string) {
  return db
    .select({
      row: importRejections.row,
      column: importRejections.column,
      value: importRejections.value,
      reason: importRejections.reason,
    })
    .from(importRejections)
    .where(eq(importRejections.jobId, jobId))
    .orderBy(asc(importRejections.seq));
}

async function keepRejections(db: Database, jobId: string, from: number, errors: readonly CellError[]) {
  for (let at = 0; at < errors.length; at += 2000) {
    const slice = errors.slice(at, at + 2000);
    await db.insert(importRejections).values(
      slice.map((e, i) => ({
        jobId,
        seq: from + at + i + 1,
        row: e.row,
        column: e.column,
        // Masked by the reader (cell values) and here (anything quoting a value).
        value: scrubPersonalData(e.value),
        reason: scrubPersonalData(e.reason),
        path: e.path ?? null,
      })),
    );
  }
}

/** What a refusal says to a clerk, in Chinese, before the rule's own words. */
const LEAD: Record<RefusalReason, string> = {
  schema: "格式不对",
  invalid: "不符合业务规则",
  not_found: "不在您的辖区，或所指的记录不存在",
  conflict: "与已有记录冲突",
  forbidden: "无权办理",
  unauthenticated: "无权办理",
  unavailable: "未导入（系统故障），请重新导入",
  internal: "系统错误，未导入",
};

/** The intake's most frequent refusals, said in Chinese (the others get a Chinese lead before the rule's words). */
const IN_CHINESE: Readonly<Record<string, string>> = {
  "service-point-missing": "请填写服务网点编号或服务网点代码（导入人没有所属网点）",
  "unknown-service-point": "节点中没有这个服务网点：请市管理员先登记，或选择导入时新建网点",
  "service-point-district-unknown": "无法确定新网点所在的区：请填写居住地行政区划",
  "person-not-found": "此人不在您的辖区（或本节点没有此人）",
  "in-the-future": "时间晚于现在",
  "not-eligible-for-internship": "不符合就业见习条件（离校 2 年内的高校毕业生或 16–24 岁登记失业青年）",
  "under-working-age": "未到法定劳动年龄",
  "reached-retirement-age": "已达法定退休年龄",
  "person-fixed": "同一源系统编号已登记为另一人的记录",
  "not-revisable": "同一源系统编号已有内容不同的记录，且此类记录不能修改：请换一个编号",
  "revision-not-allowed": "已登记的记录不允许这样修改",
  duplicate: "与已有记录重复或冲突",
};

/**
 * The rejections of a row the intake refused: one per field refused, at the column it came from
 * (cellErrorOfField); the whole row when the refusal names no field of the form.
 */
export function rejectionsOfRow(form: FormDefinition, row: FormRow, refusal: Refusal): CellError[] {
  const chinese = IN_CHINESE[refusal.code];
  const fields: FieldError[] = refusal.errors
    .map((e) => ({ ...e, path: e.path.replace(/^record\.?/, "") }))
    .filter((e) => e.path !== "");
  const atColumns = fields.map((e) =>
    cellErrorOfField(form, row, {
      path: e.path,
      message: chinese && fields.length === 1 ? chinese : e.message,
      ...(refusal.reason === "schema" ? { code: "invalid_format" } : {}),
    }),
  );
  const placed = atColumns.filter((e) => e.column !== null);
  if (placed.length > 0) return placed;
  return [
    {
      row: row.row,
      column: null,
      value: "",
      reason: chinese ?? `${LEAD[refusal.reason]}（${scrubPersonalData(refusal.message)}）`,
    },
  ];
}

export interface ImportRunnerDeps {
  db: Database;
  /** The node's context, without who acts (each job acts as its uploader). */
  base: Omit<UseCaseContext, "db" | "staffId" | "requestId" | "purpose" | "chunk">;
  onError?: (error: unknown, jobId: string) => void;
  /** Items per chunk (500): each commits with the job's progress. */
  chunkSize?: number;
  /** Waits before a job interrupted by the database is tried again. */
  retryAfterMs?: number;
  /** Told as each chunk's progress is written (in its transaction): the job and its rows applied so far. */
  onProgress?: (jobId: string) => void;
}

/**
 * Runs the import jobs in the node's own process, one at a time, oldest first. Each chunk of a job's
 * rows commits together with the job's progress and rejections, so a job interrupted (the node
 * stopped, the database failed) goes on from its first row not committed when it is run again:
 * resume() at start-up takes up every job left queued or running.
 */
export class ImportRunner {
  private running: Promise<void> | undefined;
  private stopping = false;
  private again = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: ImportRunnerDeps) {}

  /** Starts on the waiting jobs unless already at it. */
  wake(): void {
    if (this.stopping) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.again && !this.stopping) {
        this.again = false;
        this.wake();
      }
    });
  }

  /** At start-up: every job left queued or running goes on. */
  resume(): void {
    this.wake();
  }

  /** Finishes the chunk at hand and stops; the job goes on at the next resume(). */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Resolves when nothing is left to do (for tests and the benchmark). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    for (;;) {
      if (this.stopping) return;
      const [next] = await this.deps.db
        .select()
        .from(importJobs)
        .where(inArray(importJobs.state, ["queued", "running"] satisfies ImportState[]))
        .orderBy(asc(importJobs.createdAt))
        .limit(1);
      if (!next) return;
      try {
        const outcome = await this.run(next);
        if (outcome === "retry") {
          // The database failed part way: the job stays running and is tried again shortly.
          this.timer = setTimeout(() => this.wake(), this.deps.retryAfterMs ?? 5000);
          this.timer.unref?.();
          return;
        }
      } catch (e) {
        this.deps.onError?.(e, next.id);
        await this.finish(
          next.id,
          "failed",
          "导入时发生系统错误，任务已停止；已导入的行保留，请重新上传剩余部分",
        ).catch((failed) => this.deps.onError?.(failed, next.id));
      }
    }
  }

  private async finish(id: string, state: "done" | "failed", error?: string): Promise<void> {
    await this.deps.db
      .update(importJobs)
      .set({ state, finishedAt: sql`now()`, fileEnc: null, error: error ?? null })
      .where(eq(importJobs.id, id));
  }

  /** One job from where it stands. */
  private async run(job: ImportJobRow): Promise<"done" | "stopped" | "retry"> {
    const { db, base } = this.deps;
    await db
      .update(importJobs)
      .set({ state: "running", startedAt: sql`coalesce(${importJobs.startedAt}, now())` })
      .where(eq(importJobs.id, job.id));
    const [uploader] = await db.select().from(staff).where(eq(staff.id, job.staffId));
    if (!uploader?.active) {
      await this.finish(job.id, "failed", "上传人的账号已停用，任务已停止");
      return "done";
    }
    if (!job.fileEnc) {
      await this.finish(job.id, "failed", "文件已不在，任务无法继续");
      return "done";
    }
    const form = FORMS[job.form as FormId];
    const bytes = Buffer.from(base.vault.cipher.decrypt(job.fileEnc), "base64");
    const reading = await readForm(bytes, { form });
    if (!reading.ok) {
      await this.finish(job.id, "failed", reading.problem.message);
      return "done";
    }
    const caller: IntakeCaller = {
      staffId: uploader.id,
      role: uploader.role,
      divisionCode: uploader.divisionCode,
      servicePointId: uploader.servicePointId,
    };
    const rows = reading.rows.slice(job.rowsApplied);
    const [{ seq }] = (await db
      .select({ seq: sql<number>`coalesce(max(${importRejections.seq}), 0)::int` })
      .from(importRejections)
      .where(eq(importRejections.jobId, job.id))) as [{ seq: number }];
    let nextSeq = seq;
    const items: BatchItemInput[] = rows.map((r, index) => ({
      index,
      value: { kind: r.kind, record: r.body },
    }));
    const options = job.options as Partial<ImportOptions>;
    const outcome = await runBatch(
      {
        ...base,
        db,
        staffId: uploader.id,
        requestId: job.requestId,
        purpose: job.purpose ?? `导入 ${form.title}`,
        caller,
      },
      items,
      {
        unknownServicePoints: options.unknownServicePoints ?? "refuse",
        chunkSize: this.deps.chunkSize,
        shouldStop: () => this.stopping,
        onUnexpected: (e) => this.deps.onError?.(e, job.id),
        // The chunk's progress and rejections commit with its rows.
        afterChunk: async (tx, results) => {
          const rejected: CellError[] = [];
          const count = { created: 0, revised: 0, unchanged: 0, refused: 0 };
          for (const r of results) {
            count[r.status]++;
            if (r.refusal) rejected.push(...rejectionsOfRow(form, rows[r.index]!, r.refusal));
          }
          await keepRejections(tx, job.id, nextSeq, rejected);
          nextSeq += rejected.length;
          await tx
            .update(importJobs)
            .set({
              rowsApplied: sql`${importJobs.rowsApplied} + ${results.length}`,
              rowsAccepted: sql`${importJobs.rowsAccepted} + ${count.created + count.revised + count.unchanged}`,
              rowsRejected: sql`${importJobs.rowsRejected} + ${count.refused}`,
              created: sql`${importJobs.created} + ${count.created}`,
              revised: sql`${importJobs.revised} + ${count.revised}`,
              unchanged: sql`${importJobs.unchanged} + ${count.unchanged}`,
            })
            .where(and(eq(importJobs.id, job.id), eq(importJobs.state, "running")));
          this.deps.onProgress?.(job.id);
        },
      },
    );
    if (outcome.interrupted) return "retry";
    if (outcome.stopped) return "stopped";
    await this.finish(job.id, "done");
    return "done";
  }
}
