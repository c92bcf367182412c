import { trainingIntake } from "./kinds/training.js";

/**
 * Every record kind the node takes in, by its kind: the single routes (POST, PUT) and a batch item
 * dispatch to exactly this. An entry's `input` is the desk's zod schema (a batch item's record is
 * parsed with it), `apply(ctx, input)` takes it in (sourceRecordId in the input: new record, unchanged
 * or new revision), `reviseById(ctx, id, input)` revises by id; both run in ctx.db, a transaction or
 * a batch item's savepoint that the caller opens and rolls back on error.
 */
export const intakeKinds = {
  "training-record": trainingIntake,
} as const;

export type IntakeKindName = keyof typeof intakeKinds;
export const INTAKE_KINDS = Object.keys(intakeKinds) as IntakeKindName[];
