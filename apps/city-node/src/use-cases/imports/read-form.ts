import {
  FORMS,
  type FormDefinition,
  type FormId,
  type FormReading,
  readSheet,
} from "../../domain/forms/index.js";
import { csvRows } from "./csv.js";
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from "./limits.js";
import { sniffFormat } from "./sniff.js";
import { xlsxRows } from "./xlsx.js";

export interface ReadFormOptions {
  form: FormId | FormDefinition;
  /** For the job's record only: the format is told by the content, never by the name or type. */
  fileName?: string;
  contentType?: string;
  maxRows?: number;
  maxBytes?: number;
  maxUnpackedBytes?: number;
}

/**
 * A bureau's CSV or XLSX file in the columns of one form → a desk body per good row and the cell
 * errors of the others, or why the whole file is refused (too large, not CSV/XLSX, not UTF-8, no
 * header, a required column missing, too many rows). Nothing is written: the rows go to the intake.
 */
export async function readForm(bytes: Uint8Array, options: ReadFormOptions): Promise<FormReading> {
  const form = typeof options.form === "string" ? FORMS[options.form] : options.form;
  const maxBytes = options.maxBytes ?? MAX_IMPORT_BYTES;
  if (bytes.byteLength > maxBytes) {
    return {
      ok: false,
      problem: {
        code: "too-large",
        message: `文件大小超过上限 ${Math.round(maxBytes / 1024 / 1024)} MB：请拆成几个文件`,
      },
    };
  }
  const sniffed = sniffFormat(bytes);
  if (!sniffed.ok) return sniffed;
  const read = sniffed.format === "xlsx" ? await xlsxRows(bytes, form, options) : csvRows(bytes, form);
  if (!read.ok) return read;
  return readSheet(form, read.rows, { maxRows: options.maxRows ?? MAX_IMPORT_ROWS });
}
