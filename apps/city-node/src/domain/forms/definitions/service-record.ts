import { serviceRecord } from "@pes/schemas";
import * as to from "../converters.js";
import type { FormDefinition } from "../definition.js";
import { CHANNEL, SERVICE_TYPE } from "../labels.js";
import {
  labelled,
  personColumns,
  SEQUENCE_NUMBER,
  SOURCE_RECORD_ID,
  servicePointCodeColumn,
  servicePointColumn,
} from "./common.js";

/** 服务记录: one service given to a person, how and when (BRIEF §3 service records). */
export const SERVICE_RECORD_FORM: FormDefinition = {
  id: "service-record",
  title: "服务记录",
  kind: serviceRecord.name,
  columns: [
    SEQUENCE_NUMBER,
    SOURCE_RECORD_ID,
    ...personColumns({ phoneRequired: false }),
    {
      header: "服务类型",
      aliases: ["服务项目", "服务内容"],
      required: true,
      path: "serviceType",
      ...labelled(SERVICE_TYPE),
      example: "职业指导",
    },
    {
      header: "服务渠道",
      aliases: ["渠道", "服务方式"],
      required: true,
      path: "channel",
      ...labelled(CHANNEL),
      example: "窗口",
    },
    {
      header: "服务时间",
      aliases: ["服务日期"],
      path: "servedAt",
      convert: to.chinaDateTime,
      format: "日期或日期加时间（北京时间），如 2025-03-01 09:30；只填日期记为当天 0 点；不填为导入时",
      example: "2025-03-01 09:30",
    },
    {
      header: "关联记录编号",
      aliases: ["推荐岗位编号", "关联编号"],
      path: "relatedRecordId",
      convert: to.text,
      format: "推荐的岗位、培训等记录在本节点的编号（UUID）",
      example: "",
      asText: true,
    },
    {
      header: "备注",
      aliases: ["服务情况"],
      path: "note",
      convert: to.text,
      format: "做了什么；请勿写入个人信息",
      example: "",
    },
    servicePointColumn(false),
    servicePointCodeColumn,
  ],
};
