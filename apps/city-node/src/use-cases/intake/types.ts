import type { z } from "zod";
import type { StaffScope } from "../../domain/index.js";
import type { UseCaseContext } from "../context.js";
import type { PersonRow } from "../persons/store.js";

/** The staff member who hands a record in: their area decides whom they may write about. */
export interface IntakeCaller extends StaffScope {
  staffId: string;
  /** Their service point: the default of a form's servicePointId. */
  servicePointId: string | null;
}

/**
 * What an intake runs with: a use case's context (`db` is the transaction, or the savepoint of a
 * batch item, the whole change runs in) and the caller.
 */
export interface IntakeContext extends UseCaseContext {
  caller: IntakeCaller;
}

/** A record as the intake hands it back: its ledger row and the person it is about (none for a vacancy). */
export interface IntakeRecord<Row extends LedgerRow = LedgerRow> {
  row: Row;
  person?: PersonRow | undefined;
}

/** What every ledger row has. */
export interface LedgerRow {
  id: string;
  revision: number;
}

/** Every desk input may name the city system's own id of the record. */
export interface SourcedInput {
  sourceRecordId?: string | undefined;
}

/**
 * created: a new record (revision 1); revised: a new revision of the record, published; unchanged:
 * the record already holds this content, nothing was written or published.
 */
export type IntakeOutcome = "created" | "revised" | "unchanged";

export interface Applied<R extends IntakeRecord = IntakeRecord> {
  outcome: IntakeOutcome;
  record: R;
  /** The record's id and revision after the intake. */
  id: string;
  revision: number;
  /** The city system's id of the record, when it has one. */
  sourceRecordId: string | null;
}

/**
 * One record kind as the node takes it in: its desk input and how a record of it is created, found
 * and revised, under the rules of the desk. `defineIntake` turns it into an Intake (apply, reviseById).
 */
export interface IntakeKindSpec<I extends SourcedInput, R extends IntakeRecord> {
  /** The kind, as the contract names the record (training-record…): with the source id, the key of intake_records. */
  kind: string;
  /** What the audit log calls it. */
  entity: string;
  /** The desk's input: the body of POST (and PUT) /v1/<records>, a batch item's record. */
  input: z.ZodType<I>;
  /** The person the input names by ID number, for the audit of a refusal outside the caller's area. */
  names?(input: I): { idNumber: string } | undefined;
  /** Creates the record (revision 1): every rule of the desk, the person admitted, published, audited. */
  create(ctx: IntakeContext, input: I): Promise<R>;
  /** The record `id`, locked for the change; 404 when unknown or outside the caller's area (OutsideAreaError). */
  load(ctx: IntakeContext, id: string): Promise<R>;
  /**
   * The record with `input` as its new content: the rules of creation, and which changes its life
   * allows (422 at the field otherwise). Publishes revision n+1; when the record's content does not
   * change, returns `current` untouched. Absent: the kind is not revised (a transfer).
   */
  revise?(ctx: IntakeContext, current: R, input: I): Promise<R>;
}

/** A kind ready for the routes and batches: the spec, plus the one intake path of that kind. */
export interface Intake<I extends SourcedInput = SourcedInput, R extends IntakeRecord = IntakeRecord>
  extends IntakeKindSpec<I, R> {
  /**
   * Takes `input` in: without a sourceRecordId, a new record; with one the node knows, the same
   * content again is `unchanged` (nothing written) and other content a new revision of that record;
   * with a new one, a new record remembered under it. Runs in ctx.db, which the caller opens (a
   * transaction, or a batch item's savepoint) and rolls back on any error.
   */
  apply(ctx: IntakeContext, input: I): Promise<Applied<R>>;
  /**
   * Revises the record `id` (PUT): 404 when unknown or outside the caller's area; 409 when
   * `expectedRevision` is given and the record is at another; the same content again is `unchanged`.
   */
  reviseById(
    ctx: IntakeContext,
    id: string,
    input: I,
    options?: { expectedRevision?: number | undefined },
  ): Promise<Applied<R>>;
}
