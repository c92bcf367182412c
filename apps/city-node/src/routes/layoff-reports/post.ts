import { z } from "@hono/zod-openapi";
import type { App } from "../../context.js";
import { layoffReportIntake } from "../../use-cases/intake/kinds/layoff-report.js";
import { layoffReportOf } from "../../use-cases/ledgers/layoff-report.js";
import { registerIntakeRoutes } from "../intake.js";

const LayoffReportView = z
  .object({
    id: z.uuid(),
    revision: z.number().int(),
    kind: z.enum(["layoff", "reduction"]),
    reportedOn: z.string(),
    effectiveOn: z.string(),
    divisionCode: z.string(),
    enterprise: z.object({ name: z.string(), creditCode: z.string(), industry: z.string() }),
    persons: z.number().int().openapi({ description: "裁减人数: how many employees leave" }),
    workforce: z.number().int().optional().openapi({ description: "职工总数 before the reduction" }),
  })
  .openapi("EnterpriseLayoffReport");

/** POST /v1/enterprise-layoff-reports, PUT /v1/enterprise-layoff-reports/{id}. */
export function registerPostLayoffReport(app: App): void {
  registerIntakeRoutes(app, {
    intake: layoffReportIntake,
    path: "/v1/enterprise-layoff-reports",
    tags: ["Enterprise layoff report 企业规模性裁员报告"],
    inputName: "EnterpriseLayoffReportInput",
    view: LayoffReportView,
    present: (_c, { row }) => {
      const d = layoffReportOf(row);
      return {
        id: row.id,
        revision: row.revision,
        kind: d.kind,
        reportedOn: d.reportedOn,
        effectiveOn: d.effectiveOn,
        divisionCode: row.divisionCode,
        enterprise: d.enterprise,
        persons: d.persons,
        ...(d.workforce !== undefined ? { workforce: d.workforce } : {}),
      };
    },
    post: {
      summary: "Record an enterprise's layoff report (企业规模性裁员/减员报告)",
      description:
        "The enterprise with a valid unified social credit code (统一社会信用代码) and its industry (GB/T 4754), " +
        "layoff (经济性裁员) or another reduction, how many leave and, when known, of how many (persons ≤ workforce, " +
        "422 at persons otherwise). Not about a person: published on the city's master topic, keyed by the credit " +
        "code; the enterprise's division decides the jurisdiction.",
    },
    put: {
      summary: "Revise a layoff report: persons, workforce, dates or kind corrected",
      description:
        "The rules of the POST (the enterprise's division within your area, persons ≤ workforce); the enterprise " +
        "stays (422 at enterprise.creditCode). An omitted reportedOn or servicePointId keeps the report's.",
    },
  });
}
