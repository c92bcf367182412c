import { type EnterpriseLayoffReport, enterpriseLayoffReport } from "@pes/schemas";
import { eq, sql } from "drizzle-orm";
import { enterpriseLayoffReports } from "../../db/tables/layoff-reports.js";
import { type RuleViolation, throwIfViolated } from "../../domain/index.js";
import { audit } from "../audit/record.js";
import type { UseCaseContext } from "../context.js";
import { insertRow } from "./insert.js";
import { firstRevision, nextRevision, notRevisable, sameContent } from "./record.js";

export type LayoffReportRow = typeof enterpriseLayoffReports.$inferSelect;
export type LayoffReportInput = Omit<
  EnterpriseLayoffReport,
  "id" | "revision" | "cityCode" | "districtCode" | "recordedAt" | "staffId"
>;

/** More persons cannot leave than the enterprise employs (the contract's rule, a 422 at the desk). */
function workforceViolations(input: LayoffReportInput): RuleViolation[] {
  return input.workforce !== undefined && input.persons > input.workforce
    ? [
        {
          code: "more-than-workforce",
          field: "persons",
          message: `${input.persons} persons cannot leave an enterprise of ${input.workforce} employees (workforce)`,
        },
      ]
    : [];
}

/**
 * 企业规模性裁员报告: not about a person, so it travels on the city's master topic keyed by the
 * enterprise's unified social credit code, and the audit entry names no person. It holds no personal
 * data: kept as published.
 */
export async function reportLayoff(
  ctx: UseCaseContext,
  {
    record: input,
    enterpriseDivisionCode,
    districtCode,
  }: {
    record: LayoffReportInput;
    /** Where the enterprise is: the division the report belongs to. */
    enterpriseDivisionCode: string;
    districtCode?: string | undefined;
  },
): Promise<LayoffReportRow> {
  const tx = ctx.db;
  throwIfViolated(
    "invalid-layoff-report",
    "The layoff report cannot be recorded",
    workforceViolations(input),
  );
  const data = enterpriseLayoffReport.schema.parse({
    ...input,
    ...firstRevision(ctx, districtCode),
    staffId: ctx.staffId,
  }) as EnterpriseLayoffReport;
  const row = await insertRow(ctx, enterpriseLayoffReports, {
    id: data.id,
    creditCode: data.enterprise.creditCode,
    divisionCode: enterpriseDivisionCode,
    data,
    createdBy: ctx.staffId,
  });
  await ctx.publisher.publish(tx, enterpriseLayoffReport, data);
  await audit(tx, {
    staffId: ctx.staffId,
    action: "create",
    entity: "enterprise-layoff-report",
    entityId: data.id,
    purpose: ctx.purpose,
    requestId: ctx.requestId,
  });
  return row!;
}

/** The report as the contract carries it. */
export const layoffReportOf = (row: LayoffReportRow): EnterpriseLayoffReport =>
  row.data as EnterpriseLayoffReport;

/**
 * A new revision of a 裁员报告: persons, workforce, dates or kind corrected. The rules of
 * reportLayoff; the enterprise stays (422 at enterprise.creditCode: another enterprise's reduction is
 * a report of its own), and so does the staff member. Unchanged content writes nothing.
 */
export async function reviseLayoffReport(
  ctx: UseCaseContext,
  {
    current,
    record: input,
    enterpriseDivisionCode,
    districtCode,
  }: {
    current: LayoffReportRow;
    record: LayoffReportInput;
    enterpriseDivisionCode: string;
    districtCode?: string | undefined;
  },
): Promise<LayoffReportRow> {
  const before = layoffReportOf(current);
  if (input.enterprise.creditCode !== before.enterprise.creditCode)
    throw notRevisable(
      "enterprise.creditCode",
      `The report is ${before.enterprise.creditCode}'s; another enterprise's reduction is a report of its own`,
    );
  throwIfViolated(
    "invalid-layoff-report",
    "The layoff report cannot be revised so",
    workforceViolations(input),
  );
  const data = enterpriseLayoffReport.schema.parse({
    ...input,
    id: current.id,
    ...nextRevision(current),
    cityCode: ctx.cityCode,
    ...(districtCode ? { districtCode } : {}),
    ...(before.staffId ? { staffId: before.staffId } : {}),
  }) as EnterpriseLayoffReport;
  if (enterpriseDivisionCode === current.divisionCode && sameContent(ctx, { data: before }, { data }))
    return current;
  const [row] = await ctx.db
    .update(enterpriseLayoffReports)
    .set({
      revision: data.revision,
      divisionCode: enterpriseDivisionCode,
      data,
      updatedAt: sql`now()`,
    })
    .where(eq(enterpriseLayoffReports.id, current.id))
    .returning();
  await ctx.publisher.publish(ctx.db, enterpriseLayoffReport, data);
  await audit(ctx.db, {
    staffId: ctx.staffId,
    action: "update",
    entity: "enterprise-layoff-report",
    entityId: data.id,
    purpose: ctx.purpose,
    requestId: ctx.requestId,
  });
  return row!;
}
