import type { CellError, FormColumn, FormDefinition, FormRow } from "./definition.js";
import { scrubPersonalData } from "./masking.js";

/** A body field the intake refused: a zod issue or a rule's FieldError, on a row's desk body. */
export interface BodyFieldError {
  /** person.idNumber, positions.0.pay.monthlyMaxFen, or zod's array of keys; "" or "(root)": the row. */
  path: string | readonly PropertyKey[];
  message: string;
  /** zod's issue code when known (invalid_type, too_small…): gives the reason its Chinese lead. */
  code?: string;
}

const pathText = (path: BodyFieldError["path"]) =>
  (typeof path === "string" ? path : path.map(String).join(".")).replace(/^\(root\)$/, "");

const isWithin = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}.`);

/**
 * The column a body path came from: the column filling that path or the nearest object holding it
 * (an error on positions.0.pay.monthlyMaxFen is the 月薪 column, which fills positions.0.pay); for a
 * whole object (unit, when the employment form needs one) the first column filling a part of it.
 */
export function columnOfPath(form: FormDefinition, path: BodyFieldError["path"]): FormColumn | undefined {
  const at = pathText(path);
  if (at === "") return undefined;
  let best: FormColumn | undefined;
  for (const column of form.columns) {
    if (column.path && isWithin(at, column.path) && column.path.length > (best?.path?.length ?? -1)) {
      best = column;
    }
  }
  return best ?? form.columns.find((c) => c.path && isWithin(c.path, at));
}

const LEAD_OF_CODE: Readonly<Record<string, string>> = {
  invalid_type: "缺少或类型不对",
  too_small: "太小或太短",
  too_big: "太大或太长",
  invalid_format: "格式不对",
  invalid_value: "不是可选的值",
  not_multiple_of: "数值不符合要求",
  unrecognized_keys: "有不认识的字段",
};

/**
 * The rejection of one row whose body the intake refused, at the cell it came from: row, column
 * header, the value the clerk typed (masked), and why. Messages already in Chinese are kept; the
 * contract's English ones get a Chinese lead by issue code, the English kept for the detail.
 */
export function cellErrorOfField(form: FormDefinition, row: FormRow, error: BodyFieldError): CellError {
  const column = columnOfPath(form, error.path);
  const message = scrubPersonalData(error.message);
  const lead = (error.code && LEAD_OF_CODE[error.code]) ?? "不符合规则";
  const reason =
    /\p{Script=Han}/u.test(message) && !/[A-Za-z]{4}/.test(message) ? message : `${lead}（${message}）`;
  return {
    row: row.row,
    column: column?.header ?? null,
    value: column ? (row.shown[column.header] ?? "") : "",
    reason,
    ...(pathText(error.path) ? { path: pathText(error.path) } : {}),
  };
}
