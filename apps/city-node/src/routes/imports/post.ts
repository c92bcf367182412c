import type { z } from "@hono/zod-openapi";
import {
  allowBodySize,
  errorResponses,
  IdempotencyHeaders,
  MAX_BODY_EXTENSION,
  problem,
  problemResponse,
} from "@pes/http";
import type { Context } from "hono";
import { defineRoute, staff } from "../../auth/access.js";
import type { App, AppEnv } from "../../context.js";
import type { FileProblem } from "../../domain/forms/index.js";
import { importRunnerOf } from "../../import-runner.js";
import { createImportJob, MAX_IMPORT_BYTES, readForm, sniffFormat } from "../../use-cases/imports/index.js";
import { UnknownServicePointsQuery } from "../batches/schema.js";
import { purposeOf } from "../shared.js";
import { FormIdSchema, ImportJobView, presentJob, XLSX_TYPE } from "./schema.js";

const PATH = "/v1/imports";
/** Room for a multipart envelope around the largest file. */
const MULTIPART_SLACK = 64 * 1024;

const binary = { type: "string" as const, format: "binary" };

const route = defineRoute({
  method: "post",
  path: PATH,
  tags: ["Intake 批量与导入"],
  summary: "Upload a bureau's spreadsheet (CSV or XLSX) in the columns of a form: an import job (表格导入)",
  description:
    "The file is the form's sheet with its Chinese headers (the template of GET /v1/forms/{formId}/template.xlsx), " +
    "as multipart/form-data (field `file`) or as the raw body (text/csv, XLSX or application/octet-stream). Its " +
    "format is told by its content, never its name. It is read at once: a file that cannot be taken (not CSV or " +
    "XLSX, not UTF-8 such as a GBK CSV, no header, a required column missing…) is refused whole with a problem " +
    "naming the row and column (`row`, `column`, `missing`; the reason in Chinese in `detail`), and one over " +
    `${MAX_IMPORT_BYTES / 1024 / 1024} MiB gets 413.\n\n` +
    "A readable file becomes an import job (202, `Location`), run by the node in the background, one job at a " +
    "time: each row goes through the same intake as POST /v1/batches, as the uploader and within their area (a " +
    "person outside it is refused per row). Rows with a bad cell and rows the intake refuses land in the rejection " +
    "report (GET /v1/imports/{id}/rejections.xlsx: row, column, the value masked, the reason in Chinese). A row " +
    "with 源系统编号 imported again is unchanged. Each 500 rows commit with the job's progress: a node that stops " +
    "resumes the job at its next start from the first row not committed.",
  access: staff,
  [MAX_BODY_EXTENSION]: MAX_IMPORT_BYTES + MULTIPART_SLACK,
  request: {
    query: UnknownServicePointsQuery.extend({ form: FormIdSchema }),
    headers: IdempotencyHeaders,
    body: {
      required: true,
      content: {
        "multipart/form-data": {
          schema: { type: "object", properties: { file: binary }, required: ["file"] },
        },
        "text/csv": { schema: binary },
        [XLSX_TYPE]: { schema: binary },
        "application/octet-stream": { schema: binary },
      },
    },
  },
  responses: {
    202: {
      description: "The file is read and its job queued; follow Location for its progress",
      headers: { Location: { description: "The job: /v1/imports/{id}", schema: { type: "string" } } },
      content: { "application/json": { schema: ImportJobView } },
    },
    ...errorResponses,
    400: problemResponse(
      "No file (multipart without `file`, an empty body), or a query parameter invalid (form, unknownServicePoints)",
    ),
    403: problemResponse("unknownServicePoints=create by anyone but a city admin (forbidden-role)"),
    409: problemResponse("The first request with this Idempotency-Key is still being handled"),
    413: problemResponse(
      `The file is over ${MAX_IMPORT_BYTES / 1024 / 1024} MiB, or an XLSX unpacks past 128 MiB (too-large, body-too-large)`,
    ),
    415: problemResponse(
      "Not a CSV or XLSX: a PDF, an old .xls, a web page posing as .xls (not-a-spreadsheet, xls-not-supported)",
    ),
    422: problemResponse(
      "The file cannot be read as the form: not-utf-8 (e.g. GBK; `row` and `column` of the first bad text), unreadable-csv, unreadable-xlsx, no-sheet, no-header, missing-columns (`missing`), duplicate-column, too-many-rows, no-rows; or the Idempotency-Key was used for another request",
    ),
  },
});

const STATUS_OF_PROBLEM: Partial<Record<FileProblem["code"], 413 | 415>> = {
  "too-large": 413,
  "not-a-spreadsheet": 415,
  "xls-not-supported": 415,
};

/** The uploaded file: a multipart field `file`, or the body itself. */
async function fileOf(c: Context<AppEnv>): Promise<{ bytes: Uint8Array; name?: string } | undefined> {
  const type = c.req.header("content-type") ?? "";
  if (/^multipart\/form-data/i.test(type)) {
    const form = await c.req.parseBody();
    const file = form.file;
    if (!(file instanceof File)) return undefined;
    return { bytes: new Uint8Array(await file.arrayBuffer()), name: file.name };
  }
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  return bytes.byteLength > 0 ? { bytes } : undefined;
}

export function registerPostImport(app: App): void {
  allowBodySize(app, "POST", PATH, MAX_IMPORT_BYTES + MULTIPART_SLACK);
  app.openapi(route, async (c) => {
    const { form, unknownServicePoints } = c.req.valid("query");
    const caller = c.get("caller");
    if (unknownServicePoints === "create" && caller.role !== "city-admin")
      return problem(c, {
        status: 403,
        code: "forbidden-role",
        detail: `Only a city admin creates service points (unknownServicePoints=create); you are ${caller.role}`,
      }) as never;
    const file = await fileOf(c);
    if (!file)
      return problem(c, {
        status: 400,
        code: "no-file",
        detail: "Send the file as the body, or as the multipart field `file`",
        errors: [{ path: "file", in: "body", message: "required" }],
      }) as never;
    const reading = await readForm(file.bytes, { form });
    if (!reading.ok) {
      const { code, message, ...where } = reading.problem;
      return problem(c, {
        status: STATUS_OF_PROBLEM[code] ?? 422,
        code,
        title: "The file cannot be imported",
        detail: message,
        extensions: where,
      }) as never;
    }
    const services = c.get("services");
    const sniffed = sniffFormat(file.bytes);
    const job = await createImportJob(
      { db: services.db.db, vault: services.vault },
      {
        form,
        staffId: caller.staffId,
        bytes: file.bytes,
        format: sniffed.ok ? sniffed.format : "csv",
        fileName: file.name?.slice(0, 200),
        options: { unknownServicePoints: unknownServicePoints ?? "refuse" },
        purpose: purposeOf(c),
        requestId: c.get("requestId"),
        reading,
      },
    );
    importRunnerOf(services).wake();
    c.header("Location", `${PATH}/${job.id}`);
    return c.json(presentJob(job), 202) as never;
  });
}

export type ImportJobAnswer = z.infer<typeof ImportJobView>;
