import type { FormDefinition, FormId } from "./definition.js";
import { EMPLOYMENT_FORM } from "./definitions/employment.js";
import { JOB_SEEKER_FORM } from "./definitions/job-seeker.js";
import { KEY_GROUP_FORM } from "./definitions/key-group.js";
import { LAYOFF_REPORT_FORM } from "./definitions/layoff-report.js";
import { SERVICE_RECORD_FORM } from "./definitions/service-record.js";
import { TRAINING_FORM } from "./definitions/training.js";
import { UNEMPLOYMENT_FORM } from "./definitions/unemployment.js";
import { VACANCY_FORM } from "./definitions/vacancy.js";

export * from "./cells.js";
export * from "./definition.js";
export * from "./field-errors.js";
export * from "./masking.js";
export * from "./sheet.js";

/** The forms a bureau may upload, by id. */
export const FORMS: Readonly<Record<FormId, FormDefinition>> = {
  "job-seeker-registration": JOB_SEEKER_FORM,
  "vacancy-registration": VACANCY_FORM,
  "enterprise-layoff-report": LAYOFF_REPORT_FORM,
  "unemployment-application": UNEMPLOYMENT_FORM,
  "employment-registration": EMPLOYMENT_FORM,
  "key-group-membership": KEY_GROUP_FORM,
  "service-record": SERVICE_RECORD_FORM,
  "training-record": TRAINING_FORM,
};

export const FORM_IDS = Object.keys(FORMS) as FormId[];

export function isFormId(id: string): id is FormId {
  return Object.hasOwn(FORMS, id);
}
