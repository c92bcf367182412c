import { maskMobile, maskName, maskResidentId } from "@pes/schemas";

/** The personal data a column may hold (BRIEF §10): shown masked in every error and report. */
export type PersonalKind = "idNumber" | "name" | "phone";

// An ID number or a mobile inside any other text (a résumé, a note, a reason quoting a value).
const ID_IN_TEXT = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
const MOBILE_IN_TEXT = /(?<!\d)1[3-9]\d{9}(?!\d)/g;
const LONGEST_VALUE = 100;

/** Masks what `kind` says the value is, as the node's screens do (陈**, 3502**********105X, 138****1234). */
export function maskPersonal(kind: PersonalKind, value: string): string {
  if (value === "") return "";
  switch (kind) {
    case "idNumber":
      return maskResidentId(value.replace(/\s/g, ""));
    case "name":
      return maskName(value);
    case "phone":
      return maskMobile(value);
  }
}

/** Masks any ID number or mobile found in free text; the other words stay readable. */
export function scrubPersonalData(text: string): string {
  return text.replace(ID_IN_TEXT, (id) => maskResidentId(id)).replace(MOBILE_IN_TEXT, (m) => maskMobile(m));
}

/** The value of a cell as an error or report may show it: masked, scrubbed and cut to a readable length. */
export function displayValue(value: string, kind?: PersonalKind): string {
  const shown = scrubPersonalData(kind ? maskPersonal(kind, value) : value);
  return shown.length > LONGEST_VALUE ? `${shown.slice(0, LONGEST_VALUE)}…` : shown;
}
