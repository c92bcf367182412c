import { parse } from "csv-parse/sync";
import {
  columnLetter,
  type FileProblem,
  type FormDefinition,
  layoutOf,
  type SheetRow,
} from "../../domain/forms/index.js";

const BOM = [0xef, 0xbb, 0xbf];

/**
 * The rows of a CSV file in UTF-8 (with or without a byte-order mark). A file in another encoding —
 * GBK from Excel's 「CSV（逗号分隔）」 on a Chinese Windows — is refused at its first byte that is not
 * UTF-8, by row and column (and the column's header when `form` finds it above), rather than read
 * as mojibake that would fail every cell.
 */
export function csvRows(
  bytes: Uint8Array,
  form?: FormDefinition,
): { ok: true; rows: SheetRow[] } | { ok: false; problem: FileProblem } {
  const body = BOM.every((b, i) => bytes[i] === b) ? bytes.subarray(BOM.length) : bytes;
  const bad = firstInvalidUtf8(body);
  if (bad >= 0) return { ok: false, problem: notUtf8(new TextDecoder().decode(body.subarray(0, bad)), form) };
  const text = new TextDecoder().decode(body);
  const read = parseCsv(text);
  if (read.ok) return read;
  const lines = read.lines;
  return {
    ok: false,
    problem: {
      code: "unreadable-csv",
      ...(lines ? { row: lines } : {}),
      message: `CSV 文件${lines ? `第 ${lines} 行附近` : ""}格式有误（多半是引号没有成对）：请用 Excel 打开检查后另存为「CSV UTF-8（逗号分隔）」`,
    },
  };
}

function parseCsv(text: string): { ok: true; rows: SheetRow[] } | { ok: false; lines?: number } {
  try {
    const records: string[][] = parse(text, {
      delimiter: delimiterOf(text),
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
    });
    // Excel shows record n as row n, a quoted line break inside a cell included.
    return { ok: true, rows: records.map((cells, i) => ({ row: i + 1, cells })) };
  } catch (e) {
    return { ok: false, lines: (e as { lines?: number }).lines };
  }
}

/** Where the text that is not UTF-8 starts, after the well-formed `prefix`; its header when the rows above have it. */
function notUtf8(prefix: string, form: FormDefinition | undefined): FileProblem {
  const { row, column, rowStart } = positionAt(prefix, delimiterOf(prefix));
  const letter = columnLetter(column);
  const above = row > 1 && form ? parseCsv(prefix.slice(0, rowStart)) : undefined;
  const found = above?.ok && form ? layoutOf(form, above.rows) : undefined;
  const header = found?.ok ? found.layout.columns.find((c) => c.index === column)?.column.header : undefined;
  return {
    code: "not-utf-8",
    row,
    column: header ?? letter,
    message:
      `文件不是 UTF-8 编码：第 ${row} 行第 ${letter} 列${header ? `（${header}）` : ""}起的文字无法识别，` +
      "多半是 Excel「CSV（逗号分隔）」保存的 GBK 编码。请在 Excel 中「另存为」→「CSV UTF-8（逗号分隔）」后重新上传，或直接上传 .xlsx 文件",
  };
}

/** Tab-separated when the first line has tabs and no commas; otherwise Excel's comma. */
function delimiterOf(text: string): string {
  const first = text.slice(0, text.search(/\r?\n|$/));
  return first.includes("\t") && !first.includes(",") ? "\t" : ",";
}

/** The offset of the first byte that does not start or continue a well-formed UTF-8 sequence; -1 if none. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return -1;
  } catch {
    // Found below, byte by byte; only a refused file pays for this.
  }
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const [length, low, high] = sequenceOf(b);
    if (length === 0 || i + length > bytes.length) return i;
    const second = bytes[i + 1]!;
    if (second < low || second > high) return i;
    for (let k = 2; k < length; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    i += length;
  }
  return -1;
}

/**
 * The length of the UTF-8 sequence lead byte `b` starts and the range its second byte must lie in
 * (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF); length 0 when `b` leads none.
 */
function sequenceOf(b: number): readonly [number, number, number] {
  if (b >= 0xc2 && b <= 0xdf) return [2, 0x80, 0xbf];
  if (b === 0xe0) return [3, 0xa0, 0xbf];
  if (b === 0xed) return [3, 0x80, 0x9f];
  if (b >= 0xe1 && b <= 0xef) return [3, 0x80, 0xbf];
  if (b === 0xf0) return [4, 0x90, 0xbf];
  if (b >= 0xf1 && b <= 0xf3) return [4, 0x80, 0xbf];
  if (b === 0xf4) return [4, 0x80, 0x8f];
  return [0, 0, 0];
}

/**
 * The row (1-based) and column (0-based) a CSV text ends in, where the next character would be, and
 * the offset its row starts at.
 */
function positionAt(prefix: string, delimiter: string): { row: number; column: number; rowStart: number } {
  let row = 1;
  let column = 0;
  let rowStart = 0;
  let quoted = false;
  for (let i = 0; i < prefix.length; i++) {
    const c = prefix[i];
    if (c === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (c === delimiter) column++;
    else if (c === "\n" || (c === "\r" && prefix[i + 1] !== "\n")) {
      row++;
      column = 0;
      rowStart = i + 1;
    }
  }
  return { row, column, rowStart };
}
