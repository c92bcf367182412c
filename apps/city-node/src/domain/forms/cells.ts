/**
 * What a reader hands over for one cell: CSV gives text; XLSX may also give numbers, booleans and
 * dates (exceljs reads a date cell as a Date at UTC midnight of the day shown).
 */
export type CellValue = string | number | boolean | Date | null;

/** One row of a sheet as the clerk sees it: `row` is the spreadsheet's row number (1 = the first line). */
export interface SheetRow {
  row: number;
  cells: readonly CellValue[];
}

export type Converted<T> = { ok: true; value: T } | { ok: false; reason: string };
/** Turns one cell into the value a desk body takes; a failure is a reason in Chinese, never a throw. */
export type Converter<T = unknown> = (cell: CellValue) => Converted<T>;

export const ok = <T>(value: T): Converted<T> => ({ ok: true, value });
export const fail = (reason: string): Converted<never> => ({ ok: false, reason });

export function isEmptyCell(cell: CellValue | undefined): boolean {
  return cell === null || cell === undefined || (typeof cell === "string" && cell.trim() === "");
}

/** YYYY-MM-DD of a date cell: exceljs keeps the wall-clock day at UTC midnight, so the UTC fields are the day. */
export function dateOfCell(d: Date): string {
  return `${String(d.getUTCFullYear()).padStart(4, "0")}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

export const pad2 = (n: number) => String(n).padStart(2, "0");

/** A cell as text for an error message or the rejection report (before masking). */
export function cellText(cell: CellValue | undefined): string {
  if (cell === null || cell === undefined) return "";
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? "" : dateOfCell(cell);
  if (typeof cell === "boolean") return cell ? "是" : "否";
  return String(cell).trim();
}

const FULL_WIDTH = /[\uFF01-\uFF5E]/g;

/** Full-width letters, digits and signs (０-９, Ｘ, －, （ ）) to their ASCII forms, as Chinese input methods type them. */
export function halfWidth(text: string): string {
  return text
    .replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, " ");
}
