import type { Database } from "@pes/sync/db";
import { OutsideAreaError } from "../../domain/index.js";
import { audit } from "../audit/record.js";
import { findPersonByIdNumber, personKeyFor } from "../persons/store.js";
import type { IntakeContext } from "./types.js";

/** What a refused request named: a record by id, or a person by the ID number a form gave. */
export type Named = { entityId: string } | { idNumber: string };

/** The refusal outside the caller's area in `e` (or its cause), if that is what `e` is. */
export function refusedOutsideArea(e: unknown): OutsideAreaError | undefined {
  const cause = (e as { cause?: unknown })?.cause;
  return e instanceof OutsideAreaError ? e : cause instanceof OutsideAreaError ? cause : undefined;
}

/**
 * Audits a refused attempt (action deny) on `db`, outside the refused transaction (or savepoint),
 * which rolled back: the record or person it named, never the ID number itself (the person key stands
 * for a person the form named).
 */
export async function auditRefusal(
  ctx: Pick<IntakeContext, "vault" | "staffId" | "purpose" | "requestId"> & { db: Database },
  entity: string,
  named: Named,
  refused: OutsideAreaError,
): Promise<void> {
  const byIdNumber = "idNumber" in named ? named.idNumber : undefined;
  const known =
    !refused.personId && byIdNumber
      ? await findPersonByIdNumber({ db: ctx.db, vault: ctx.vault }, { idNumber: byIdNumber })
      : undefined;
  await audit(ctx.db, {
    staffId: ctx.staffId,
    action: "deny",
    entity,
    entityId: byIdNumber ? personKeyFor(ctx.vault, byIdNumber) : (named as { entityId: string }).entityId,
    personId: refused.personId ?? known?.id ?? null,
    purpose: ctx.purpose,
    requestId: ctx.requestId,
  });
}
