import type { Converter } from "./cells.js";
import type { LabelList } from "./labels.js";
import type { PersonalKind } from "./masking.js";

/** A desk body under construction: plain objects and arrays, as the route's JSON body would be. */
export type Body = Record<string, unknown>;

/** One column of a form: its Chinese header, where its value goes in the desk body and how it is read. */
export interface FormColumn {
  /** The header as the paper form and the template write it. */
  header: string;
  /** Other headers bureaus use for the same column (身份证号 for 公民身份号码). */
  aliases?: readonly string[];
  required?: boolean;
  /**
   * Where the value goes in the desk's POST body, dot-separated (person.idNumber, positions.0.title).
   * An object value (a range such as 月薪 4000-6000) is merged into the object there. null: the
   * column is read only to be checked (性别 against the ID number) or not at all (年龄).
   */
  path: string | null;
  /** Absent: a column of the paper form the node does not import; it is ignored without a warning. */
  convert?: Converter;
  /** A check against the rest of the row once every cell converted; a reason in Chinese when it fails. */
  check?: (value: unknown, body: Body) => string | undefined;
  /** How to fill it in, for the template's explanation sheet. */
  format: string;
  labels?: LabelList;
  /** The template's example cell. */
  example: string;
  /** Personal data: masked wherever a value of this column is shown. */
  personal?: PersonalKind;
  /** Formatted as text in the template, so Excel keeps every digit of an ID number or a code. */
  asText?: boolean;
}

export type FormId =
  | "job-seeker-registration"
  | "vacancy-registration"
  | "enterprise-layoff-report"
  | "unemployment-application"
  | "employment-registration"
  | "key-group-membership"
  | "service-record"
  | "training-record";

export interface FormDefinition {
  id: FormId;
  /** The form's name, which is also the sheet a workbook may hold it in: 求职登记表. */
  title: string;
  /** The record kind each row becomes; its intake takes the desk's POST body. */
  kind: string;
  columns: readonly FormColumn[];
  /** The body every row starts from: objects the desk body requires even when no column fills them. */
  skeleton?: () => Body;
}

/** A row read whole: the desk body it gives. */
export interface FormRow {
  /** The spreadsheet row number. */
  row: number;
  kind: string;
  body: Body;
  /** What each filled column held, keyed by the form's header, masked: what an error on it may show. */
  shown: Readonly<Record<string, string>>;
}

/** Why one cell (or a whole row, column null) cannot be taken; `value` is already masked. */
export interface CellError {
  row: number;
  column: string | null;
  value: string;
  reason: string;
  /** The body path the column fills, when the error came from one. */
  path?: string;
}

export interface FormWarning {
  row?: number;
  column?: string;
  message: string;
}

export type FileProblemCode =
  | "too-large"
  | "not-a-spreadsheet"
  | "xls-not-supported"
  | "not-utf-8"
  | "unreadable-xlsx"
  | "unreadable-csv"
  | "no-sheet"
  | "no-header"
  | "missing-columns"
  | "duplicate-column"
  | "too-many-rows"
  | "no-rows";

/** Why a whole file is refused: nothing of it is taken. The message is Chinese, for the clerk. */
export interface FileProblem {
  code: FileProblemCode;
  message: string;
  row?: number;
  /** The column's header when known, else its letter (A, B…). */
  column?: string;
  /** missing-columns: the required headers not found. */
  missing?: string[];
}

export type FormReading =
  | {
      ok: true;
      form: FormId;
      kind: string;
      /** Non-empty rows under the header: rows.length plus the rows with errors. */
      rowsRead: number;
      rows: FormRow[];
      errors: CellError[];
      warnings: FormWarning[];
    }
  | { ok: false; problem: FileProblem };
