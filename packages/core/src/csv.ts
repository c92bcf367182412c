import { stringify } from "csv-stringify/sync";

/** One cell: text, a number (written as is), or nothing (an empty cell). */
export type CsvCell = string | number | null | undefined;

/**
 * What a spreadsheet would take for a formula (or, with tab and CR, the start of one once it trims
 * them): = + - @ first. A number cannot carry one, so only text is guarded.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Text a spreadsheet shows as typed: a leading ' when it would otherwise run it as a formula (OWASP CSV injection). */
export const guardFormula = (text: string): string => (FORMULA_START.test(text) ? `'${text}` : text);

/**
 * The one CSV writer of the platform: RFC 4180 (csv-stringify: fields with a comma, quote or line
 * break quoted, quotes doubled), CRLF after every record, every text cell guarded against formulas.
 * `bom` puts a UTF-8 byte-order mark first, so Excel reads Chinese text as UTF-8 rather than GBK.
 */
export function toCsv(
  rows: readonly (readonly CsvCell[])[],
  { bom = false }: { bom?: boolean } = {},
): string {
  const cells = rows.map((row) =>
    row.map((cell) => (typeof cell === "string" ? guardFormula(cell) : (cell ?? ""))),
  );
  // csv-stringify quotes a field holding the record delimiter (CRLF) but not a lone LF or CR, which
  // readers take for a row's end: quoted_match quotes those too.
  return stringify(cells, { bom, record_delimiter: "windows", quoted_match: /[\r\n]/ });
}
