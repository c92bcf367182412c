import { z } from "@hono/zod-openapi";
import { DomainError, errorResponses, IdParam, problemResponse } from "@pes/http";
import type { Context } from "hono";
import { defineRoute, staff } from "../../auth/access.js";
import type { App, AppEnv } from "../../context.js";
import { FORMS, type FormId } from "../../domain/forms/index.js";
import { findImportJob, rejectionReportXlsx, rejectionsOf } from "../../use-cases/imports/index.js";
import { attachment, ImportJobView, presentJob, XLSX_TYPE } from "./schema.js";

const tags = ["Intake 批量与导入"];

const getRoute = defineRoute({
  method: "get",
  path: "/v1/imports/{id}",
  tags,
  summary: "An import job's progress: rows read, accepted, rejected, done (导入进度)",
  description:
    "Visible to the staff member who uploaded the file and to the city admins; 404 to anyone else.",
  access: staff,
  request: { params: IdParam },
  responses: {
    200: { description: "The job as it stands", content: { "application/json": { schema: ImportJobView } } },
    ...errorResponses,
    404: problemResponse("No such import job of yours (import-not-found)"),
  },
});

const reportRoute = defineRoute({
  method: "get",
  path: "/v1/imports/{id}/rejections.xlsx",
  tags,
  summary: "The rejection report of an import: row, column, value (masked), reason in Chinese (未导入明细)",
  description:
    "One line per refused cell (or whole row), by row: 行号, 列, 值, 原因. Values are masked (ID numbers, names, " +
    "phones by their column, and any ID number or mobile quoted anywhere). Available while the job runs (the " +
    "rows so far) and after it. Visible as the job.",
  access: staff,
  request: { params: IdParam },
  responses: {
    200: {
      description: "The report (XLSX)",
      content: { [XLSX_TYPE]: { schema: z.string().openapi({ format: "binary" }) } },
    },
    ...errorResponses,
    404: problemResponse("No such import job of yours (import-not-found)"),
  },
});

/** The job, if the caller may see it: theirs, or any for a city admin. */
async function jobOf(c: Context<AppEnv>, id: string) {
  const job = await findImportJob(c.get("services").db.db, id);
  const caller = c.get("caller");
  if (!job || (job.staffId !== caller.staffId && caller.role !== "city-admin"))
    throw new DomainError("not_found", "import-not-found", `No import job ${id} of yours`);
  return job;
}

export function registerGetImport(app: App): void {
  app.openapi(getRoute, async (c) => {
    const { id } = c.req.valid("param");
    return c.json(presentJob(await jobOf(c, id)), 200);
  });

  app.openapi(reportRoute, async (c) => {
    const { id } = c.req.valid("param");
    const job = await jobOf(c, id);
    const form = FORMS[job.form as FormId];
    const report = await rejectionReportXlsx(await rejectionsOf(c.get("services").db.db, job.id), { form });
    return c.body(report as Uint8Array<ArrayBuffer>, 200, {
      "content-type": XLSX_TYPE,
      "content-disposition": attachment(`${form.title}-未导入明细.xlsx`, `rejections-${job.id}.xlsx`),
    }) as never;
  });
}
