import { trainingRecord } from "@pes/schemas";
import * as to from "../converters.js";
import type { FormDefinition } from "../definition.js";
import { CERTIFICATE_TYPE, QUALIFICATION, TRAINING_KIND, TRAINING_STAGE } from "../labels.js";
import { dateColumn, labelled, personColumns, SEQUENCE_NUMBER, SOURCE_RECORD_ID } from "./common.js";

/** 培训记录: enrolment and completion, subsidy and certificate (BRIEF §3 training records). */
export const TRAINING_FORM: FormDefinition = {
  id: "training-record",
  title: "培训记录",
  kind: trainingRecord.name,
  columns: [
    SEQUENCE_NUMBER,
    SOURCE_RECORD_ID,
    ...personColumns({ phoneRequired: false }),
    {
      header: "培训类别",
      aliases: ["培训类型"],
      required: true,
      path: "kind",
      ...labelled(TRAINING_KIND),
      example: "就业技能培训",
    },
    {
      header: "培训项目",
      aliases: ["课程名称", "培训专业", "培训课程"],
      required: true,
      path: "course",
      convert: to.text,
      format: "文字",
      example: "电工（初级）",
    },
    {
      header: "培训工种",
      aliases: ["职业（工种）", "工种"],
      path: "occupation",
      convert: to.text,
      format: "文字",
      example: "电工",
    },
    {
      header: "培训机构编号",
      aliases: ["机构编号"],
      path: "providerId",
      convert: to.text,
      format: "培训机构在本平台的编号",
      example: "",
      asText: true,
    },
    {
      header: "培训状态",
      aliases: ["状态"],
      required: true,
      path: "stage",
      ...labelled(TRAINING_STAGE),
      example: "结业",
    },
    dateColumn("入学日期", "enrolledOn", "2025-03-03", {
      aliases: ["报名日期", "开班日期", "开始日期"],
      required: true,
    }),
    dateColumn("结业日期", "completedOn", "2025-04-30", {
      aliases: ["结束日期"],
      format: "日期；结业时必填",
    }),
    {
      header: "考核是否合格",
      aliases: ["是否合格", "考核结果"],
      path: "passed",
      convert: to.yesNo,
      format: "是 或 否",
      example: "是",
    },
    {
      header: "是否享受补贴",
      aliases: ["享受补贴", "是否补贴"],
      required: true,
      path: "subsidised",
      convert: to.yesNo,
      format: "是 或 否",
      example: "是",
    },
    {
      header: "补贴金额（元）",
      aliases: ["补贴金额"],
      path: "subsidyFen",
      convert: to.yuan,
      format: "元，最多两位小数",
      example: "1200",
    },
    { header: "就业券编号", path: "voucherId", convert: to.text, format: "文字", example: "", asText: true },
    {
      header: "证书类型",
      path: "certificate.type",
      ...labelled(CERTIFICATE_TYPE),
      example: "职业技能等级证书",
    },
    {
      header: "证书等级",
      path: "certificate.level",
      ...labelled(QUALIFICATION),
      format: "国家职业资格等级，填写下列之一；与证书类型同时填写",
      example: "五级/初级工",
    },
    {
      header: "证书编号",
      path: "certificate.number",
      convert: to.text,
      format: "文字；与证书类型同时填写",
      example: "S000035020001234",
      asText: true,
    },
    dateColumn("发证日期", "certificate.issuedOn", "2025-05-10", { format: "日期；与证书类型同时填写" }),
  ],
};
