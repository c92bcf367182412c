import { keyGroupMembership } from "@pes/schemas";
import * as to from "../converters.js";
import type { FormDefinition } from "../definition.js";
import { KEY_GROUP, KEY_GROUP_SOURCE } from "../labels.js";
import {
  dateColumn,
  labelled,
  personColumns,
  SEQUENCE_NUMBER,
  SOURCE_RECORD_ID,
  servicePointCodeColumn,
  servicePointColumn,
} from "./common.js";

/**
 * 重点群体实名台账: one line of a key-group ledger (seeds: 高校毕业生等青年群体、失业登记人员、就业困难人员、
 * 退役军人、残疾人、农民工、家政从业人员、长时间失业人员等实名台账).
 */
export const KEY_GROUP_FORM: FormDefinition = {
  id: "key-group-membership",
  title: "重点群体实名台账",
  kind: keyGroupMembership.name,
  columns: [
    SEQUENCE_NUMBER,
    SOURCE_RECORD_ID,
    ...personColumns({ phoneRequired: false }),
    {
      header: "重点群体类别",
      aliases: ["重点群体", "群体类别", "人员类别"],
      required: true,
      path: "group",
      ...labelled(KEY_GROUP),
      example: "高校毕业生等青年",
    },
    dateColumn("纳入日期", "startedOn", "2025-07-01", {
      aliases: ["纳入台账日期", "起始日期", "开始日期"],
      required: true,
    }),
    dateColumn("退出日期", "endedOn", "", {
      aliases: ["移出日期", "结束日期"],
      format: "日期；仍在台账不填",
    }),
    {
      header: "信息来源",
      aliases: ["来源", "数据来源"],
      required: true,
      path: "source",
      ...labelled(KEY_GROUP_SOURCE),
      example: "教育部门",
    },
    dateColumn("离校日期", "graduatedOn", "2025-06-30", {
      aliases: ["毕业日期", "毕业时间"],
      format: "高校毕业生必填：离校（毕业）日期",
    }),
    { header: "备注", path: "note", convert: to.text, format: "文字；请勿写入他人的个人信息", example: "" },
    servicePointColumn(false),
    servicePointCodeColumn,
  ],
};
