import { type CellValue, cellText, halfWidth, isEmptyCell, type SheetRow } from "./cells.js";
import type {
  Body,
  CellError,
  FileProblem,
  FormColumn,
  FormDefinition,
  FormReading,
  FormRow,
  FormWarning,
} from "./definition.js";
import { displayValue } from "./masking.js";

/** Rows above the header a sheet may have (the paper forms' title, a unit line, a note). */
export const HEADER_SEARCH_ROWS = 10;

/**
 * A header as written, reduced to what identifies it: no spaces or line breaks, no required-marks
 * (*姓名), ASCII brackets and no trailing colon, so "公民身份号码 *" and "月薪要求(元)" match.
 */
export function headerKey(header: string): string {
  return halfWidth(header)
    .replace(/[\s*:]/g, "")
    .replace(/[【[]/g, "(")
    .replace(/[】\]]/g, ")")
    .toLowerCase();
}

/** A B … Z AA AB: how a spreadsheet names the column at `index` (0-based). */
export function columnLetter(index: number): string {
  let letter = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    letter = String.fromCharCode(65 + ((n - 1) % 26)) + letter;
  }
  return letter;
}

const columnIndex = (form: FormDefinition): ReadonlyMap<string, FormColumn> => {
  const byKey = new Map<string, FormColumn>();
  for (const column of form.columns) {
    for (const header of [column.header, ...(column.aliases ?? [])]) {
      const key = headerKey(header);
      if (byKey.has(key)) throw new Error(`form ${form.id}: header ${header} names two columns`);
      byKey.set(key, column);
    }
  }
  return byKey;
};

const indexes = new WeakMap<FormDefinition, ReadonlyMap<string, FormColumn>>();

/** The column a header names in `form`, by its header or an alias. */
export function columnOfHeader(form: FormDefinition, header: string): FormColumn | undefined {
  let index = indexes.get(form);
  if (!index) {
    index = columnIndex(form);
    indexes.set(form, index);
  }
  return index.get(headerKey(header));
}

/** Where each of the form's columns is in the sheet. */
export interface SheetLayout {
  headerRow: number;
  columns: ReadonlyArray<{ index: number; column: FormColumn }>;
  warnings: FormWarning[];
}

/**
 * Finds the header among the first rows: the row naming most of the form's columns (at least two).
 * A required column missing, or one column named twice, refuses the whole file.
 */
export function layoutOf(
  form: FormDefinition,
  rows: readonly SheetRow[],
): { ok: true; layout: SheetLayout } | { ok: false; problem: FileProblem } {
  let best: { row: SheetRow; matched: number } | undefined;
  for (const row of rows.slice(0, HEADER_SEARCH_ROWS)) {
    const matched = row.cells.filter((c) => typeof c === "string" && columnOfHeader(form, c)).length;
    if (matched > (best?.matched ?? 1)) best = { row, matched };
  }
  if (!best) {
    const some = form.columns
      .filter((c) => c.required)
      .slice(0, 3)
      .map((c) => c.header);
    return {
      ok: false,
      problem: {
        code: "no-header",
        message: `前 ${HEADER_SEARCH_ROWS} 行中找不到《${form.title}》的表头（如 ${some.join("、")}）：请使用本表的模板，或检查是否选错了表`,
      },
    };
  }
  const headerRow = best.row.row;
  const columns: Array<{ index: number; column: FormColumn }> = [];
  const warnings: FormWarning[] = [];
  const seen = new Map<FormColumn, string>();
  for (const [index, cell] of best.row.cells.entries()) {
    if (isEmptyCell(cell)) continue;
    const header = cellText(cell);
    const column = columnOfHeader(form, header);
    if (!column) {
      warnings.push({
        row: headerRow,
        column: header,
        message: `未识别的列「${header}」（${columnLetter(index)} 列）已忽略`,
      });
      continue;
    }
    const earlier = seen.get(column);
    if (earlier !== undefined) {
      return {
        ok: false,
        problem: {
          code: "duplicate-column",
          row: headerRow,
          column: header,
          message: `第 ${headerRow} 行表头中「${earlier}」和「${header}」（${columnLetter(index)} 列）都是「${column.header}」，请只保留一列`,
        },
      };
    }
    seen.set(column, header);
    columns.push({ index, column });
  }
  const missing = form.columns.filter((c) => c.required && !seen.has(c)).map((c) => c.header);
  if (missing.length > 0) {
    return {
      ok: false,
      problem: {
        code: "missing-columns",
        row: headerRow,
        missing,
        message: `第 ${headerRow} 行表头缺少必填列：${missing.join("、")}`,
      },
    };
  }
  return { ok: true, layout: { headerRow, columns, warnings } };
}

const INDEX = /^\d+$/;

/** Sets `value` at a dot path, making the objects and arrays on the way; an object merges into one there. */
export function setAtPath(body: Body, path: string, value: unknown): void {
  const keys = path.split(".");
  let at: Record<string, unknown> = body;
  for (const [i, key] of keys.slice(0, -1).entries()) {
    at[key] ??= INDEX.test(keys[i + 1]!) ? [] : {};
    at = at[key] as Record<string, unknown>;
  }
  const last = keys.at(-1)!;
  const existing = at[last];
  at[last] = isPlainObject(value) && isPlainObject(existing) ? { ...existing, ...value } : value;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** One data row → the desk body, or every cell error of the row (a row is taken whole or not at all). */
export function rowOf(
  form: FormDefinition,
  layout: SheetLayout,
  sheetRow: SheetRow,
): { ok: true; row: FormRow } | { ok: false; errors: CellError[] } {
  const body: Body = form.skeleton?.() ?? {};
  const shown: Record<string, string> = {};
  const errors: CellError[] = [];
  const checks: Array<{ column: FormColumn; value: unknown }> = [];
  const error = (column: FormColumn, value: string, reason: string): CellError => ({
    row: sheetRow.row,
    column: column.header,
    value,
    reason,
    ...(column.path ? { path: column.path } : {}),
  });
  for (const { index, column } of layout.columns) {
    if (!column.convert) continue;
    const cell: CellValue = sheetRow.cells[index] ?? null;
    if (isEmptyCell(cell)) {
      if (column.required) errors.push(error(column, "", "必填，不能为空"));
      continue;
    }
    const value = displayValue(cellText(cell), column.personal);
    shown[column.header] = value;
    const converted = column.convert(cell);
    if (!converted.ok) {
      errors.push(error(column, value, converted.reason));
      continue;
    }
    if (column.check) checks.push({ column, value: converted.value });
    if (column.path) setAtPath(body, column.path, converted.value);
  }
  for (const { column, value } of checks) {
    const reason = column.check!(value, body);
    if (reason) errors.push(error(column, shown[column.header] ?? "", reason));
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, row: { row: sheetRow.row, kind: form.kind, body, shown } };
}

/**
 * A sheet's rows (header and title rows included) → the desk bodies of the good rows and the cell
 * errors of the others. Empty rows are skipped; more than `maxRows` data rows refuse the file.
 */
export function readSheet(
  form: FormDefinition,
  rows: readonly SheetRow[],
  { maxRows }: { maxRows: number },
): FormReading {
  const found = layoutOf(form, rows);
  if (!found.ok) return found;
  const { layout } = found;
  // A row is data when a column the form reads has something: a ledger's blank lines often keep their 序号.
  const read = layout.columns.filter((c) => c.column.convert).map((c) => c.index);
  const data = rows.filter((r) => r.row > layout.headerRow && read.some((i) => !isEmptyCell(r.cells[i])));
  if (data.length > maxRows) {
    return {
      ok: false,
      problem: {
        code: "too-many-rows",
        message: `文件有 ${data.length} 行数据，一次最多导入 ${maxRows} 行：请拆成几个文件`,
      },
    };
  }
  if (data.length === 0) {
    return {
      ok: false,
      problem: { code: "no-rows", row: layout.headerRow, message: `第 ${layout.headerRow} 行表头下没有数据` },
    };
  }
  const good: FormRow[] = [];
  const errors: CellError[] = [];
  for (const sheetRow of data) {
    const r = rowOf(form, layout, sheetRow);
    if (r.ok) good.push(r.row);
    else errors.push(...r.errors);
  }
  return {
    ok: true,
    form: form.id,
    kind: form.kind,
    rowsRead: data.length,
    rows: good,
    errors,
    warnings: layout.warnings,
  };
}
