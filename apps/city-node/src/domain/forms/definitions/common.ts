import { INDUSTRY_SECTIONS, sexOfResidentId } from "@pes/schemas";
import { type Converter, fail, ok } from "../cells.js";
import * as to from "../converters.js";
import type { Body, FormColumn } from "../definition.js";
import { CHANNEL, type LabelList, label, SEX } from "../labels.js";

export const EXAMPLE_ID = "35020319900307105X";

export const labelled = (list: LabelList) => ({
  convert: label(list),
  labels: list,
  format: `${list.what}，填写下列之一`,
});
export const labelledList = (list: LabelList) => ({
  convert: to.list(label(list)),
  labels: list,
  format: `${list.what}，可填多个，用顿号（、）分隔`,
});

/** A service point of the node's register, by its id (the city's own codes come with issue 17 item 7). */
const servicePointId: Converter<string> = (cell) => {
  const r = to.text(cell);
  if (!r.ok) return r;
  return /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(r.value)
    ? ok(r.value)
    : fail("服务网点编号应为字母、数字及 . _ -，最长 64 位");
};

/** 序号: the ledgers' running number, known so that it is neither imported nor warned of. */
export const SEQUENCE_NUMBER: FormColumn = { header: "序号", path: null, format: "不导入", example: "" };

/** The city system's own id of the record: the same id again is the same record (issue 17 item 1). */
export const SOURCE_RECORD_ID: FormColumn = {
  header: "源系统编号",
  aliases: ["业务编号", "源记录编号", "记录编号"],
  path: "sourceRecordId",
  convert: to.text,
  format: "本市业务系统中这条记录的编号；同一编号再次导入不会重复登记",
  example: "XM-2025-000123",
  asText: true,
};

/**
 * 服务网点编号, the point by the node's id. `required`: the record must name a point, by this column or
 * by 服务网点代码 (the intake refuses a row with neither at this column); else the importer's own point.
 */
export const servicePointColumn = (required: boolean): FormColumn => ({
  header: "服务网点编号",
  aliases: ["网点编号", "经办网点编号", "服务网点"],
  path: "servicePointId",
  convert: servicePointId,
  format: required
    ? "办理的服务网点在本节点登记的编号；必填，或改填「服务网点代码」"
    : "办理的服务网点在本节点登记的编号（或改填「服务网点代码」）；都不填为导入人所在网点",
  example: "sp-siming-01",
  asText: true,
});

/** 服务网点代码: the point by the city's own code (issue 17 item 7), instead of 服务网点编号. */
export const servicePointCodeColumn: FormColumn = {
  header: "服务网点代码",
  aliases: ["网点代码", "本市网点代码"],
  path: "servicePointCode",
  convert: to.text,
  format:
    "本市业务系统中服务网点的代码（与「服务网点编号」二选一）；节点不认识的代码按导入时的选择新建或拒绝该行",
  example: "",
  asText: true,
};

export const channelColumn: FormColumn = {
  header: "登记渠道",
  aliases: ["办理渠道", "渠道"],
  path: "channel",
  ...labelled(CHANNEL),
  example: "窗口",
};

/** An enterprise's 统一社会信用代码, under the aliases its form's bureau uses. */
export const creditCodeColumn = (path: string, aliases: string[]): FormColumn => ({
  header: "统一社会信用代码",
  aliases,
  required: true,
  path,
  convert: to.creditCode,
  format: "18 位统一社会信用代码（营业执照上）",
  example: "91350200MA2Y3K4L5Y",
  asText: true,
});

/** An enterprise's 所属行业 (GB/T 4754), explained with one section and one of its classes as examples. */
export const industryColumn = (
  path: string,
  section: keyof typeof INDUSTRY_SECTIONS,
  code: string,
): FormColumn => ({
  header: "所属行业",
  aliases: ["行业", "行业代码"],
  required: true,
  path,
  convert: to.industry,
  format: `国民经济行业分类（GB/T 4754）门类字母或代码（如 ${section}、${code}），或门类名称（如 ${INDUSTRY_SECTIONS[section]}）`,
  example: section,
});

export const dateColumn = (header: string, path: string, example: string, rest: Partial<FormColumn> = {}) =>
  ({
    header,
    path,
    convert: to.date,
    format: "日期，如 2025-03-01、2025/3/1 或 2025年3月1日",
    example,
    ...rest,
  }) satisfies FormColumn;

export const registeredOnColumn = dateColumn("登记日期", "registeredOn", "2025-03-01", {
  aliases: ["办理日期"],
  format: "日期，如 2025-03-01；不填为导入当天",
});

const sexMatchesId = (sex: unknown, body: Body) => {
  const id = (body.person as { idNumber?: string } | undefined)?.idNumber;
  return id && sex !== sexOfResidentId(id) ? "性别与身份证号码（第 17 位）不符" : undefined;
};

/** The person block of every form about a person: who, how to reach them, where they live. */
export function personColumns(opts: { phoneRequired: boolean }): FormColumn[] {
  return [
    {
      header: "公民身份号码",
      aliases: ["身份证号", "身份证号码", "公民身份证号码", "身份证件号码", "证件号码"],
      required: true,
      path: "person.idNumber",
      convert: to.residentId,
      format: "18 位居民身份证号码，末位可为 X；请将此列设为文本格式",
      example: EXAMPLE_ID,
      personal: "idNumber",
      asText: true,
    },
    {
      header: "姓名",
      required: true,
      path: "person.name",
      convert: to.text,
      format: "与身份证一致",
      example: "陈明华",
      personal: "name",
    },
    {
      header: "性别",
      path: null,
      ...labelled(SEX),
      check: sexMatchesId,
      format: "男 或 女；不导入，只与身份证号码核对",
      example: "男",
    },
    {
      header: "年龄",
      path: null,
      format: "不导入：由身份证号码推算",
      example: "35",
    },
    {
      header: "联系电话",
      aliases: ["手机号码", "手机号", "联系方式", "联系手机"],
      required: opts.phoneRequired,
      path: "person.phone",
      convert: to.mobile,
      format: "11 位手机号码",
      example: "13812341234",
      personal: "phone",
      asText: true,
    },
    {
      header: "居住地行政区划",
      aliases: ["居住地区划代码", "行政区划代码", "区划代码", "所在区划", "居住地区划"],
      required: true,
      path: "person.divisionCode",
      convert: to.divisionCode,
      format:
        "居住地的行政区划代码，越细越好（社区 12 位、街道 9 位、县区 6 位），或县区名称（如 思明区）；决定由哪个辖区服务",
      example: "350203",
      asText: true,
    },
  ];
}
