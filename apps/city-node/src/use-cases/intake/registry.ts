import { difficultyIntake } from "./kinds/difficulty.js";
import { employmentIntake } from "./kinds/employment.js";
import { jobSeekerIntake } from "./kinds/job-seeker.js";
import { keyGroupIntake } from "./kinds/key-groups.js";
import { layoffReportIntake } from "./kinds/layoff-report.js";
import { ratingIntake, serviceRecordIntake } from "./kinds/services.js";
import { trainingIntake } from "./kinds/training.js";
import { transferIntake } from "./kinds/transfer.js";
import { unemploymentIntake } from "./kinds/unemployment.js";
import { vacancyIntake } from "./kinds/vacancy.js";
import { familyIntake } from "./kinds/zero-employment.js";
import type { Intake } from "./types.js";

/**
 * Every record kind the node takes in, by its kind: the single routes (POST, PUT) and a batch item
 * dispatch to exactly this. An entry's `input` is the desk's zod schema (a batch item's record is
 * parsed with it), `apply(ctx, input)` takes it in (sourceRecordId in the input: new record, unchanged
 * or new revision), `reviseById(ctx, id, input)` revises by id; both run in ctx.db, a transaction or
 * a batch item's savepoint that the caller opens and rolls back on error.
 */
export const intakeKinds = {
  "unemployment-registration": unemploymentIntake,
  "employment-registration": employmentIntake,
  "job-seeker-registration": jobSeekerIntake,
  "vacancy-registration": vacancyIntake,
  "enterprise-layoff-report": layoffReportIntake,
  "key-group-membership": keyGroupIntake,
  "difficulty-recognition": difficultyIntake,
  "zero-employment-family": familyIntake,
  "person-transfer": transferIntake,
  "service-record": serviceRecordIntake,
  "training-record": trainingIntake,
  "service-rating": ratingIntake,
} as const;

export type IntakeKindName = keyof typeof intakeKinds;

/** The intake of `kind`, its input and record types erased: what a batch dispatches an item to. */
export const intakeOf = (kind: IntakeKindName): Intake => intakeKinds[kind];

/** Whether `kind` names a kind of the intake (a batch item's `kind`, as sent). */
export const isIntakeKind = (kind: unknown): kind is IntakeKindName =>
  typeof kind === "string" && Object.hasOwn(intakeKinds, kind);
export const INTAKE_KINDS = Object.keys(intakeKinds) as IntakeKindName[];
