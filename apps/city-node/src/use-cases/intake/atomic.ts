import { auditDenied, auditedRefusalIn, auditRefusal, type Named, refusedOutsideArea } from "./refusals.js";
import type { IntakeContext } from "./types.js";

/**
 * Runs `body` whole or not at all: in a transaction of its own when ctx.db is the database (a single
 * request), in a savepoint when it is a transaction already (a batch item: the batch goes on after a
 * refused item). A refusal the audit keeps — a person or record outside the caller's area (404, for
 * the `named` record or person), or an AuditedRefusal (403) — is audited as `deny` on ctx.db after the
 * change rolled back; the error goes on to the caller, unchanged.
 */
export async function atomically<T>(
  ctx: IntakeContext,
  refusal: { entity: string; named?: Named | undefined },
  body: (ctx: IntakeContext) => Promise<T>,
): Promise<T> {
  try {
    return await ctx.db.transaction((tx) => body({ ...ctx, db: tx }));
  } catch (e) {
    const outside = refusedOutsideArea(e);
    if (outside && refusal.named) await auditRefusal(ctx, refusal.entity, refusal.named, outside);
    const denied = auditedRefusalIn(e);
    if (denied) await auditDenied(ctx, denied);
    throw e;
  }
}
