import { unemploymentRegistration } from "@pes/schemas";
import * as to from "../converters.js";
import type { FormDefinition } from "../definition.js";
import { EDUCATION, FEMALE_CATEGORY, KEY_GROUP, PLACE_BASIS } from "../labels.js";
import {
  dateColumn,
  labelled,
  labelledList,
  personColumns,
  SEQUENCE_NUMBER,
  SOURCE_RECORD_ID,
  servicePointCodeColumn,
  servicePointColumn,
} from "./common.js";

const yesNo = (header: string, path: string, format: string, aliases: string[]) => ({
  header,
  aliases,
  required: true,
  path,
  convert: to.yesNo,
  format: `是 或 否：${format}`,
  example: "",
});

/**
 * 失业登记 as the desk takes it: the application (申请), with the eligibility facts the node checks
 * (seeds: 2.1.1 失业登记). The desk body has no registration or closing dates: those are the later
 * steps (POST …/register, …/close), so a ledger of registrations already made needs more than this form.
 */
export const UNEMPLOYMENT_FORM: FormDefinition = {
  id: "unemployment-application",
  title: "失业登记表",
  kind: unemploymentRegistration.name,
  columns: [
    SEQUENCE_NUMBER,
    SOURCE_RECORD_ID,
    ...personColumns({ phoneRequired: false }),
    {
      header: "女性退休年龄类别",
      aliases: ["原法定退休年龄", "女职工身份"],
      path: "person.femaleCategory",
      ...labelled(FEMALE_CATEGORY),
      format: "仅女性填写：干部(原55岁退休) 或 工人(原50岁退休)；不填按工人",
      example: "",
    },
    { ...yesNo("有劳动能力", "ableToWork", "是否有劳动能力", ["是否有劳动能力"]), example: "是" },
    {
      ...yesNo("有就业愿望", "wantsWork", "是否有就业愿望", ["是否有就业愿望", "有就业意愿"]),
      example: "是",
    },
    {
      ...yesNo("目前是否就业", "currentlyEmployed", "目前是否在业（含个体经营、灵活就业）", [
        "是否就业",
        "是否在业",
        "目前是否在业",
      ]),
      example: "否",
    },
    {
      header: "登记地",
      aliases: ["登记地类型", "登记依据"],
      required: true,
      path: "placeBasis",
      ...labelled(PLACE_BASIS),
      example: "常住地",
    },
    servicePointColumn(true),
    servicePointCodeColumn,
    dateColumn("申请日期", "appliedOn", "2025-03-01", {
      aliases: ["申请时间"],
      format: "日期；不填为导入当天",
    }),
    dateColumn("失业日期", "unemployedSince", "2025-01-15", { aliases: ["失业时间", "失业起始日期"] }),
    { header: "学历", aliases: ["文化程度"], path: "education", ...labelled(EDUCATION), example: "大专" },
    {
      header: "居住地址",
      aliases: ["现居住地址", "住址"],
      path: "residenceAddress",
      convert: to.text,
      format: "详细地址",
      example: "厦门市思明区湖滨南路 100 号",
    },
    {
      header: "重点群体",
      aliases: ["重点群体类别"],
      path: "keyGroups",
      ...labelledList(KEY_GROUP),
      example: "",
    },
    {
      header: "原就业行业",
      aliases: ["上次就业行业", "原所属行业", "失业前行业"],
      path: "lastJobIndustry",
      convert: to.industry,
      format:
        "上次就业的国民经济行业分类（GB/T 4754）门类字母或代码（如 C、C3911），或门类名称（如 制造业）；省里按行业监测失业",
      example: "C",
    },
  ],
};
