import { randomUUID } from "node:crypto";
import { canonicalJson } from "@pes/core";
import type { DefinedRecord } from "@pes/schemas";
import { DomainRuleError } from "../../domain/index.js";
import { type AuditEntry, audit } from "../audit/record.js";
import type { UseCaseContext } from "../context.js";
import { type PersonRow, personRefOf } from "../persons/store.js";

/** A record about a person, as the desk gives it: the person, the record's fields, the person's district. */
export interface PersonRecordInput<R> {
  person: PersonRow;
  record: R;
  districtCode?: string | undefined;
}

/** The fields the node fills in on the first revision of a record. */
export function firstRevision(ctx: Pick<UseCaseContext, "cityCode">, districtCode?: string) {
  return {
    id: randomUUID(),
    revision: 1,
    cityCode: ctx.cityCode,
    ...(districtCode ? { districtCode } : {}),
    recordedAt: new Date().toISOString(),
  };
}

/**
 * Validates a person record against the contract (refinements included) with the person's ref, and
 * returns what the ledger keeps: the record without the person. A ZodError here is a 400 and rolls
 * the transaction back.
 */
export function checkedPersonRecord<D extends DefinedRecord>(
  definition: D,
  ctx: Pick<UseCaseContext, "vault">,
  person: PersonRow,
  fields: Record<string, unknown>,
) {
  const { person: _, ...data } = definition.schema.parse({
    ...fields,
    person: personRefOf(person, ctx.vault),
  }) as Record<string, unknown>;
  return data as { id: string; revision: number } & Record<string, unknown>;
}

/** Publishes a person record through the outbox and audits the change, in the caller's transaction. */
export async function publishPersonRecord(
  ctx: UseCaseContext,
  definition: DefinedRecord,
  person: PersonRow,
  data: { id: string } & Record<string, unknown>,
  change: Pick<AuditEntry, "action" | "entity">,
) {
  await ctx.publisher.publish(ctx.db, definition, { ...data, person: personRefOf(person, ctx.vault) });
  await audit(ctx.db, {
    ...change,
    staffId: ctx.staffId,
    entityId: data.id,
    personId: person.id,
    purpose: ctx.purpose,
    requestId: ctx.requestId,
  });
}

/** The fields the node fills in on the next revision of a record: the same id, revision n+1. */
export const nextRevision = (row: { revision: number }) => ({
  revision: row.revision + 1,
  recordedAt: new Date().toISOString(),
});

/** A change a revision may not make: 422 at the field, with the reason. */
export function notRevisable(field: string, message: string): DomainRuleError {
  return new DomainRuleError("revision-not-allowed", message, { field });
}

/**
 * Whether a revision leaves what is published as it was: the record's data (its revision and
 * recordedAt aside) and, for a person record, the person as the contract carries them (a corrected
 * name is a change).
 */
export function sameContent(
  ctx: Pick<UseCaseContext, "vault">,
  before: { data: unknown; person?: PersonRow | undefined },
  after: { data: unknown; person?: PersonRow | undefined },
): boolean {
  const strip = (d: unknown) => {
    const { revision: _r, recordedAt: _t, ...rest } = d as Record<string, unknown>;
    return rest;
  };
  const ref = (p?: PersonRow) => (p ? personRefOf(p, ctx.vault) : null);
  return (
    canonicalJson(strip(before.data)) === canonicalJson(strip(after.data)) &&
    canonicalJson(ref(before.person)) === canonicalJson(ref(after.person))
  );
}
