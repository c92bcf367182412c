import ExcelJS from "exceljs";
import {
  type CellError,
  columnOfHeader,
  displayValue,
  type FormDefinition,
  type PersonalKind,
  scrubPersonalData,
} from "../../domain/forms/index.js";

/** A row refused at reading or at intake; `personal` says what the value is when no form tells it. */
export type Rejection = Pick<CellError, "row" | "column" | "value" | "reason"> & { personal?: PersonalKind };

/**
 * The rejection report a clerk downloads: 行号, 列, 值, 原因, one line per refused cell, by row. A
 * value is masked by what its column holds (the form's ID number, name and phone columns, or
 * `personal`), and any ID number or mobile in a value or a reason is masked too. A name typed into
 * free text (备注) cannot be told apart: the values this module's readers give are masked already.
 */
export async function rejectionReportXlsx(
  rejections: readonly Rejection[],
  { form }: { form: FormDefinition },
): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "city-node";
  const sheet = workbook.addWorksheet("未导入的行", { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = [
    { header: "行号", width: 8 },
    { header: "列", width: 22 },
    { header: "值", width: 30 },
    { header: "原因", width: 80 },
  ];
  sheet.getRow(1).font = { bold: true };
  const byRow = [...rejections].sort((a, b) => a.row - b.row);
  for (const r of byRow) {
    const personal = r.personal ?? (r.column ? columnOfHeader(form, r.column)?.personal : undefined);
    sheet.addRow([
      r.row,
      r.column ?? "（整行）",
      displayValue(r.value, personal),
      scrubPersonalData(r.reason),
    ]);
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
