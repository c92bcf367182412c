import ExcelJS from "exceljs";
import {
  type CellValue,
  type FileProblem,
  type FormDefinition,
  headerKey,
  type SheetRow,
} from "../../domain/forms/index.js";
import { MAX_XLSX_UNPACKED_BYTES } from "./limits.js";
import { unpackedZipSize } from "./zip-size.js";

const UNREADABLE: FileProblem = {
  code: "unreadable-xlsx",
  message:
    "无法读取这个 XLSX 文件：文件可能已损坏，或是其他压缩文件（如 .docx、.zip）。请用 Excel 打开后另存为 .xlsx 再上传",
};

/**
 * The rows of the form's sheet in an XLSX workbook: the sheet named after the form (求职登记表), else
 * the first visible one. Cells keep their types (number, date, boolean); formulas give their result.
 */
export async function xlsxRows(
  bytes: Uint8Array,
  form: FormDefinition,
  { maxUnpackedBytes = MAX_XLSX_UNPACKED_BYTES }: { maxUnpackedBytes?: number } = {},
): Promise<{ ok: true; rows: SheetRow[]; sheet: string } | { ok: false; problem: FileProblem }> {
  const unpacked = unpackedZipSize(bytes);
  if (unpacked === undefined) return { ok: false, problem: UNREADABLE };
  if (unpacked > maxUnpackedBytes) {
    return {
      ok: false,
      problem: {
        code: "too-large",
        message: `XLSX 文件解压后超过 ${Math.round(maxUnpackedBytes / 1024 / 1024)} MB，一次导入不了：请拆成几个文件`,
      },
    };
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
  } catch {
    return { ok: false, problem: UNREADABLE };
  }
  const visible = workbook.worksheets.filter((s) => s.state === "visible");
  const sheet = visible.find((s) => headerKey(s.name) === headerKey(form.title)) ?? visible[0];
  if (!sheet) return { ok: false, problem: { code: "no-sheet", message: "工作簿中没有可见的工作表" } };
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = row.values as unknown[];
    const cells: CellValue[] = [];
    for (let i = 1; i < values.length; i++) cells.push(cellValueOf(values[i]));
    rows.push({ row: rowNumber, cells });
  });
  return { ok: true, rows, sheet: sheet.name };
}

/** exceljs's cell value (rich text, formula, hyperlink, error…) → a plain cell value. */
function cellValueOf(value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (value instanceof Date) return value;
  if (typeof value !== "object") return String(value);
  const v = value as {
    richText?: Array<{ text: string }>;
    result?: unknown;
    formula?: string;
    sharedFormula?: string;
    text?: unknown;
    error?: string;
  };
  if (v.richText) return v.richText.map((r) => r.text).join("");
  if (v.formula !== undefined || v.sharedFormula !== undefined) return cellValueOf(v.result);
  if (v.text !== undefined) return cellValueOf(v.text);
  if (v.error !== undefined) return v.error;
  return null;
}
