import { toCsv } from "@pes/core/csv";
import ExcelJS from "exceljs";
import type { FormColumn, FormDefinition } from "../../domain/forms/index.js";

/** The columns a template offers: those the node imports or checks (年龄 is left out: the ID number tells it). */
const templateColumns = (form: FormDefinition) => form.columns.filter((c) => c.convert);

const allowed = (c: FormColumn) => c.labels?.labels.join("、") ?? "";

/**
 * The form as an XLSX workbook: its sheet with the Chinese header row and one example row (text
 * columns such as the ID number formatted as text, so Excel keeps every digit), and a sheet 填写说明
 * saying for each column whether it is required, how to write it and which labels it takes.
 */
export async function templateXlsx(form: FormDefinition): Promise<Uint8Array> {
  const columns = templateColumns(form);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "city-node";
  const sheet = workbook.addWorksheet(form.title.slice(0, 31), { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({
    header: c.header,
    width: Math.max(12, c.header.length * 2 + 4, c.example.length + 4),
    ...(c.asText ? { style: { numFmt: "@" } } : {}),
  }));
  sheet.addRow(columns.map((c) => c.example || null));
  for (const [i, c] of columns.entries()) {
    const cell = sheet.getRow(1).getCell(i + 1);
    cell.font = { bold: true, color: { argb: c.required ? "FFC00000" : "FF000000" } };
    cell.note = `${c.required ? "必填。" : ""}${c.format}${allowed(c) ? `。可选：${allowed(c)}` : ""}`;
  }
  sheet.getRow(2).font = { italic: true, color: { argb: "FF808080" } };

  const help = workbook.addWorksheet("填写说明");
  help.columns = [
    { header: "列名", width: 22 },
    { header: "是否必填", width: 10 },
    { header: "填写要求", width: 60 },
    { header: "可选值", width: 50 },
    { header: "示例", width: 24 },
    { header: "也可写作", width: 30 },
  ];
  help.getRow(1).font = { bold: true };
  for (const c of columns) {
    help.addRow([
      c.header,
      c.required ? "必填" : "选填",
      c.format,
      allowed(c),
      c.example,
      (c.aliases ?? []).join("、"),
    ]);
  }
  help.addRow([]);
  help.addRow([
    `每行一条${form.title.replace(/表$/, "")}。第 2 行是示例，导入前请删除或改为真实数据。红色列名为必填列。`,
  ]);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** The form as CSV UTF-8 with a byte-order mark (so Excel reads the Chinese headers): header and example row. */
export function templateCsv(form: FormDefinition): string {
  const columns = templateColumns(form);
  return toCsv([columns.map((c) => c.header), columns.map((c) => c.example)], { bom: true });
}
