import { DomainRuleError } from "../../domain/index.js";
import { audit } from "../audit/record.js";
import type { IntakeEntry } from "../chunk.js";
import {
  contentFingerprint,
  findByRecord,
  findBySourceRecord,
  knownSourceRecord,
  lockSourceRecord,
  rememberContent,
} from "./source-records.js";
import type {
  Applied,
  Intake,
  IntakeContext,
  IntakeKindSpec,
  IntakeOutcome,
  IntakeRecord,
  SourcedInput,
} from "./types.js";

/** How many earlier contents of a record the intake remembers, to know a re-sent history. */
const EARLIER_KEPT = 32;

/**
 * The one intake path of a record kind: every single route, PUT and batch item of the kind goes
 * through `apply` or `reviseById`, so each applies the same rules the same way.
 */
export function defineIntake<I extends SourcedInput, R extends IntakeRecord>(
  spec: IntakeKindSpec<I, R>,
): Intake<I, R> {
  const { kind } = spec;

  const applied = (outcome: IntakeOutcome, record: R, sourceRecordId: string | null): Applied<R> => ({
    outcome,
    record,
    id: record.row.id,
    revision: record.row.revision,
    sourceRecordId,
  });

  /** `current` with `input` as its content: unchanged when the fingerprint matches, revised otherwise. */
  async function settle(
    ctx: IntakeContext,
    current: R,
    known: IntakeEntry | undefined,
    input: I,
    fingerprint: string,
    replays = false,
  ): Promise<Applied<R>> {
    const sourceRecordId = known?.sourceRecordId ?? input.sourceRecordId ?? null;
    // The content it holds, or (sent again by source id) a content it held before: a history re-sent.
    const seen =
      known?.fingerprint === fingerprint || (replays && known?.earlierFingerprints.includes(fingerprint));
    if (seen) {
      // Nothing changes, but the answer shows the record (and its person) again: a read.
      if (current.person)
        await audit(ctx.db, {
          staffId: ctx.staffId,
          action: "read",
          entity: spec.entity,
          entityId: current.row.id,
          personId: current.person.id,
          purpose: ctx.purpose,
          requestId: ctx.requestId,
        });
      return applied("unchanged", current, sourceRecordId);
    }
    if (!spec.revise)
      throw new DomainRuleError(
        "not-revisable",
        `A ${kind} is not revised: this source id holds other content; give a new record its own source id`,
        { field: "sourceRecordId" },
      );
    const revised = await spec.revise(ctx, current, input);
    await rememberContent(ctx, {
      kind,
      recordId: revised.row.id,
      sourceRecordId,
      fingerprint,
      revision: revised.row.revision,
      earlierFingerprints: known
        ? [...known.earlierFingerprints.filter((f) => f !== fingerprint), known.fingerprint].slice(
            -EARLIER_KEPT,
          )
        : [],
    });
    return applied(
      revised.row.revision > current.row.revision ? "revised" : "unchanged",
      revised,
      sourceRecordId,
    );
  }

  async function create(ctx: IntakeContext, input: I, fingerprint: string): Promise<Applied<R>> {
    const record = await spec.create(ctx, input);
    const sourceRecordId = input.sourceRecordId ?? null;
    await rememberContent(ctx, {
      kind,
      recordId: record.row.id,
      sourceRecordId,
      fingerprint,
      revision: record.row.revision,
      earlierFingerprints: [],
    });
    return applied("created", record, sourceRecordId);
  }

  return {
    ...spec,

    async apply(ctx, input) {
      const fingerprint = contentFingerprint(ctx.vault, kind, input);
      const { sourceRecordId } = input;
      if (sourceRecordId === undefined) return create(ctx, input, fingerprint);
      const known = await knownSourceRecord(ctx, kind, sourceRecordId);
      if (!known) return create(ctx, input, fingerprint);
      return settle(ctx, await spec.load(ctx, known.recordId), known, input, fingerprint, true);
    },

    async reviseById(ctx, id, input, options = {}) {
      const current = await spec.load(ctx, id);
      if (options.expectedRevision !== undefined && options.expectedRevision !== current.row.revision)
        throw new DomainRuleError(
          "revision-conflict",
          `The record is at revision ${current.row.revision}, not ${options.expectedRevision}: read it again and revise that`,
          { kind: "conflict", field: "If-Match" },
        );
      const known = await findByRecord(ctx.db, kind, id);
      const { sourceRecordId } = input;
      if (sourceRecordId !== undefined && known?.sourceRecordId !== sourceRecordId) {
        if (known?.sourceRecordId)
          throw new DomainRuleError(
            "source-record-id-fixed",
            `The record's source id is ${known.sourceRecordId}; a source id, once given, stays`,
            { field: "sourceRecordId" },
          );
        await lockSourceRecord(ctx.db, kind, sourceRecordId);
        const other = await findBySourceRecord(ctx.db, kind, sourceRecordId);
        if (other)
          throw new DomainRuleError(
            "source-record-id-taken",
            `The source id ${sourceRecordId} is another ${kind}'s`,
            { kind: "conflict", field: "sourceRecordId" },
          );
      }
      return settle(ctx, current, known, input, contentFingerprint(ctx.vault, kind, input));
    },
  };
}
