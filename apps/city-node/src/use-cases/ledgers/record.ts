import { randomUUID } from "node:crypto";
import type { DefinedRecord } from "@pes/schemas";
import type { Database } from "@pes/sync/db";
import { type AuditEntry, audit } from "../audit/record.js";
import { type PersonRow, personRefOf } from "../persons/store.js";
import type { LedgerContext } from "./context.js";

/** The fields the node fills in on the first revision of a record. */
export function firstRevision(ctx: LedgerContext, districtCode?: string) {
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
  ctx: LedgerContext,
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
  tx: Database,
  ctx: LedgerContext,
  definition: DefinedRecord,
  person: PersonRow,
  data: { id: string } & Record<string, unknown>,
  change: Pick<AuditEntry, "action" | "entity">,
) {
  await ctx.publisher.publish(tx, definition, { ...data, person: personRefOf(person, ctx.vault) });
  await audit(tx, {
    ...change,
    staffId: ctx.staffId,
    entityId: data.id,
    personId: person.id,
    purpose: ctx.purpose,
    requestId: ctx.requestId,
  });
}
