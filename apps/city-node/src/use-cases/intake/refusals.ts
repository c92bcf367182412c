import type { Database } from "@pes/sync/db";
import { DomainRuleError, OutsideAreaError } from "../../domain/index.js";
import { audit } from "../audit/record.js";
import { findPersonByIdNumber, personKeyFor } from "../persons/store.js";
import type { IntakeContext } from "./types.js";

/** What a refused request named: a record by id, or a person by the ID number a form gave. */
export type Named = { entityId: string } | { idNumber: string };

/**
 * A refusal (403) the audit log keeps as `deny`, written after the refused change rolled back: the
 * entity and id it names (a person key for a person named by ID number) and why the caller acted.
 */
export class AuditedRefusal extends DomainRuleError {
  constructor(
    code: string,
    message: string,
    readonly denied: { entity: string; entityId: string; purpose?: string | null },
  ) {
    super(code, message, { kind: "forbidden" });
  }
}

/** The audited refusal in `e` (or its cause), if that is what `e` is. */
export function auditedRefusalIn(e: unknown): AuditedRefusal | undefined {
  const cause = (e as { cause?: unknown })?.cause;
  return e instanceof AuditedRefusal ? e : cause instanceof AuditedRefusal ? cause : undefined;
}

/** Audits an AuditedRefusal (deny) on `db`, outside the refused transaction (or savepoint). */
export async function auditDenied(
  ctx: Pick<IntakeContext, "staffId" | "purpose" | "requestId"> & { db: Database },
  refusal: AuditedRefusal,
): Promise<void> {
  const { denied } = refusal;
  await audit(ctx.db, {
    staffId: ctx.staffId,
    action: "deny",
    entity: denied.entity,
    entityId: denied.entityId,
    purpose: denied.purpose === undefined ? ctx.purpose : denied.purpose,
    requestId: ctx.requestId,
  });
}

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
