import { DomainError, districtOf } from "@pes/core";
import { EnterpriseLayoffReport, FujianDivisionCode, IsoDate } from "@pes/schemas";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { enterpriseLayoffReports } from "../../../db/tables/layoff-reports.js";
import { assertInArea } from "../../../domain/index.js";
import { type LayoffReportRow, reportLayoff, reviseLayoffReport } from "../../ledgers/layoff-report.js";
import { defineIntake } from "../define.js";
import { assertEnterpriseInArea, deskFieldsOf, SourceRecordId, servicePointOf, todayOf } from "../desk.js";
import { notFoundOf } from "../load.js";

export const LayoffReportInput = z.object({
  sourceRecordId: SourceRecordId.optional(),
  divisionCode: FujianDivisionCode.meta({
    description:
      "Where the enterprise is (district, street or community): decides whose jurisdiction the report is in",
  }),
  ...deskFieldsOf(EnterpriseLayoffReport.shape, [
    "id",
    "revision",
    "cityCode",
    "districtCode",
    "recordedAt",
    "staffId",
    "reportedOn",
    "servicePointId",
  ]),
  reportedOn: IsoDate.optional().meta({
    description:
      "When the enterprise filed the report; defaults to today (China time; on a revision: the report's)",
  }),
  servicePointId: EnterpriseLayoffReport.shape.servicePointId.meta({
    description: "Defaults to the caller's service point (on a revision: the report's)",
  }),
});
export type LayoffReportInput = z.output<typeof LayoffReportInput>;

/** 企业规模性裁员报告: an enterprise's reduction of its workforce, on the city's master topic; revised when corrected. */
export const layoffReportIntake = defineIntake<LayoffReportInput, { row: LayoffReportRow }>({
  kind: "enterprise-layoff-report",
  entity: "enterprise-layoff-report",
  input: LayoffReportInput,
  async create(ctx, { sourceRecordId: _, divisionCode, reportedOn, servicePointId, ...fields }) {
    assertEnterpriseInArea(ctx, divisionCode);
    const pointId = servicePointOf(ctx, servicePointId);
    const row = await reportLayoff(ctx, {
      record: {
        ...fields,
        reportedOn: reportedOn ?? todayOf(ctx),
        ...(pointId ? { servicePointId: pointId } : {}),
      },
      enterpriseDivisionCode: divisionCode,
      districtCode: districtOf(divisionCode),
    });
    return { row };
  },
  async load(ctx, id) {
    const [row] = await ctx.db
      .select()
      .from(enterpriseLayoffReports)
      .where(eq(enterpriseLayoffReports.id, id))
      .for("update");
    const notFound = notFoundOf("enterprise-layoff-report", id);
    if (!row) throw new DomainError("not_found", notFound.code, notFound.message);
    assertInArea(ctx.caller, row.divisionCode, notFound);
    return { row };
  },
  async revise(ctx, current, { sourceRecordId: _, divisionCode, reportedOn, servicePointId, ...fields }) {
    assertEnterpriseInArea(ctx, divisionCode);
    const before = current.row.data as { reportedOn: string; servicePointId?: string };
    const pointId = servicePointId ?? before.servicePointId;
    const row = await reviseLayoffReport(ctx, {
      current: current.row,
      record: {
        ...fields,
        reportedOn: reportedOn ?? before.reportedOn,
        ...(pointId ? { servicePointId: pointId } : {}),
      },
      enterpriseDivisionCode: divisionCode,
      districtCode: districtOf(divisionCode),
    });
    return { row };
  },
});
