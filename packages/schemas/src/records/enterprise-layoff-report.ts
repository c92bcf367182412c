import { z } from "zod";
import { jsonSchemaRules, pesCheck } from "../checks.js";
import { defineRecord } from "../definition.js";
import { UnifiedSocialCreditCode } from "../values/credit-code.js";
import { IsoDate } from "../values/dates.js";
import { IndustryCode, ServicePointId, StaffId, text } from "../values/identifiers.js";
import { recordObject } from "./common.js";

const Persons = z.number().int().min(1, { error: "At least 1 person" }).max(10_000_000);

const EnterpriseLayoffReportChecked = recordObject({
  enterprise: z.object({
    name: text(200, "The enterprise name"),
    creditCode: UnifiedSocialCreditCode,
    industry: IndustryCode,
  }),
  kind: z.enum(["layoff", "reduction"]).meta({
    description:
      "layoff = 经济性裁员 (Labour Contract Law art. 41, reported to the labour administration); reduction = 减员 of another kind",
  }),
  persons: Persons.meta({ description: "裁减人数: how many employees leave" }),
  workforce: Persons.optional().meta({
    description:
      "职工总数 before the reduction: a reduction of under 20 is still large at 10 % of it (art. 41)",
  }),
  reportedOn: IsoDate.meta({ description: "When the enterprise filed the report (报告日期)" }),
  effectiveOn: IsoDate.meta({ description: "When the reduction takes effect (裁减日期)" }),
  servicePointId: ServicePointId.optional(),
  staffId: StaffId.optional(),
})
  .superRefine((r, ctx) => {
    if (r.workforce !== undefined && r.persons > r.workforce)
      ctx.addIssue({
        code: "custom",
        path: ["persons"],
        message: "More persons leave than the enterprise employs",
        params: pesCheck("range-order"),
      });
  })
  .meta({
    description:
      "企业规模性裁员/减员报告: an enterprise's filing of a reduction of its workforce; not personal data",
  });

export const EnterpriseLayoffReport = jsonSchemaRules(EnterpriseLayoffReportChecked, {
  checks: ["range-order"],
});
export type EnterpriseLayoffReport = z.output<typeof EnterpriseLayoffReport>;

export const enterpriseLayoffReport = defineRecord({
  name: "enterprise-layoff-report",
  version: 1,
  title: "Enterprise layoff report",
  titleZh: "企业规模性裁员报告",
  schema: EnterpriseLayoffReport,
  topic: "cityMaster",
  key: (r: { enterprise: { creditCode: string } }) => r.enterprise.creditCode,
  keyDescription: "enterprise.creditCode: every report of one enterprise stays in order",
  subject: (r: { id: string }) => r.id,
});
