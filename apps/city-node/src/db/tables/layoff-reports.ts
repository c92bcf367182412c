import { index, pgTable, text } from "drizzle-orm/pg-core";
import { ledgerColumns } from "./columns.js";

/**
 * 企业规模性裁员报告: an enterprise's reports of a reduction of its workforce. Not about a person (no
 * person, nothing sealed); the enterprise's division decides whose jurisdiction a report is in.
 */
export const enterpriseLayoffReports = pgTable(
  "enterprise_layoff_reports",
  {
    ...ledgerColumns(),
    creditCode: text("credit_code").notNull(),
    divisionCode: text("division_code").notNull(),
  },
  (t) => [index("layoff_report_enterprise").on(t.creditCode)],
);
