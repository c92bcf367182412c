import { toCsv } from "@pes/core/csv";
import ExcelJS from "exceljs";
import type { IndicatorRow } from "../../domain/indicators/compute.js";

/** The columns of an exported indicator table, in order: header and value of a row. */
const COLUMNS: Array<{ header: string; width: number; value: (r: IndicatorRow) => string | number | null }> =
  [
    { header: "level1", width: 12, value: (r) => r.level1 },
    { header: "level2", width: 12, value: (r) => r.level2 },
    { header: "code", width: 34, value: (r) => r.code },
    { header: "name_zh", width: 40, value: (r) => r.nameZh },
    { header: "unit", width: 12, value: (r) => r.unit },
    { header: "comparator", width: 10, value: (r) => r.comparator },
    { header: "source", width: 16, value: (r) => r.source },
    { header: "period", width: 10, value: (r) => r.period },
    { header: "actual", width: 12, value: (r) => r.actual },
    { header: "numerator", width: 12, value: (r) => r.numerator },
    { header: "denominator", width: 12, value: (r) => r.denominator },
    { header: "target", width: 10, value: (r) => r.target },
    { header: "period_target", width: 12, value: (r) => r.periodTarget },
    { header: "attainment", width: 14, value: (r) => r.attainment },
    { header: "reason", width: 40, value: (r) => r.reason },
    { header: "records", width: 10, value: (r) => r.provenance.records },
    { header: "nodes", width: 30, value: (r) => r.provenance.nodes.join(" ") },
    { header: "as_of", width: 26, value: (r) => r.provenance.asOf },
    {
      header: "declared_by",
      width: 20,
      value: (r) => r.provenance.declarations.map((d) => d.declaredBy).join(" "),
    },
    { header: "target_source", width: 40, value: (r) => r.targetSource },
  ];

export const EXPORT_HEADERS = COLUMNS.map((c) => c.header);

/** CSV with a UTF-8 byte-order mark, so spreadsheet programs read the Chinese names; formulas guarded. */
export function indicatorCsv(rows: readonly IndicatorRow[]): string {
  return toCsv([EXPORT_HEADERS, ...rows.map((r) => COLUMNS.map((c) => c.value(r)))], { bom: true });
}

/** An XLSX workbook with one sheet: numbers stay numbers. */
export async function indicatorXlsx(rows: readonly IndicatorRow[], title: string): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "province-hub";
  const sheet = workbook.addWorksheet(title.slice(0, 31));
  sheet.columns = COLUMNS.map((c) => ({ header: c.header, key: c.header, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  for (const r of rows) sheet.addRow(COLUMNS.map((c) => c.value(r)));
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
