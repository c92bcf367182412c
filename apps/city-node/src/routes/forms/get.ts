import { z } from "@hono/zod-openapi";
import { errorResponses } from "@pes/http";
import { defineRoute, staff } from "../../auth/access.js";
import type { App } from "../../context.js";
import { FORMS, type FormDefinition } from "../../domain/forms/index.js";
import { templateCsv, templateXlsx } from "../../use-cases/imports/index.js";
import { attachment, FormIdSchema, XLSX_TYPE } from "../imports/schema.js";

const tags = ["Intake 批量与导入"];

const FormView = z
  .object({
    id: FormIdSchema,
    title: z.string().openapi({ example: "求职登记表" }),
    kind: z
      .string()
      .openapi({ description: "The record kind each row becomes", example: "job-seeker-registration" }),
    columns: z.array(
      z.object({
        header: z.string().openapi({ example: "公民身份号码" }),
        aliases: z.array(z.string()),
        required: z.boolean(),
        format: z.string().openapi({ description: "How to fill it in (Chinese)" }),
        labels: z
          .array(z.string())
          .optional()
          .openapi({ description: "The values it takes, when it is a list" }),
        example: z.string(),
      }),
    ),
    templates: z.object({ xlsx: z.string(), csv: z.string() }),
  })
  .openapi("ImportForm");

const present = (form: FormDefinition) => ({
  id: form.id,
  title: form.title,
  kind: form.kind,
  columns: form.columns
    .filter((c) => c.convert)
    .map((c) => ({
      header: c.header,
      aliases: [...(c.aliases ?? [])],
      required: c.required ?? false,
      format: c.format,
      ...(c.labels ? { labels: [...c.labels.labels] } : {}),
      example: c.example,
    })),
  templates: { xlsx: `/v1/forms/${form.id}/template.xlsx`, csv: `/v1/forms/${form.id}/template.csv` },
});

const listRoute = defineRoute({
  method: "get",
  path: "/v1/forms",
  tags,
  summary: "The forms a bureau may upload (表格模板), with their columns",
  access: staff,
  responses: {
    200: {
      description: "Every form",
      content: { "application/json": { schema: z.object({ forms: z.array(FormView) }) } },
    },
    ...errorResponses,
  },
});

const Params = z.object({ formId: FormIdSchema.openapi({ param: { name: "formId", in: "path" } }) });

const templateRoute = (format: "xlsx" | "csv") =>
  defineRoute({
    method: "get",
    path: `/v1/forms/{formId}/template.${format}`,
    tags,
    summary: `A form's template as ${format.toUpperCase()}: the Chinese header row and an example row`,
    description:
      format === "xlsx"
        ? "The form's sheet (header, one example row, ID numbers and codes formatted as text) and a sheet 填写说明 " +
          "explaining each column. Delete the example row before importing."
        : "CSV UTF-8 with a byte-order mark (so Excel reads the Chinese headers): the header row and an example row.",
    access: staff,
    request: { params: Params },
    responses: {
      200: {
        description: "The template",
        content: {
          [format === "xlsx" ? XLSX_TYPE : "text/csv"]: { schema: z.string().openapi({ format: "binary" }) },
        },
      },
      ...errorResponses,
    },
  });

export function registerFormRoutes(app: App): void {
  app.openapi(listRoute, (c) => c.json({ forms: Object.values(FORMS).map(present) }, 200));

  app.openapi(templateRoute("xlsx"), async (c) => {
    const form = FORMS[c.req.valid("param").formId];
    return c.body((await templateXlsx(form)) as Uint8Array<ArrayBuffer>, 200, {
      "content-type": XLSX_TYPE,
      "content-disposition": attachment(`${form.title}.xlsx`, `${form.id}.xlsx`),
    }) as never;
  });

  app.openapi(templateRoute("csv"), (c) => {
    const form = FORMS[c.req.valid("param").formId];
    return c.body(templateCsv(form), 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": attachment(`${form.title}.csv`, `${form.id}.csv`),
    }) as never;
  });
}
