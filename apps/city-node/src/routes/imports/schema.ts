import { z } from "@hono/zod-openapi";
import { FORM_IDS, FORMS, type FormId } from "../../domain/forms/index.js";
import type { ImportJobRow } from "../../use-cases/imports/index.js";

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export const FormIdSchema = z.enum(FORM_IDS as [FormId, ...FormId[]]).openapi({
  description:
    "The form: job-seeker-registration 求职登记表, vacancy-registration 用人单位招聘登记表, unemployment-application " +
    "失业登记表, employment-registration 就业登记表, key-group-membership 重点群体实名台账, service-record 服务记录, " +
    "training-record 培训记录",
  example: "job-seeker-registration",
});

export const ImportJobView = z
  .object({
    id: z.uuid(),
    form: FormIdSchema,
    formTitle: z.string().openapi({ example: "求职登记表" }),
    state: z.enum(["queued", "running", "done", "failed"]),
    done: z
      .boolean()
      .openapi({ description: "The job has ended (state done or failed): the counts are final" }),
    rowsRead: z
      .number()
      .int()
      .openapi({ description: "Data rows in the file (rows with a cell the form reads)" }),
    rowsAccepted: z.number().int().openapi({ description: "Rows taken in: created, revised or unchanged" }),
    rowsRejected: z.number().int().openapi({
      description: "Rows not taken: refused at reading (a cell) or by the intake (a rule, the area)",
    }),
    created: z.number().int(),
    revised: z.number().int(),
    unchanged: z.number().int(),
    fileName: z.string().nullable(),
    fileBytes: z.number().int(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    error: z.string().nullable().openapi({ description: "Why a failed job stopped (Chinese)" }),
    rejectionReport: z.string().openapi({ example: "/v1/imports/0b7a…/rejections.xlsx" }),
  })
  .openapi("ImportJob");

export function presentJob(job: ImportJobRow): z.infer<typeof ImportJobView> {
  return {
    id: job.id,
    form: job.form as FormId,
    formTitle: FORMS[job.form as FormId]?.title ?? job.form,
    state: job.state,
    done: job.state === "done" || job.state === "failed",
    rowsRead: job.rowsRead ?? 0,
    rowsAccepted: job.rowsAccepted,
    rowsRejected: job.rowsRejected,
    created: job.created,
    revised: job.revised,
    unchanged: job.unchanged,
    fileName: job.fileName,
    fileBytes: job.fileBytes,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
    error: job.error,
    rejectionReport: `/v1/imports/${job.id}/rejections.xlsx`,
  };
}

/** An attachment's Content-Disposition with a Chinese name (RFC 6266, filename* in UTF-8). */
export function attachment(name: string, ascii: string): string {
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
