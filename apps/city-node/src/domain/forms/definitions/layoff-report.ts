import { enterpriseLayoffReport } from "@pes/schemas";
import * as to from "../converters.js";
import type { FormDefinition } from "../definition.js";
import { labelList } from "../labels.js";
import {
  creditCodeColumn,
  dateColumn,
  industryColumn,
  labelled,
  SEQUENCE_NUMBER,
  SOURCE_RECORD_ID,
  servicePointCodeColumn,
  servicePointColumn,
} from "./common.js";

const LAYOFF_KIND = labelList(
  "裁减类型",
  { layoff: "经济性裁员", reduction: "减员" },
  { 裁员: "layoff", 规模性裁员: "layoff", 其他减员: "reduction" },
);

/**
 * 企业规模性裁员（减员）报告: one enterprise's filing a row, as the bureau keeps them (Labour
 * Contract Law art. 41: a reduction of 20 or more, or of 10 % of the workforce, is reported).
 */
export const LAYOFF_REPORT_FORM: FormDefinition = {
  id: "enterprise-layoff-report",
  title: "企业规模性裁员报告表",
  kind: enterpriseLayoffReport.name,
  columns: [
    SEQUENCE_NUMBER,
    SOURCE_RECORD_ID,
    {
      header: "企业名称",
      aliases: ["单位名称", "用人单位名称"],
      required: true,
      path: "enterprise.name",
      convert: to.text,
      format: "与营业执照一致",
      example: "厦门鹭岛电子有限公司",
    },
    creditCodeColumn("enterprise.creditCode", ["社会信用代码", "信用代码"]),
    industryColumn("enterprise.industry", "C", "C3911"),
    {
      header: "企业所在区划",
      aliases: ["单位所在区划", "所在区划", "行政区划代码", "区划代码"],
      required: true,
      path: "divisionCode",
      convert: to.divisionCode,
      format: "企业所在地的行政区划代码（县区 6 位、街道 9 位、社区 12 位）或县区名称；决定由哪个辖区管理",
      example: "350206",
      asText: true,
    },
    {
      header: "裁减类型",
      aliases: ["类型"],
      required: true,
      path: "kind",
      ...labelled(LAYOFF_KIND),
      example: "经济性裁员",
    },
    {
      header: "裁减人数",
      aliases: ["减员人数", "裁员人数"],
      required: true,
      path: "persons",
      convert: to.integer("人名"),
      format: "整数，至少 1",
      example: "30",
    },
    {
      header: "职工总数",
      aliases: ["企业职工总数", "在职职工人数"],
      path: "workforce",
      convert: to.integer("人名"),
      format: "裁减前的职工总数；不少于裁减人数",
      example: "260",
    },
    dateColumn("报告日期", "reportedOn", "2025-03-01", {
      aliases: ["报告时间"],
      format: "日期；不填为导入当天",
    }),
    dateColumn("裁减日期", "effectiveOn", "2025-04-01", {
      aliases: ["裁员日期", "减员日期"],
      required: true,
      format: "裁减生效的日期",
    }),
    servicePointColumn(false),
    servicePointCodeColumn,
  ],
};
